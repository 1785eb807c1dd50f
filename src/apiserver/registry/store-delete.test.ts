// ResourceStore.delete: preconditions, finalizers (including the GC ones per propagationPolicy), graceful deletion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceStore, type ResourceStoreOptions } from './store.js';
import type { Strategy } from './strategy.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import type { KObject } from '../../api/types.js';
import type { ResourceInfo } from '../resources.js';
import { ApiServer } from '../server.js';

const NOW = Date.parse('2024-05-01T10:00:00Z');
const WIDGETS: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: [],
};
const strategy: Strategy = {
  statusSubresource: false, tracksGeneration: true,
  defaults: () => {}, validate: () => [], validateUpdate: () => [],
  selectableFields: (o) => ({ 'metadata.name': o.metadata?.name ?? '' }),
};

function setup(over: Partial<ResourceStoreOptions> = {}) {
  const backend = createMemoryBackend();
  const clock = new FakeClock(NOW);
  const store = new ResourceStore({ info: WIDGETS, backend, strategy, clock, ...over });
  return { backend, clock, store };
}
const widget = (name: string, meta: KObject['metadata'] = {}): KObject => ({ metadata: { name, ...meta }, spec: { size: 1 } });

async function rejects(p: Promise<unknown>, code: number, reason: string, message: string | RegExp): Promise<ApiError> {
  let err: unknown;
  try { await p; } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
  assert.equal(err.code, code);
  assert.equal(err.reason, reason);
  if (typeof message === 'string') assert.equal(err.message, message); else assert.match(err.message, message);
  return err;
}

test('delete without finalizers removes the object at once and returns its last state', async () => {
  const { store, backend } = setup();
  const a = await store.create('default', widget('a'));
  const r = await store.delete('default', 'a');
  assert.equal(r.deleted, true);
  assert.equal(r.object.metadata!.uid, a.metadata!.uid);
  assert.equal(Number(r.object.metadata!.resourceVersion), backend.currentRevision(), 'the delete revision');
  assert.equal(await store.tryGet('default', 'a'), undefined);
});

test('delete of a missing object is 404 NotFound', async () => {
  const { store } = setup();
  await rejects(store.delete('default', 'nope'), 404, 'NotFound', 'widgets.example.com "nope" not found');
});

test('delete with dryRun reports the deletion but keeps the object', async () => {
  const { store, backend } = setup();
  await store.create('default', widget('a'));
  const rev = backend.currentRevision();
  const r = await store.delete('default', 'a', { dryRun: true });
  assert.equal(r.deleted, true);
  assert.equal(backend.currentRevision(), rev);
  assert.ok(await store.tryGet('default', 'a'));
});

test('delete preconditions that match let the delete through', async () => {
  const { store } = setup();
  const a = await store.create('default', widget('a'));
  const r = await store.delete('default', 'a', { preconditions: { uid: a.metadata!.uid, resourceVersion: a.metadata!.resourceVersion } });
  assert.equal(r.deleted, true);
});

test('delete preconditions that do not match are 409 Conflict and keep the object', async () => {
  const { store } = setup();
  const a = await store.create('default', widget('a'));
  await rejects(store.delete('default', 'a', { preconditions: { uid: 'other-uid' } }), 409, 'Conflict', /other-uid/);
  await rejects(store.delete('default', 'a', { preconditions: { resourceVersion: '1234' } }), 409, 'Conflict', /1234/);
  assert.ok(await store.tryGet('default', 'a'));
  void a;
});

test('delete precondition messages match kube-apiserver (rest.BeforeDelete)', async () => {
  const { store } = setup();
  const a = await store.create('default', widget('a'));
  await rejects(store.delete('default', 'a', { preconditions: { uid: 'other-uid' } }), 409, 'Conflict',
    `Operation cannot be fulfilled on Widget.example.com "a": the UID in the precondition (other-uid) does not match the UID in record (${a.metadata!.uid}). The object might have been deleted and then recreated`);
  await rejects(store.delete('default', 'a', { preconditions: { resourceVersion: '1234' } }), 409, 'Conflict',
    `Operation cannot be fulfilled on Widget.example.com "a": the ResourceVersion in the precondition (1234) does not match the ResourceVersion in record (${a.metadata!.resourceVersion}). The object might have been modified`);
});

test('delete of an object with finalizers marks it deleting: deletionTimestamp now, grace 0, generation bumped', async () => {
  const { store, clock } = setup();
  await store.create('default', widget('a', { finalizers: ['example.com/hold'] }));
  clock.advance(90_000);
  const r = await store.delete('default', 'a');
  assert.equal(r.deleted, false);
  const m = r.object.metadata!;
  assert.equal(m.deletionTimestamp, '2024-05-01T10:01:30Z');
  assert.equal(m.deletionGracePeriodSeconds, 0);
  assert.equal(m.generation, 2);
  assert.deepEqual(m.finalizers, ['example.com/hold']);
  const again = await store.delete('default', 'a');
  assert.equal(again.deleted, false);
  assert.equal(again.object.metadata!.resourceVersion, m.resourceVersion, 'a second delete changes nothing');
});

test('propagationPolicy Foreground adds the foregroundDeletion finalizer and keeps the owner', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  const r = await store.delete('default', 'a', { propagationPolicy: 'Foreground' });
  assert.equal(r.deleted, false);
  assert.deepEqual(r.object.metadata!.finalizers, ['foregroundDeletion']);
  assert.ok(r.object.metadata!.deletionTimestamp);
  // the garbage collector removing the finalizer finishes the deletion
  await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, finalizers: [] } }));
  assert.equal(await store.tryGet('default', 'a'), undefined);
});

