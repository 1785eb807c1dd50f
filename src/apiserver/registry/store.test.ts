// ResourceStore create and update: object-metadata semantics, optimistic concurrency, status split, generation,
// finalizers. Runs over the memory backend with a fake clock and a minimal strategy (plus the real Deployment one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceStore, type ResourceStoreOptions } from './store.js';
import type { Strategy } from './strategy.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { ErrKeyExists, type Backend } from '../../store/backend.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError, conflict } from '../../machinery/errors.js';
import type { KObject } from '../../api/types.js';
import type { ResourceInfo } from '../resources.js';
import { BUILTIN_RESOURCES } from '../resources.js';
import { strategyFor } from './strategies/index.js';

const NOW = Date.parse('2024-05-01T10:00:00Z');
const WIDGETS: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
};

function strategy(over: Partial<Strategy> = {}): Strategy {
  return {
    statusSubresource: true, tracksGeneration: true,
    defaults: () => {}, validate: () => [], validateUpdate: () => [],
    selectableFields: (o) => ({ 'metadata.name': o.metadata?.name ?? '', 'metadata.namespace': o.metadata?.namespace ?? '' }),
    ...over,
  };
}

function setup(over: Partial<ResourceStoreOptions> = {}) {
  const backend = over.backend ?? createMemoryBackend();
  const clock = new FakeClock(NOW);
  const store = new ResourceStore({ info: WIDGETS, backend, strategy: strategy(), clock, ...over });
  return { backend, clock, store };
}

const widget = (name: string, extra: Partial<KObject> = {}): KObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec: { size: 1 }, ...extra });

async function rejects(p: Promise<unknown>, code: number, reason: string, message: string | RegExp): Promise<ApiError> {
  let err: unknown;
  try { await p; } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
  assert.equal(err.code, code);
  assert.equal(err.reason, reason);
  if (typeof message === 'string') assert.equal(err.message, message); else assert.match(err.message, message);
  return err;
}

// ---- create

