import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { FakeClock } from '../../machinery/clock.js';
import { createCA, issueAgentClientCert, issueServingCert } from '../../pki/index.js';
import { httpsSummarySource, ScrapeError } from './source.js';

async function agent(handler: (path: string, cn: string | undefined) => { code: number; body: string } | 'hang') {
  const ca = await createCA('test-ca', { days: 1 });
  const serving = await issueServingCert(ca, { days: 1, dns: ['localhost'], ips: ['127.0.0.1'] });
  const client = await issueAgentClientCert(ca);
  const srv = https.createServer({ key: serving.keyPem, cert: serving.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const cn = (req.socket as TLSSocket).getPeerCertificate().subject?.CN;
    const r = handler(req.url ?? '', Array.isArray(cn) ? cn[0] : cn);
    if (r === 'hang') return;
    res.writeHead(r.code, { 'content-type': 'application/json' });
    res.end(r.body);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  return {
    endpoint: async () => ({ target: { host: '127.0.0.1', port }, creds: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } }),
    close: () => { srv.closeAllConnections(); return new Promise<void>((r) => srv.close(() => r())); },
  };
}

test('httpsSummarySource fetches /stats/summary with the client certificate', async () => {
  const seen: string[] = [];
  const a = await agent((path, cn) => { seen.push(`${path} ${cn}`); return { code: 200, body: JSON.stringify({ node: { nodeName: 'n1' }, pods: [] }) }; });
  try {
    const s = await httpsSummarySource({ agentFor: a.endpoint }).summary('n1');
    assert.equal(s.node.nodeName, 'n1');
    assert.deepEqual(seen, ['/stats/summary kube-apiserver-kubelet-client']);
  } finally { await a.close(); }
});

test('httpsSummarySource rejects with ScrapeError on a bad status, bad JSON, a refused connection and the deadline', async () => {
  let answer: { code: number; body: string } | 'hang' = { code: 403, body: 'Forbidden (user=x, verb=get, resource=nodes, subresource=stats)' };
  let reached = () => {};
  const a = await agent(() => { if (answer === 'hang') reached(); return answer; });
  const clock = new FakeClock();
  const src = httpsSummarySource({ agentFor: a.endpoint, clock, timeoutMs: 2000 });
  try {
    await assert.rejects(src.summary('n1'), (e: unknown) => e instanceof ScrapeError && /^Cannot scrape node "n1": status 403: Forbidden/.test(e.message));
    answer = { code: 200, body: '{' };
    await assert.rejects(src.summary('n1'), /summary is not valid JSON/);
    answer = 'hang';
    const arrived = new Promise<void>((r) => { reached = r; });
    const p = src.summary('n1');
    await arrived; // the deadline is armed before the request is sent
    clock.advance(1999);
    clock.advance(1);
    await assert.rejects(p, /no answer from 127\.0\.0\.1:\d+ within 2000ms/);
  } finally { await a.close(); }
  const refused = httpsSummarySource({ agentFor: a.endpoint, clock });
  await assert.rejects(refused.summary('n1'), /ECONNREFUSED/);
});
