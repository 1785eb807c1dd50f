import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Container } from 'kubernetes-types/core/v1.js';
import { resolvePort, runProbe } from './probe-run.js';

const container = (port: number): Container => ({ name: 'web', ports: [{ name: 'http', containerPort: port }] });

test('resolvePort: numbers, numeric strings, names', () => {
  const c = container(8080);
  const cases: [number | string | undefined, number | undefined][] = [[80, 80], ['81', 81], ['http', 8080], ['nope', undefined], [0, undefined], [70000, undefined], [undefined, undefined]];
  for (const [p, want] of cases) assert.equal(resolvePort(p, c), want, String(p));
});

test('runProbe httpGet: status codes, path, headers, named port', async (t) => {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const code = req.url === '/ok' ? 200 : req.url === '/redirect' ? 302 : req.url === '/slow' ? 0 : 500;
    if (code === 0) return; // never answers
    res.writeHead(code, code === 302 ? { Location: 'http://elsewhere/' } : {});
    res.end('body');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => { server.closeAllConnections(); server.close(); });
  const port = (server.address() as AddressInfo).port;
  const target = { podIP: '127.0.0.1', container: container(port) };
  const cases: [string, string][] = [['/ok', 'Success'], ['/redirect', 'Success'], ['/fail', 'Failure']];
  for (const [path, want] of cases) {
    const r = await runProbe({ httpGet: { path, port: 'http', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] } }, target);
    assert.equal(r.result, want, path);
  }
  assert.equal(seen[0]!['x-probe'], 'yes');
  assert.equal(seen[0]!['user-agent'], 'kube-probe/1.30');
  const fail = await runProbe({ httpGet: { path: '/fail', port } }, target);
  assert.equal(fail.output, 'HTTP probe failed with statuscode: 500');
  const slow = await runProbe({ httpGet: { path: '/slow', port } }, { ...target, timeoutMs: 50 });
  assert.equal(slow.result, 'Failure');
  assert.match(slow.output, /deadline exceeded/);
});

test('runProbe tcpSocket: open and closed ports', async (t) => {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  assert.equal((await runProbe({ tcpSocket: { port } }, { podIP: '127.0.0.1', container: container(port) })).result, 'Success');
  server.close();
  await new Promise((r) => setImmediate(r));
  assert.equal((await runProbe({ tcpSocket: { port: 'http' } }, { podIP: '127.0.0.1', container: container(port) })).result, 'Failure');
  assert.equal((await runProbe({ tcpSocket: { port: 'missing' } }, { podIP: '127.0.0.1', container: container(port) })).result, 'Failure');
});

test('runProbe exec: exit codes, errors and timeouts', async () => {
  const c = container(1);
  const ok = await runProbe({ exec: { command: ['true'] } }, { podIP: '', container: c, exec: async (cmd) => ({ exitCode: cmd[0] === 'true' ? 0 : 1, output: 'hi' }) });
  assert.deepEqual(ok, { result: 'Success', output: 'hi' });
  const bad = await runProbe({ exec: { command: ['false'] } }, { podIP: '', container: c, exec: async () => ({ exitCode: 1 }) });
  assert.equal(bad.result, 'Failure');
  const err = await runProbe({ exec: { command: ['x'] } }, { podIP: '', container: c, exec: async () => { throw new Error('container not found'); } });
  assert.deepEqual(err, { result: 'Unknown', output: 'container not found' });
  const hang = await runProbe({ exec: { command: ['sleep'] } }, { podIP: '', container: c, timeoutMs: 20, exec: (_cmd, ms) => new Promise((r) => setTimeout(() => r({ exitCode: 0 }), ms + 20)) });
  assert.equal(hang.result, 'Failure');
  assert.equal((await runProbe({ exec: { command: ['x'] } }, { podIP: '', container: c })).result, 'Unknown');
  assert.equal((await runProbe({ grpc: { port: 1 } }, { podIP: '', container: c })).result, 'Unknown');
});