test('propagationPolicy Orphan (and orphanDependents=true) adds the orphan finalizer', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  await store.create('default', widget('b'));
  assert.deepEqual((await store.delete('default', 'a', { propagationPolicy: 'Orphan' })).object.metadata!.finalizers, ['orphan']);
  assert.deepEqual((await store.delete('default', 'b', { orphanDependents: true })).object.metadata!.finalizers, ['orphan']);
});

test('switching a deleting object from Orphan to Foreground swaps the GC finalizer', async () => {
  const { store } = setup();
  await store.create('default', widget('a', { finalizers: ['example.com/keep'] }));
  await store.delete('default', 'a', { propagationPolicy: 'Orphan' });
  const r = await store.delete('default', 'a', { propagationPolicy: 'Foreground' });
  assert.deepEqual([...r.object.metadata!.finalizers!].sort(), ['example.com/keep', 'foregroundDeletion']);
});

test('propagationPolicy Background and orphanDependents=false delete at once', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  await store.create('default', widget('b'));
  assert.equal((await store.delete('default', 'a', { propagationPolicy: 'Background' })).deleted, true);
  assert.equal((await store.delete('default', 'b', { orphanDependents: false })).deleted, true);
});

// ---- graceful deletion (pods)

const grace30 = (_o: KObject, requested: number | undefined) => requested ?? 30;

test('graceful deletion keeps the object until the grace period is confirmed with 0', async () => {
  const { store, clock } = setup({ gracefulDeletion: grace30 });
  await store.create('default', widget('p'));
  const r = await store.delete('default', 'p');
  assert.equal(r.deleted, false);
  assert.equal(r.object.metadata!.deletionTimestamp, '2024-05-01T10:00:30Z');
  assert.equal(r.object.metadata!.deletionGracePeriodSeconds, 30);
  clock.advance(10_000);
  const again = await store.delete('default', 'p');
  assert.equal(again.object.metadata!.resourceVersion, r.object.metadata!.resourceVersion, 'an equal or longer grace period changes nothing');
  const done = await store.delete('default', 'p', { gracePeriodSeconds: 0 });
  assert.equal(done.deleted, true);
  assert.equal(await store.tryGet('default', 'p'), undefined);
});

test('a shorter grace period moves the deadline closer', async () => {
  const { store } = setup({ gracefulDeletion: grace30 });
  await store.create('default', widget('p'));
  await store.delete('default', 'p');
  const r = await store.delete('default', 'p', { gracePeriodSeconds: 5 });
  assert.equal(r.deleted, false);
  assert.equal(r.object.metadata!.deletionGracePeriodSeconds, 5);
  assert.equal(r.object.metadata!.deletionTimestamp, '2024-05-01T10:00:05Z');
});

test('a shorter grace period counts from when deletion started, as in Kubernetes', async () => {
  const { store, clock } = setup({ gracefulDeletion: grace30 });
  await store.create('default', widget('p'));
  await store.delete('default', 'p');
  clock.advance(10_000);
  const r = await store.delete('default', 'p', { gracePeriodSeconds: 5 });
  assert.equal(r.object.metadata!.deletionTimestamp, '2024-05-01T10:00:05Z');
});

test('removing the last finalizer of a pod still in its grace period does not delete it', async () => {
  const { store } = setup({ gracefulDeletion: grace30 });
  await store.create('default', widget('p', { finalizers: ['example.com/x'] }));
  await store.delete('default', 'p');
  await store.update('default', 'p', (c) => ({ ...c!, metadata: { ...c!.metadata, finalizers: [] } }));
  const p = await store.get('default', 'p');
  assert.equal(p.metadata!.finalizers?.length ?? 0, 0);
  assert.equal(p.metadata!.deletionGracePeriodSeconds, 30);
  assert.equal((await store.delete('default', 'p', { gracePeriodSeconds: 0 })).deleted, true);
});

test('pods in the API server: unbound and finished pods go at once, bound running pods get terminationGracePeriodSeconds', async () => {
  const backend = createMemoryBackend();
  const clock = new FakeClock(NOW);
  const server = new ApiServer({ backend, clock, tls: { key: '', cert: '', ca: '' }, authenticate: () => undefined, serviceCIDR: '10.43.0.0/16' });
  await server.init();
  try {
    const pods = server.entry('', 'v1', 'pods').store!;
    const pod = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } });
    await pods.create('default', pod('unbound', {}));
    assert.equal((await pods.delete('default', 'unbound')).deleted, true);
    await pods.create('default', pod('bound', { nodeName: 'n1', terminationGracePeriodSeconds: 45 }));
    const r = await pods.delete('default', 'bound');
    assert.equal(r.deleted, false);
    assert.equal(r.object.metadata!.deletionGracePeriodSeconds, 45);
    assert.equal(r.object.metadata!.deletionTimestamp, '2024-05-01T10:00:45Z');
    await pods.create('default', pod('done', { nodeName: 'n1' }));
    await pods.update('default', 'done', (c) => ({ ...c!, status: { phase: 'Succeeded' } }), { subresource: 'status' });
    assert.equal((await pods.delete('default', 'done')).deleted, true);
  } finally {
    await server.close();
  }
});