test('create sets uid, creationTimestamp, generation 1 and resourceVersion from the store revision', async () => {
  const { store, backend } = setup();
  const o = await store.create('default', widget('a', { metadata: { name: 'a', uid: 'client-uid', resourceVersion: '99', generation: 7, deletionTimestamp: '2020-01-01T00:00:00Z', namespace: 'default' } }));
  const m = o.metadata!;
  assert.match(m.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(m.uid, 'client-uid');
  assert.equal(m.creationTimestamp, '2024-05-01T10:00:00Z');
  assert.equal(m.generation, 1);
  assert.equal(m.resourceVersion, String(backend.currentRevision()));
  assert.equal(m.deletionTimestamp, undefined);
  assert.equal(m.namespace, 'default');
  assert.equal(o.apiVersion, 'example.com/v1');
  assert.equal(o.kind, 'Widget');
  const got = await store.get('default', 'a');
  assert.deepEqual(got, o);
});

test('create drops generation for kinds that do not track it and takes the namespace from the request', async () => {
  const { store } = setup({ strategy: strategy({ tracksGeneration: false }) });
  const o = await store.create('team-a', widget('a', { metadata: { name: 'a', generation: 3, namespace: 'elsewhere' } }));
  assert.equal(o.metadata!.generation, undefined);
  assert.equal(o.metadata!.namespace, 'team-a');
});

test('create of a cluster-scoped kind strips metadata.namespace', async () => {
  const { store } = setup({ info: { ...WIDGETS, namespaced: false } });
  const o = await store.create('', widget('a', { metadata: { name: 'a', namespace: 'oops' } }));
  assert.equal(o.metadata!.namespace, undefined);
});

test('create with generateName appends five characters from the Kubernetes alphabet', async () => {
  const { store } = setup();
  const o = await store.create('default', { metadata: { generateName: 'web-' }, spec: {} });
  assert.match(o.metadata!.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(o.metadata!.generateName, 'web-');
});

/** A backend whose first `n` creates fail with KeyExists, recording the keys tried. */
function collidingBackend(n: number): { backend: Backend; tried: string[] } {
  const inner = createMemoryBackend();
  const tried: string[] = [];
  let left = n;
  const backend: Backend = Object.create(inner);
  backend.create = async (key, value) => {
    tried.push(key);
    if (left-- > 0) throw ErrKeyExists(key);
    return inner.create(key, value);
  };
  return { backend, tried };
}

test('create with generateName retries with a fresh name when the generated one is taken', async () => {
  const { backend, tried } = collidingBackend(3);
  const { store } = setup({ backend });
  await store.create('default', { metadata: { generateName: 'job-' } });
  assert.equal(tried.length, 4);
  assert.equal(new Set(tried).size, 4, 'each attempt generates a new name');
  const { kvs } = await backend.list('/registry/example.com/widgets/default/');
  assert.deepEqual(kvs.map((kv) => kv.key), [tried[3]]);
});

test('a generateName retry stores the object under the name it reports', async () => {
  const { backend, tried } = collidingBackend(1);
  const { store } = setup({ backend });
  const o = await store.create('default', { metadata: { generateName: 'job-' } });
  assert.equal(tried[1], `/registry/example.com/widgets/default/${o.metadata!.name}`);
  const name = tried[1]!.split('/').pop()!;
  assert.equal((await store.get('default', name)).metadata!.name, name);
});

test('create with generateName gives up with AlreadyExists saying no unique name could be generated', async () => {
  const { backend } = collidingBackend(1000);
  const { store } = setup({ backend });
  await rejects(store.create('default', { metadata: { generateName: 'job-' } }), 409, 'AlreadyExists',
    /^widgets\.example\.com "job-[bcdfghjklmnpqrstvwxz2456789]{5}" already exists, the server was not able to generate a unique name for the object$/);
});

test('create of a taken name is 409 AlreadyExists with the qualified resource', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  const err = await rejects(store.create('default', widget('a')), 409, 'AlreadyExists', 'widgets.example.com "a" already exists');
  assert.deepEqual(err.details, { kind: 'widgets', name: 'a', group: 'example.com' });
  // the same name in another namespace is fine
  await store.create('other', widget('a'));
});

test('create of a core kind names the bare resource in AlreadyExists', async () => {
  const info = BUILTIN_RESOURCES.find((r) => r.group === '' && r.resource === 'configmaps')!;
  const { store } = setup({ info, strategy: strategyFor('', 'configmaps') });
  await store.create('default', { metadata: { name: 'cfg' }, data: {} });
  const err = await rejects(store.create('default', { metadata: { name: 'cfg' } }), 409, 'AlreadyExists', 'configmaps "cfg" already exists');
  assert.deepEqual(err.details, { kind: 'configmaps', name: 'cfg' });
});

test('create runs validation and stores nothing when it fails', async () => {
  const { store, backend } = setup({ strategy: strategy({ validate: () => [{ type: 'FieldValueInvalid', field: 'spec.size', value: -1, detail: 'must be greater than or equal to 0' }] }) });
  const before = backend.currentRevision();
  await rejects(store.create('default', widget('a')), 422, 'Invalid', 'Widget.example.com "a" is invalid: spec.size: Invalid value: -1: must be greater than or equal to 0');
  assert.equal(backend.currentRevision(), before);
});

test('create with dryRun returns the would-be object without resourceVersion and stores nothing', async () => {
  const { store, backend } = setup();
  const o = await store.create('default', widget('a'), { dryRun: true });
  assert.ok(o.metadata!.uid);
  assert.equal(o.metadata!.creationTimestamp, '2024-05-01T10:00:00Z');
  assert.equal('resourceVersion' in o.metadata!, false);
  assert.equal(backend.currentRevision(), 0);
  assert.equal(await store.tryGet('default', 'a'), undefined);
});

test('create of a Deployment resets status and defaults the spec (real strategy)', async () => {
  const info = BUILTIN_RESOURCES.find((r) => r.group === 'apps' && r.resource === 'deployments')!;
  const { store } = setup({ info, strategy: strategyFor('apps', 'deployments') });
  const o = await store.create('default', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    status: { replicas: 5, readyReplicas: 5 },
  });
  assert.equal((o.status as { replicas?: number } | undefined)?.replicas, undefined);
  assert.equal((o.spec as { replicas: number }).replicas, 1);
  assert.equal(o.metadata!.generation, 1);
});

// ---- update

test('update replaces the object, keeps system metadata and advances resourceVersion', async () => {
  const { store, clock } = setup();
  const a = await store.create('default', widget('a'));
  clock.advance(60_000);
  // a different uid in the body is a precondition (409), as in Kubernetes' storage layer
  await rejects(store.update('default', 'a', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, uid: 'hijack' } })), 409, 'Conflict',
    `Operation cannot be fulfilled on widgets.example.com "a": Precondition failed: UID in precondition: hijack, UID in object meta: ${a.metadata!.uid}`);
  const { object: b, created } = await store.update('default', 'a', (cur) => ({
    ...cur!, metadata: { ...cur!.metadata, creationTimestamp: '2000-01-01T00:00:00Z', labels: { x: 'y' } }, spec: { size: 2 },
  }));
  assert.equal(created, false);
  assert.equal(b.metadata!.uid, a.metadata!.uid);
  assert.equal(b.metadata!.creationTimestamp, a.metadata!.creationTimestamp);
  assert.deepEqual(b.metadata!.labels, { x: 'y' });
  assert.ok(Number(b.metadata!.resourceVersion) > Number(a.metadata!.resourceVersion));
});

