// Wire-level acceptance: concurrency (one winner per resourceVersion), watch resume and 410, 1000 watchers,
// durability across kill -9, discovery and OpenAPI shapes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, eventually, type Server } from './harness.js';
import { rawClient, type RawClient } from './rawclient.js';

describe('API wire behaviour', () => {
  let s: Server;
  let c: RawClient;
  before(async () => { s = await startServer({ args: ['--datastore-compact-interval', '0.2', '--datastore-compact-retain', '100'] }); c = rawClient(s); });
  after(async () => { c.agent.destroy(); await s.stop(); });

  it('serves version, health and metrics', async () => {
    const v = (await c.request('GET', '/version')).json();
    assert.match(v.gitVersion, /^v1\.30\.\d+\+skiff$/);
    assert.equal((await c.request('GET', '/readyz')).body, 'ok');
    const m = await c.request('GET', '/metrics');
    assert.match(m.body, /apiserver_request_total/);
  });

  it('lets exactly one of N concurrent updates with the same resourceVersion win', async () => {
    const created = await c.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'race' }, data: { n: '0' } });
    assert.equal(created.status, 201);
    let obj = created.json();
    let total = 0;
    for (let round = 0; round < 5; round++) {
      const rv = obj.metadata.resourceVersion;
      const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => c.request('PUT', '/api/v1/namespaces/default/configmaps/race', { ...obj, data: { n: String(total + 1), by: String(i) } })));
      const wins = rs.filter((r) => r.status === 200);
      const losses = rs.filter((r) => r.status === 409);
      assert.equal(wins.length, 1, 'exactly one winner');
      assert.equal(losses.length, 19);
      for (const l of losses) {
        const st = l.json();
        assert.equal(st.reason, 'Conflict');
        assert.equal(st.message, 'Operation cannot be fulfilled on configmaps "race": the object has been modified; please apply your changes to the latest version and try again');
      }
      obj = wins[0].json();
      total++;
      assert.ok(Number(obj.metadata.resourceVersion) > Number(rv));
    }
    const final = (await c.request('GET', '/api/v1/namespaces/default/configmaps/race')).json();
    assert.equal(final.data.n, '5');
  });

  it('resumes a watch from a resourceVersion with exactly the missed events, in order', async () => {
    // labelled so that objects the controllers create meanwhile (e.g. kube-root-ca.crt) are not part of the stream
    const labels = { resume: 'yes' };
    const first = (await c.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'w0', labels } })).json();
    const from = first.metadata.resourceVersion;
    const rvs: string[] = [];
    for (let i = 1; i <= 5; i++) rvs.push((await c.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `w${i}`, labels } })).json().metadata.resourceVersion);
    rvs.push((await c.request('DELETE', '/api/v1/namespaces/default/configmaps/w1')).json().metadata.resourceVersion);
    const got: any[] = [];
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => { resolveAll = r; });
    const w = await c.watch(`/api/v1/namespaces/default/configmaps?watch=true&labelSelector=resume%3Dyes&resourceVersion=${from}`, (ev) => { got.push(ev); if (got.length === 6) resolveAll(); });
    await all;
    w.close();
    assert.deepEqual(got.map((e) => e.type), ['ADDED', 'ADDED', 'ADDED', 'ADDED', 'ADDED', 'DELETED']);
    assert.deepEqual(got.map((e) => e.object.metadata.resourceVersion), rvs);
    assert.deepEqual(got.map((e) => e.object.metadata.name), ['w1', 'w2', 'w3', 'w4', 'w5', 'w1']);
  });

  it('answers 410 Expired for a compacted resourceVersion', async () => {
    const first = (await c.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'old-rv' } })).json().metadata.resourceVersion;
    for (let i = 0; i < 150; i++) await c.request('PUT', '/api/v1/namespaces/default/configmaps/old-rv', { metadata: { name: 'old-rv' }, data: { i: String(i) } });
    // the server compacts every 0.2 s keeping 100 revisions: wait (bounded) until `first` is gone
    await eventually(async () => (await c.request('GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${first}&resourceVersionMatch=Exact`)).status === 410, 'compaction');
    const r = await c.request('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${first}`);
    const ev = JSON.parse(r.body.trim().split('\n')[0]);
    assert.equal(ev.type, 'ERROR');
    assert.equal(ev.object.code, 410);
    assert.equal(ev.object.reason, 'Expired');
    const l = await c.request('GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${first}&resourceVersionMatch=Exact`);
    assert.equal(l.status, 410);
  });

  it('delivers every event, in order, to 1000 concurrent watchers', async () => {
    const start = (await c.request('GET', '/api/v1/namespaces/default/secrets')).json().metadata.resourceVersion;
    const N = 1000;
    const EVENTS = 20;
    const received: string[][] = Array.from({ length: N }, () => []);
    let complete = 0;
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => { resolveAll = r; });
    const watchers = await Promise.all(Array.from({ length: N }, (_, i) => c.watch(`/api/v1/namespaces/default/secrets?watch=true&resourceVersion=${start}`, (ev) => {
      received[i].push(ev.object.metadata.name);
      if (received[i].length === EVENTS && ++complete === N) resolveAll();
    })));
    for (let i = 0; i < EVENTS; i++) {
      const r = await c.request('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: `fan-${String(i).padStart(2, '0')}` }, stringData: { a: 'b' } });
      assert.equal(r.status, 201);
    }
    await all;
    for (const w of watchers) w.close();
    const want = Array.from({ length: EVENTS }, (_, i) => `fan-${String(i).padStart(2, '0')}`);
    for (const r of received) assert.deepEqual(r, want);
  });

  it('serves aggregated discovery only when asked, with the right content type', async () => {
    const agg = await c.request('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(agg.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = agg.json().items.find((g: any) => g.metadata.name === 'apps');
    const dep = apps.versions[0].resources.find((r: any) => r.resource === 'deployments');
    assert.deepEqual(dep.subresources.find((x: any) => x.subresource === 'scale').responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    const beta = await c.request('GET', '/api', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' });
    assert.equal(beta.json().apiVersion, 'apidiscovery.k8s.io/v2beta1');
    const legacy = (await c.request('GET', '/apis')).json();
    assert.equal(legacy.kind, 'APIGroupList');
    const v2 = await c.request('GET', '/openapi/v2', undefined, { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    assert.equal(v2.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  });

  it('paginates with limit and continue', async () => {
    for (let i = 0; i < 7; i++) await c.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `page-${i}`, labels: { page: 'yes' } } });
    const names: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const r = (await c.request('GET', `/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)).json();
      names.push(...r.items.map((i: any) => i.metadata.name));
      cont = r.metadata.continue ?? '';
      pages++;
    } while (cont);
    assert.equal(pages, 3);
    assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
  });
});

describe('durability', () => {
  it('keeps every acknowledged create across kill -9, and resourceVersions keep increasing', async () => {
    const s = await startServer({ keep: true });
    const c = rawClient(s);
    const acked: string[] = [];
    let maxRv = 0;
    let stop = false;
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await c.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `d-${w}-${i}` } });
          if (r.status === 201) { acked.push(`d-${w}-${i}`); maxRv = Math.max(maxRv, Number(r.json().metadata.resourceVersion)); }
        } catch { return; }
      }
    });
    await new Promise<void>((r) => { const t = setInterval(() => { if (acked.length >= 300) { clearInterval(t); r(); } }, 5); });
    await s.kill9();
    stop = true;
    await Promise.all(workers);
    c.agent.destroy();
    const s2 = await startServer({ dataDir: s.dataDir });
    const c2 = rawClient(s2);
    try {
      const l = (await c2.request('GET', '/api/v1/namespaces/default/configmaps')).json();
      const names = new Set(l.items.map((i: any) => i.metadata.name));
      const missing = acked.filter((n) => !names.has(n));
      assert.deepEqual(missing, [], `${missing.length} acknowledged creates lost`);
      const r = (await c2.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after-restart' } })).json();
      assert.ok(Number(r.metadata.resourceVersion) > maxRv);
    } finally {
      c2.agent.destroy();
      await s2.stop();
    }
  });
});
