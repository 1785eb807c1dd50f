import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createCA, issueClientCert, issueServingCert } from '../../pki/certs.js';
import { agentTarget, proxyHttp, proxyUpgrade } from './proxy.js';
import type { ApiError } from '../../machinery/errors.js';

async function fixture() {
  const ca = await createCA('test-ca', { days: 1 });
  const serving = await issueServingCert(ca, { dns: ['localhost'], ips: ['127.0.0.1'], days: 1 });
  const client = await issueClientCert(ca, { cn: 'kube-apiserver-kubelet-client', orgs: ['system:masters'], days: 1 });
  const seen: { path?: string; auth?: string; cn?: string | string[] } = {};
  const agent = https.createServer({ key: serving.keyPem, cert: serving.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    seen.path = req.url; seen.auth = req.headers.authorization as string | undefined;
    seen.cn = (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('line 1\n');
    setTimeout(() => res.end('line 2\n'), 20);
  });
  agent.on('upgrade', (req, socket) => {
    seen.path = req.url;
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d: Buffer) => socket.write(Buffer.concat([Buffer.from('echo:'), d])));
  });
  await new Promise<void>((r) => agent.listen(0, '127.0.0.1', r));
  const creds = { ca: ca.certPem, cert: client.certPem, key: client.keyPem };
  const target = { host: '127.0.0.1', port: (agent.address() as AddressInfo).port };
  return { agent, creds, target, seen };
}

test('agentTarget reads InternalIP and the kubelet endpoint port', () => {
  assert.deepEqual(agentTarget({ metadata: { name: 'n' }, status: { addresses: [{ type: 'Hostname', address: 'h' }, { type: 'InternalIP', address: '10.0.0.2' }], daemonEndpoints: { kubeletEndpoint: { Port: 12345 } } } }), { host: '10.0.0.2', port: 12345 });
  assert.throws(() => agentTarget({ metadata: { name: 'n' }, status: {} }), /node "n" has no address/);
});

test('logs are streamed through with the API server client certificate and without the user credentials', async () => {
  const f = await fixture();
  const front = http.createServer((req, res) => { void proxyHttp(req, res, f.target, '/containerLogs/ns/p/c?follow=true', f.creds); });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const body = await new Promise<string>((resolve) => {
    http.get({ port: (front.address() as AddressInfo).port, host: '127.0.0.1', path: '/x', headers: { Authorization: 'Bearer user-secret' } }, (res) => {
      let s = ''; res.on('data', (c: Buffer) => { s += c; }); res.on('end', () => resolve(s));
    });
  });
  assert.equal(body, 'line 1\nline 2\n');
  assert.equal(f.seen.path, '/containerLogs/ns/p/c?follow=true');
  assert.equal(f.seen.auth, undefined);
  assert.equal(f.seen.cn, 'kube-apiserver-kubelet-client');
  front.close(); f.agent.close();
});

test('upgrades are spliced byte for byte; a dial failure becomes an error Status', async () => {
  const f = await fixture();
  const front = http.createServer();
  let failure: ApiError | undefined;
  let target = f.target;
  front.on('upgrade', (req, socket, head) => proxyUpgrade(req, socket, head, target, '/exec/ns/p/c?command=sh', f.creds, (e) => { failure = e; socket.destroy(); }));
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const port = (front.address() as AddressInfo).port;
  const got = await new Promise<string>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n'));
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\r\n\r\n') && !buf.includes('echo:')) s.write('ping');
      if (buf.includes('echo:ping')) { s.destroy(); resolve(buf); }
    });
  });
  assert.match(got, /^HTTP\/1\.1 101 Switching Protocols/);
  assert.equal(f.seen.path, '/exec/ns/p/c?command=sh');
  f.agent.close();
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  target = { host: '127.0.0.1', port: (closed.address() as AddressInfo).port };
  closed.close();
  await new Promise<void>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n'));
    s.on('close', () => resolve());
  });
  assert.equal(failure?.code, 500);
  assert.match(failure!.message, /^error dialing backend: dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/);
  front.close();
});
