// WatchHub: one backend watch per resource, a replay buffer, fan-out by prefix, direct backend watches for
// revisions older than the buffer, 410 for compacted ones. The memory backend delivers events on setImmediate,
// so `settle()` (one macrotask turn) is all the waiting these tests do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchHub, type HubEvent } from './hub.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { isStoreError, type Backend, type KeyValue } from '../../store/backend.js';
import type { KObject } from '../../api/types.js';

const PREFIX = '/registry/core/configmaps/';
const settle = () => new Promise<void>((r) => setImmediate(r));
const decode = (kv: KeyValue): KObject => ({ ...JSON.parse(kv.value), metadata: { ...JSON.parse(kv.value).metadata, resourceVersion: String(kv.modRevision) } });

function setup(bufferSize?: number) {
  const backend = createMemoryBackend();
  const hub = new WatchHub({ backend, prefix: PREFIX, decode, bufferSize });
  return { backend, hub };
}
const put = (b: Backend, ns: string, name: string, data = '1') => b.create(`${PREFIX}${ns}/${name}`, JSON.stringify({ metadata: { name, namespace: ns }, data: { v: data } }));
async function update(b: Backend, ns: string, name: string, data: string) {
  const { kv } = await b.get(`${PREFIX}${ns}/${name}`);
  return b.update(kv!.key, JSON.stringify({ metadata: { name, namespace: ns }, data: { v: data } }), kv!.modRevision);
}

function collector() {
  const got: HubEvent[] = [];
  return { got, push: (evs: HubEvent[]) => { got.push(...evs); }, revs: () => got.map((e) => e.revision), types: () => got.map((e) => e.type) };
}

test('subscribe replays buffered events after the given revision, then streams live ones', async () => {
  const { backend, hub } = setup();
  await put(backend, 'default', 'a');
  await put(backend, 'default', 'b');
  await update(backend, 'default', 'a', '2');
  await settle();
  const c = collector();
  const sub = hub.subscribe(PREFIX, 1, c.push);
  assert.deepEqual(c.revs(), [2, 3], 'replayed synchronously from the buffer');
  assert.deepEqual(c.types(), ['ADDED', 'MODIFIED']);
  assert.equal(c.got[1]!.old?.data && (c.got[1]!.old.data as { v: string }).v, '1', 'MODIFIED carries the previous state');
  await backend.delete(`${PREFIX}default/b`, 0);
  await settle();
  assert.deepEqual(c.revs(), [2, 3, 4]);
  assert.equal(c.got[2]!.type, 'DELETED');
  assert.equal(c.got[2]!.object.metadata!.name, 'b');
  assert.equal(sub.progress(), 4);
  assert.equal(hub.revision(), 4);
  sub.close();
  hub.close();
});

test('events fan out by prefix, and subscribers share one decoded event', async () => {
  const { backend, hub } = setup();
  const all = collector(); const a = collector(); const b = collector();
  hub.subscribe(PREFIX, 0, all.push);
  hub.subscribe(`${PREFIX}a/`, 0, a.push);
  hub.subscribe(`${PREFIX}b/`, 0, b.push);
  await put(backend, 'a', 'x');
  await put(backend, 'b', 'y');
  await put(backend, 'ab', 'z');
  await settle();
  assert.deepEqual(all.revs(), [1, 2, 3]);
  assert.deepEqual(a.revs(), [1], 'namespace "ab" is not under "a/"');
  assert.deepEqual(b.revs(), [2]);
  assert.equal(a.got[0], all.got[0], 'one HubEvent (and one serialization cache) for every subscriber');
  hub.close();
});

test('close() of a subscription stops delivery to it only', async () => {
  const { backend, hub } = setup();
  const one = collector(); const two = collector();
  const s1 = hub.subscribe(PREFIX, 0, one.push);
  hub.subscribe(PREFIX, 0, two.push);
  assert.equal(hub.subscriberCount(), 2);
  s1.close();
  assert.equal(hub.subscriberCount(), 1);
  await put(backend, 'default', 'a');
  await settle();
  assert.deepEqual(one.revs(), []);
  assert.deepEqual(two.revs(), [1]);
  hub.close();
  assert.equal(hub.subscriberCount(), 0);
});

test('a revision older than the buffer falls back to a direct backend watch without gaps or duplicates', async () => {
  const { backend, hub } = setup(2);
  for (let i = 0; i < 5; i++) await put(backend, 'default', `o${i}`);
  await settle();
  const c = collector();
  const sub = hub.subscribe(PREFIX, 1, c.push);
  assert.deepEqual(c.revs(), [], 'nothing from the buffer: the direct watch delivers asynchronously');
  await settle();
  assert.deepEqual(c.revs(), [2, 3, 4, 5]);
  await put(backend, 'default', 'o5');
  await settle();
  assert.deepEqual(c.revs(), [2, 3, 4, 5, 6]);
  assert.equal(sub.progress(), 6);
  sub.close();
  hub.close();
});

test('a revision inside the buffer window is served from the buffer even when the buffer is small', async () => {
  const { backend, hub } = setup(2);
  for (let i = 0; i < 5; i++) await put(backend, 'default', `o${i}`);
  await settle();
  const c = collector();
  hub.subscribe(PREFIX, 3, c.push);
  assert.deepEqual(c.revs(), [4, 5], 'synchronous replay');
  hub.close();
});

test('subscribing at a compacted revision throws ErrCompacted (410 at the edge), even if the buffer still has it', async () => {
  const { backend, hub } = setup();
  for (let i = 0; i < 5; i++) await put(backend, 'default', `o${i}`);
  await settle();
  await backend.compact(3);
  assert.throws(() => hub.subscribe(PREFIX, 2, () => {}), (e: unknown) => isStoreError(e, 'Compacted'));
  const c = collector();
  hub.subscribe(PREFIX, 3, c.push);
  assert.deepEqual(c.revs(), [4, 5]);
  hub.close();
});

test('a subscriber never receives events at or below its starting revision', async () => {
  const { backend, hub } = setup();
  await put(backend, 'default', 'a');
  await put(backend, 'default', 'b');
  // a list would report revision 2 now, before the hub's backend watch has delivered revisions 1 and 2
  const c = collector();
  hub.subscribe(PREFIX, backend.currentRevision(), c.push);
  await put(backend, 'default', 'c');
  await settle();
  assert.deepEqual(c.revs(), [3]);
  hub.close();
});
