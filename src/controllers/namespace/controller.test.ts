import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/types.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client, Informer, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { NamespaceController, discoverNamespaced } from './controller.js';

const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/**
 * Discovery and namespaces/{n}/finalize, which the fake does not serve. The fake removes a deleting object on any
 * write once metadata.finalizers is empty, so test namespaces carry HOLD there to stand for spec.finalizers.
 */
const HOLD = 'test.skiff.dev/spec-finalizers';
function serveDiscoveryAndFinalize(t: FakeTransport, broken?: string): void {
  t.addReactor(async (r) => {
    if (r.method === 'GET' && r.path === '/apis') return json(200, { kind: 'APIGroupList', groups: [{ name: 'apps', preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }, ...(broken ? [{ name: broken, preferredVersion: { version: 'v1' } }] : [])] });
    if (r.method === 'GET' && r.path === '/api/v1') return json(200, { kind: 'APIResourceList', resources: [
      { name: 'pods', namespaced: true, kind: 'Pod', verbs: CRUD }, { name: 'pods/status', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: CRUD }, { name: 'namespaces', namespaced: false, kind: 'Namespace', verbs: CRUD },
      { name: 'bindings', namespaced: true, kind: 'Binding', verbs: ['create'] },
    ] });
    if (r.method === 'GET' && r.path === '/apis/apps/v1') return json(200, { kind: 'APIResourceList', resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: CRUD }] });
    if (broken && r.path === `/apis/${broken}/v1`) return json(503, { kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' });
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/finalize$/.exec(r.path);
    if (r.method === 'PUT' && m) {
      const fins = (r.body as Namespace).spec?.finalizers ?? [];
      await t.request({ method: 'PATCH', path: `/api/v1/namespaces/${m[1]}`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: fins.length ? [HOLD] : null }, spec: { finalizers: fins } } });
      return json(200, {});
    }
    return undefined;
  });
}

async function setup(broken?: string) {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const t = new FakeTransport({ clock });
  serveDiscoveryAndFinalize(t, broken);
  const client = new Client(t);
  const namespaces = new Informer<Namespace>(client.resource(resources.namespaces), { clock });
  const runner = new Runner({ reconciler: new NamespaceController({ client, namespaces, clock }), clock });
  const start = async () => { namespaces.start(); await runner.start(); await settle(60); };
  const stop = async () => { await runner.stop(); namespaces.stop(); };
  return { t, client, clock, start, stop };
}

function seedNamespace(t: FakeTransport, name: string, deleting: boolean) {
  t.seed(resources.namespaces, { metadata: { name, finalizers: [HOLD], ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) }, spec: { finalizers: ['kubernetes'] }, status: { phase: deleting ? 'Terminating' : 'Active' } });
  t.seed(resources.pods, { metadata: { name: 'p', namespace: name }, spec: {} });
  t.seed(resources.deployments, { metadata: { name: 'd', namespace: name }, spec: {} });
  t.seed(resources.configMaps, { metadata: { name: 'held', namespace: name, finalizers: ['example.com/hold'] } });
}

test('NamespaceController deletes all content, reports what remains, then finalizes', async () => {
  const { t, client, clock, start, stop } = await setup();
  seedNamespace(t, 'gone', true);
  seedNamespace(t, 'keep', false);
  await start();
  assert.deepEqual(t.list(resources.pods, 'gone'), []);
  assert.deepEqual(t.list(resources.deployments, 'gone'), []);
  assert.ok(t.get<KObject>(resources.configMaps, 'gone', 'held')?.metadata?.deletionTimestamp);
  assert.equal(t.list(resources.pods, 'keep').length, 1, 'an active namespace is untouched');
  clock.advance(1000);
  await settle(60);
  const ns = t.get<Namespace>(resources.namespaces, '', 'gone')!;
  const cond = (type: string) => ns.status?.conditions?.find((c) => c.type === type);
  assert.equal(cond('NamespaceContentRemaining')?.message, 'Some resources are remaining: configmaps. has 1 resource instances');
  assert.equal(cond('NamespaceFinalizersRemaining')?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
  assert.deepEqual(ns.spec?.finalizers, ['kubernetes'], 'not finalized while content remains');
  await client.resource(resources.configMaps).patch('gone', 'held', 'merge', { metadata: { finalizers: null } });
  clock.advance(1000);
  await settle(60);
  assert.equal(t.get(resources.namespaces, '', 'gone'), undefined, 'finalize without "kubernetes" removed it');
  assert.ok(t.requests.some((r) => r.method === 'PUT' && r.path === '/api/v1/namespaces/gone/finalize'));
  assert.ok(t.get(resources.namespaces, '', 'keep'));
  await stop();
});

test('NamespaceController does not finalize while discovery of a group fails', async () => {
  const { t, clock, start, stop } = await setup('metrics.k8s.io');
  t.seed(resources.namespaces, { metadata: { name: 'gone', finalizers: [HOLD], deletionTimestamp: '2024-01-01T00:00:00Z' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
  await start();
  clock.advance(1000);
  await settle(60);
  const ns = t.get<Namespace>(resources.namespaces, '', 'gone')!;
  assert.deepEqual(ns.spec?.finalizers, ['kubernetes']);
  const c = ns.status?.conditions?.find((x) => x.type === 'NamespaceDeletionDiscoveryFailure');
  assert.equal(c?.status, 'True');
  assert.match(c!.message!, /metrics\.k8s\.io\/v1: the server is currently unable to handle the request/);
  await stop();
});

test('discoverNamespaced keeps namespaced resources that can be listed and deleted', async () => {
  const t = new FakeTransport();
  serveDiscoveryAndFinalize(t);
  const { gvrs, failures } = await discoverNamespaced(new Client(t));
  assert.deepEqual(gvrs.map((g) => `${g.group}/${g.version}/${g.resource}`), ['/v1/configmaps', '/v1/pods', 'apps/v1/deployments']);
  assert.deepEqual(failures, {});
});