test('update of a missing object is 404 NotFound unless allowCreate', async () => {
  const { store } = setup();
  await rejects(store.update('default', 'nope', (c) => c!), 404, 'NotFound', 'widgets.example.com "nope" not found');
  const { object, created } = await store.update('default', 'nope', () => widget('whatever'), { allowCreate: true });
  assert.equal(created, true);
  assert.equal(object.metadata!.name, 'nope', 'the name comes from the URL');
  assert.equal(object.metadata!.generation, 1);
});

test('update retries mutate on a storage conflict and applies it to the fresh object', async () => {
  const { store } = setup();
  await store.create('default', widget('a', { metadata: { name: 'a', labels: { n: '0' } } }));
  let calls = 0;
  const seen: string[] = [];
  const { object } = await store.update('default', 'a', async (cur) => {
    calls++;
    seen.push(cur!.metadata!.labels!.other ?? '-');
    if (calls === 1) {
      // someone else writes between our read and our write
      await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, labels: { ...c!.metadata!.labels, other: 'yes' } } }));
    }
    return { ...cur!, metadata: { ...cur!.metadata, labels: { ...cur!.metadata!.labels, n: '1' } } };
  });
  assert.equal(calls, 2);
  assert.deepEqual(seen, ['-', 'yes']);
  assert.deepEqual(object.metadata!.labels, { n: '1', other: 'yes' }, 'the concurrent write is not lost');
});

test('update whose mutate pins a stale resourceVersion fails with the Kubernetes Conflict message', async () => {
  const { store } = setup();
  const a = await store.create('default', widget('a'));
  await store.update('default', 'a', (c) => ({ ...c!, spec: { size: 2 } }));
  const stale = a.metadata!.resourceVersion;
  const err = await rejects(store.update('default', 'a', (cur) => {
    if (cur!.metadata!.resourceVersion !== stale) throw conflict(store.gr, 'a');
    return cur!;
  }), 409, 'Conflict', 'Operation cannot be fulfilled on widgets.example.com "a": the object has been modified; please apply your changes to the latest version and try again');
  assert.deepEqual(err.details, { kind: 'widgets', name: 'a', group: 'example.com' });
});

test('a no-op update keeps the resourceVersion and writes nothing', async () => {
  const { store, backend, clock } = setup();
  const a = await store.create('default', widget('a'));
  const rev = backend.currentRevision();
  clock.advance(5000);
  // managedFields whose only change is the timestamp do not count as a change either
  const mf = (_old: KObject | undefined, o: KObject) => { o.metadata!.managedFields = [{ manager: 'kubectl', operation: 'Update', time: new Date(clock.now()).toISOString() }]; };
  await store.update('default', 'a', (c) => c!, { managedFields: mf });
  const r1 = backend.currentRevision();
  clock.advance(5000);
  const { object } = await store.update('default', 'a', (c) => c!, { managedFields: mf });
  assert.equal(backend.currentRevision(), r1);
  assert.equal(r1, rev + 1, 'only the first update (adding managedFields) wrote');
  assert.notEqual(object.metadata!.resourceVersion, a.metadata!.resourceVersion);
  assert.equal(object.metadata!.resourceVersion, String(r1));
});

test('update bumps generation only when the spec changes', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  const labels = await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, labels: { l: '1' }, annotations: { a: '1' } } }));
  assert.equal(labels.object.metadata!.generation, 1);
  const spec = await store.update('default', 'a', (c) => ({ ...c!, spec: { size: 9 } }));
  assert.equal(spec.object.metadata!.generation, 2);
  const status = await store.update('default', 'a', (c) => ({ ...c!, status: { ready: true } }), { subresource: 'status' });
  assert.equal(status.object.metadata!.generation, 2);
  const other = await store.update('default', 'a', (c) => ({ ...c!, data: { top: 'level' } }));
  assert.equal(other.object.metadata!.generation, 3, 'any top-level field other than metadata/status counts as spec');
});

test('update ignores a client-supplied generation', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  const { object } = await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, generation: 40 } }));
  assert.equal(object.metadata!.generation, 1);
});

