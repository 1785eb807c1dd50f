// Acceptance: thousands of malformed requests each get the right 4xx Status; the server stays up and stored data
// is unchanged. Cases are generated from a seeded PRNG so a failure names a reproducible case.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type Server } from './harness.js';
import { rawClient, type RawClient } from './rawclient.js';

function prng(seed: number) {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
}

interface Case { name: string; method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; expect: number[] }

const CM = '/api/v1/namespaces/default/configmaps';
const DEP = '/apis/apps/v1/namespaces/default/deployments';

function validDeployment(name: string): any {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } };
}

function makeCases(rand: () => number, n: number): Case[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const junk = (len: number) => Array.from({ length: len }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
  const gens: (() => Case)[] = [
    () => { const good = JSON.stringify({ metadata: { name: 'x' + Math.floor(rand() * 1e6) }, data: { a: 'b' } }); const cut = Math.max(1, Math.floor(rand() * (good.length - 1))); return { name: 'truncated JSON', method: 'POST', path: CM, body: good.slice(0, cut), expect: [400] }; },
    () => ({ name: 'garbage JSON', method: 'POST', path: CM, body: '{' + junk(5 + Math.floor(rand() * 40)), expect: [400] }),
    () => ({ name: 'non-object JSON', method: 'POST', path: CM, body: pick(['[]', '"str"', '42', 'null', 'true', '[{"metadata":{}}]']), expect: [400] }),
    () => ({ name: 'invalid YAML', method: 'POST', path: CM, body: pick(['a: b: c', 'metadata:\n  name: [x\n', 'key: "unterminated', '- a\nb: c', 'metadata: {name: x, name: y}']), headers: { 'Content-Type': 'application/yaml' }, expect: [400] }),
    () => ({ name: 'wrong type: data not a map', method: 'POST', path: CM, body: JSON.stringify({ metadata: { name: 'wt' + Math.floor(rand() * 1e6) }, data: pick([5, 'x', [1], true]) }), expect: [400] }),
    () => ({ name: 'wrong type: metadata', method: 'POST', path: CM, body: JSON.stringify({ metadata: pick(['x', 5, [], true]) }), expect: [400] }),
    () => { const d = validDeployment('wt' + Math.floor(rand() * 1e6)); d.spec.replicas = pick(['three', 1.5, [], {}, true]); return { name: 'wrong type: replicas', method: 'POST', path: DEP, body: JSON.stringify(d), expect: [400] }; },
    () => ({ name: 'invalid name', method: 'POST', path: CM, body: JSON.stringify({ metadata: { name: pick(['UPPER', 'has space', 'a_b', '-lead', 'trail-', 'x'.repeat(254), 'a..b', 'ünï']) } }), expect: [422] }),
    () => ({ name: 'invalid label', method: 'POST', path: CM, body: JSON.stringify({ metadata: { name: 'lb' + Math.floor(rand() * 1e6), labels: pick([{ 'bad key!': 'v' }, { k: 'bad value!' }, { k: 'x'.repeat(64) }, { ['a/'.repeat(3) + 'b']: 'v' }]) } }), expect: [422] }),
    () => { const d = validDeployment('inv' + Math.floor(rand() * 1e6)); d.spec.replicas = -1 - Math.floor(rand() * 5); return { name: 'invalid replicas', method: 'POST', path: DEP, body: JSON.stringify(d), expect: [422] }; },
    () => { const d = validDeployment('sel' + Math.floor(rand() * 1e6)); d.spec.template.metadata.labels = { app: 'other' }; return { name: 'selector mismatch', method: 'POST', path: DEP, body: JSON.stringify(d), expect: [422] }; },
    () => ({ name: 'unknown field, Strict', method: 'POST', path: `${CM}?fieldValidation=Strict`, body: JSON.stringify({ metadata: { name: 'uf' + Math.floor(rand() * 1e6) }, [junk(6).replace(/[^a-z]/gi, 'q')]: 1 }), expect: [400] }),
    () => ({ name: 'bad fieldValidation', method: 'POST', path: `${CM}?fieldValidation=${pick(['strict', 'Nope', 'x'])}`, body: JSON.stringify({ metadata: { name: 'fv' } }), expect: [400] }),
    () => ({ name: 'bad label selector', method: 'GET', path: `${CM}?labelSelector=${encodeURIComponent(pick(['a in (', 'a in (b', '!', '=b', 'a notin b', 'k=' + 'x'.repeat(64), 'a b']))}`, expect: [400] }),
    () => ({ name: 'bad field selector', method: 'GET', path: `/api/v1/namespaces/default/pods?fieldSelector=${encodeURIComponent(pick(['spec.foo=bar', 'nosuchfield=1', 'status.phase', 'a=b=c=']))}`, expect: [400] }),
    () => ({ name: 'bad limit / rv', method: 'GET', path: `${CM}?${pick(['limit=abc', 'resourceVersion=xyz&resourceVersionMatch=Exact', 'resourceVersionMatch=Exact', 'continue=%%%bad', 'continue=bm90LWpzb24'])}`, expect: [400] }),
    () => ({ name: 'bad JSON patch', method: 'PATCH', path: `${CM}/victim`, body: pick(['{"op":"add"}', '[{"op":"nope","path":"/data/a"}]', '[{"op":"remove","path":"/data/missing"}]', '[{"op":"test","path":"/data/keep","value":"other"}]', '[', '{}', '[{"op":"add","path":"data","value":1}]']), headers: { 'Content-Type': 'application/json-patch+json' }, expect: [400, 422] }),
    () => ({ name: 'bad merge patch', method: 'PATCH', path: `${CM}/victim`, body: pick(['{', '[1,2]', '{"data":', '{"metadata":{"name":"renamed"}}', '{"data":{"a":5}}']), headers: { 'Content-Type': 'application/merge-patch+json' }, expect: [400, 422] }),
    () => ({ name: 'bad strategic patch', method: 'PATCH', path: `${CM}/victim`, body: pick(['{', '"x"', '{"data":[1]}', '{"metadata":{"labels":{"bad key!":"v"}}}']), headers: { 'Content-Type': 'application/strategic-merge-patch+json' }, expect: [400, 422] }),
    () => ({ name: 'unsupported patch type', method: 'PATCH', path: `${CM}/victim`, body: '{}', headers: { 'Content-Type': pick(['text/plain', 'application/xml', 'application/json']) }, expect: [415] }),
    () => ({ name: 'apply without fieldManager', method: 'PATCH', path: `${CM}/victim`, body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"victim"}}', headers: { 'Content-Type': 'application/apply-patch+yaml' }, expect: [422] }),
    () => { const len = 8 + Math.floor(rand() * 64); const b = Buffer.alloc(len); for (let i = 0; i < len; i++) b[i] = Math.floor(rand() * 256); if (rand() < 0.5) b.write('k8s\0', 0, 'latin1'); return { name: 'bad protobuf', method: 'POST', path: CM, body: b, headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, expect: [400] }; },
    () => ({ name: 'wrong kind in body', method: 'POST', path: CM, body: JSON.stringify({ apiVersion: pick(['v2', 'apps/v1']), kind: pick(['Secret', 'ConfigMap']), metadata: { name: 'wk' } }), expect: [400] }),
    () => ({ name: 'namespace mismatch', method: 'POST', path: CM, body: JSON.stringify({ metadata: { name: 'nm', namespace: 'kube-system' } }), expect: [400] }),
    () => ({ name: 'missing namespace', method: 'POST', path: '/api/v1/namespaces/no-such-ns/configmaps', body: JSON.stringify({ metadata: { name: 'x' } }), expect: [404] }),
    () => ({ name: 'unknown resource', method: 'GET', path: pick(['/api/v1/nothings', '/apis/nope.io/v1/things', '/api/v9/pods', '/apis/apps/v1/namespaces/default/deploymentz']), expect: [404] }),
    () => ({ name: 'update stale resourceVersion', method: 'PUT', path: `${CM}/victim`, body: JSON.stringify({ metadata: { name: 'victim', resourceVersion: '1' }, data: { a: 'changed' } }), expect: [409] }),
    () => ({ name: 'update name mismatch', method: 'PUT', path: `${CM}/victim`, body: JSON.stringify({ metadata: { name: 'other' } }), expect: [400] }),
    () => ({ name: 'bad delete options', method: 'DELETE', path: `${CM}/victim`, body: pick(['{', '{"propagationPolicy":"Sideways"}', '{"kind":"Pod"}', '[1]', '{"gracePeriodSeconds":"soon"}']), expect: [400, 422] }),
    () => ({ name: 'bad dryRun', method: 'POST', path: `${CM}?dryRun=${pick(['true', 'Some', 'all'])}`, body: JSON.stringify({ metadata: { name: 'dr' } }), expect: [400] }),
  ];
  return Array.from({ length: n }, () => pick(gens)());
}

describe('bad input', () => {
  let s: Server;
  let c: RawClient;
  before(async () => { s = await startServer(); c = rawClient(s, { maxSockets: 16 }); });
  after(async () => { c.agent.destroy(); await s.stop(); });

  const snapshot = async () => {
    const out: string[] = [];
    for (const p of [CM, DEP, '/api/v1/namespaces', '/api/v1/namespaces/default/secrets']) {
      const l = (await c.request('GET', p)).json();
      // what users wrote (spec/data, generation, labels); status and resourceVersion move with the controllers
      out.push(...l.items.filter((i: any) => i.metadata.name !== 'kube-root-ca.crt').map((i: any) => `${p} ${i.metadata.name} ${i.metadata.uid} ${i.metadata.generation ?? ''} ${JSON.stringify(i.metadata.labels ?? {})} ${JSON.stringify(i.spec ?? i.data ?? {})}`));
    }
    return out.sort();
  };

  it('answers thousands of malformed requests with the right 4xx Status and changes nothing', async () => {
    assert.equal((await c.request('POST', CM, { metadata: { name: 'victim' }, data: { keep: 'me' } })).status, 201);
    assert.equal((await c.request('POST', DEP, validDeployment('steady'))).status, 201);
    const before = await snapshot();
    const cases = makeCases(prng(20261128), 3000);
    // one valid oversized body of each kind
    cases.push({ name: 'body over 3 MiB', method: 'POST', path: CM, body: JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } }), expect: [413] });
    cases.push({ name: 'object over 1.5 MiB', method: 'POST', path: CM, body: JSON.stringify({ metadata: { name: 'big2' }, data: { a: 'x'.repeat(1600 * 1024) } }), expect: [413, 422] });
    const failures: string[] = [];
    let i = 0;
    const worker = async () => {
      while (i < cases.length) {
        const cs = cases[i++];
        const r = await c.request(cs.method, cs.path, cs.body, cs.headers);
        let st: any;
        try { st = r.json(); } catch { failures.push(`${cs.name}: not JSON: ${r.body.slice(0, 80)}`); continue; }
        if (!cs.expect.includes(r.status)) failures.push(`${cs.name} (${cs.method} ${cs.path} ${String(cs.body).slice(0, 60)}): got ${r.status} ${st.message}`);
        else if (st.kind !== 'Status' || st.code !== r.status || st.status !== 'Failure' || !st.message) failures.push(`${cs.name}: not a proper Status: ${r.body.slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases.length} cases wrong`);
    assert.equal((await c.request('GET', '/readyz')).body, 'ok');
    assert.deepEqual(await snapshot(), before);
  });
});