test('the main resource ignores .status and /status ignores everything but .status', async () => {
  const { store } = setup();
  await store.create('default', widget('a'));
  const main = await store.update('default', 'a', (c) => ({ ...c!, spec: { size: 2 }, status: { ready: true } }));
  assert.deepEqual(main.object.spec, { size: 2 });
  assert.equal(main.object.status, undefined, 'status write through the main resource is dropped');
  const st = await store.update('default', 'a', (c) => ({ ...c!, spec: { size: 99 }, metadata: { ...c!.metadata, labels: { via: 'status' } }, status: { ready: true } }), { subresource: 'status' });
  assert.deepEqual(st.object.spec, { size: 2 }, 'spec write through /status is dropped');
  assert.equal(st.object.metadata!.labels, undefined);
  assert.deepEqual(st.object.status, { ready: true });
  const main2 = await store.update('default', 'a', (c) => ({ ...c!, status: undefined, spec: { size: 3 } }));
  assert.deepEqual(main2.object.status, { ready: true }, 'the main resource keeps the stored status');
});

test('kinds without a status subresource store .status through the main resource', async () => {
  const { store } = setup({ strategy: strategy({ statusSubresource: false }) });
  await store.create('default', widget('a'));
  const { object } = await store.update('default', 'a', (c) => ({ ...c!, status: { phase: 'x' } }));
  assert.deepEqual(object.status, { phase: 'x' });
});

test('update validation failures are 422 and store nothing', async () => {
  const { store, backend } = setup({ strategy: strategy({ validateUpdate: (o) => ((o.spec as { size: number }).size > 5 ? [{ type: 'FieldValueForbidden', field: 'spec.size', detail: 'too big' }] : []) }) });
  await store.create('default', widget('a'));
  const rev = backend.currentRevision();
  await rejects(store.update('default', 'a', (c) => ({ ...c!, spec: { size: 6 } })), 422, 'Invalid', 'Widget.example.com "a" is invalid: spec.size: Forbidden: too big');
  assert.equal(backend.currentRevision(), rev);
});

test('update with dryRun returns the result with the current resourceVersion and writes nothing', async () => {
  const { store, backend } = setup();
  const a = await store.create('default', widget('a'));
  const { object } = await store.update('default', 'a', (c) => ({ ...c!, spec: { size: 4 } }), { dryRun: true });
  assert.deepEqual(object.spec, { size: 4 });
  assert.equal(object.metadata!.resourceVersion, a.metadata!.resourceVersion);
  assert.equal(backend.currentRevision(), Number(a.metadata!.resourceVersion));
  assert.deepEqual((await store.get('default', 'a')).spec, { size: 1 });
});

// ---- finalizers on update

async function deleting(store: ResourceStore, finalizers: string[]): Promise<KObject> {
  await store.create('default', widget('a', { metadata: { name: 'a', finalizers } }));
  const r = await store.delete('default', 'a');
  assert.equal(r.deleted, false);
  assert.ok(r.object.metadata!.deletionTimestamp);
  return r.object;
}

test('no finalizer can be added once deletion started', async () => {
  const { store } = setup();
  await deleting(store, ['example.com/a']);
  await rejects(store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, finalizers: ['example.com/a', 'example.com/b'] } })), 422, 'Invalid',
    'Widget.example.com "a" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}');
});

test('the forbidden-finalizers message lists the new finalizers sorted, as Go prints a sorted set', async () => {
  const { store } = setup();
  await deleting(store, ['example.com/a']);
  await rejects(store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, finalizers: ['example.com/a', 'z/last', 'b/first'] } })), 422, 'Invalid',
    /found new finalizers \[\]string\{"b\/first", "z\/last"\}$/);
});

test('removing one of two finalizers of a deleting object keeps it; removing the last deletes it', async () => {
  const { store, backend } = setup();
  await deleting(store, ['example.com/a', 'example.com/b']);
  const one = await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, finalizers: ['example.com/b'] } }));
  assert.deepEqual(one.object.metadata!.finalizers, ['example.com/b']);
  assert.ok(await store.tryGet('default', 'a'));
  await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, finalizers: [] } }));
  assert.equal(await store.tryGet('default', 'a'), undefined);
  const { kvs } = await backend.list('/registry/example.com/widgets/');
  assert.equal(kvs.length, 0);
});

test('updates of a deleting object cannot clear its deletionTimestamp', async () => {
  const { store } = setup();
  const d = await deleting(store, ['example.com/a']);
  const { object } = await store.update('default', 'a', (c) => {
    const m = { ...c!.metadata };
    delete m.deletionTimestamp;
    return { ...c!, metadata: m, spec: { size: 3 } };
  });
  assert.equal(object.metadata!.deletionTimestamp, d.metadata!.deletionTimestamp);
});
