// ResourceStore.list: consistent pagination (limit/continue) with filters, expired continue tokens,
// resourceVersion / resourceVersionMatch semantics, namespace isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceStore, parseResourceVersion } from './store.js';
import type { Strategy } from './strategy.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import type { KObject } from '../../api/types.js';
import type { ResourceInfo } from '../resources.js';

const WIDGETS: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['list'], subresources: [],
};
const strategy: Strategy = {
  statusSubresource: false, tracksGeneration: false,
  defaults: () => {}, validate: () => [], validateUpdate: () => [],
  selectableFields: (o) => ({ 'metadata.name': o.metadata?.name ?? '' }),
};

function setup() {
  const backend = createMemoryBackend();
  const store = new ResourceStore({ info: WIDGETS, backend, strategy, clock: new FakeClock(0) });
  return { backend, store };
}
const names = (items: KObject[]) => items.map((o) => o.metadata!.name!);

async function rejects(p: Promise<unknown>, code: number, reason: string, message: string | RegExp): Promise<void> {
  let err: unknown;
  try { await p; } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
  assert.equal(err.code, code);
  assert.equal(err.reason, reason);
  if (typeof message === 'string') assert.equal(err.message, message); else assert.match(err.message, message);
}

async function seed(store: ResourceStore, ns: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await store.create(ns, { metadata: { name: `w${String(i).padStart(2, '0')}`, labels: { parity: i % 2 ? 'odd' : 'even' } } });
}

test('list returns every object in key order with the current revision', async () => {
  const { store, backend } = setup();
  await seed(store, 'default', 5);
  const l = await store.list({ namespace: 'default' });
  assert.deepEqual(names(l.items), ['w00', 'w01', 'w02', 'w03', 'w04']);
  assert.equal(l.resourceVersion, String(backend.currentRevision()));
  assert.equal(l.continue, undefined);
});

test('a namespace list does not include namespaces whose name extends it', async () => {
  const { store } = setup();
  await seed(store, 'a', 2);
  await seed(store, 'ab', 3);
  assert.equal((await store.list({ namespace: 'a' })).items.length, 2);
  assert.equal((await store.list({ namespace: '' })).items.length, 5, 'all namespaces');
});

test('limit/continue pages through a filtered list as one consistent snapshot', async () => {
  const { store } = setup();
  await seed(store, 'default', 11);
  const even = (o: KObject) => o.metadata!.labels!.parity === 'even';
  const pages: string[][] = [];
  let cont: string | undefined;
  let rv: string | undefined;
  for (let i = 0; i < 10; i++) {
    const l = await store.list({ namespace: 'default', filter: even, limit: 2, continue: cont });
    pages.push(names(l.items));
    rv ??= l.resourceVersion;
    assert.equal(l.resourceVersion, rv, 'every page reports the first page\'s revision');
    if (i === 0) {
      // writes after the first page are not seen by later pages
      await store.create('default', { metadata: { name: 'w05a', labels: { parity: 'even' } } });
      await store.update('default', 'w08', (c) => ({ ...c!, metadata: { ...c!.metadata, labels: { parity: 'odd' } } }));
    }
    cont = l.continue;
    if (!cont) break;
  }
  assert.deepEqual(pages, [['w00', 'w02'], ['w04', 'w06'], ['w08', 'w10']]);
});

test('the last page has no continue token', async () => {
  const { store } = setup();
  await seed(store, 'default', 4);
  const p1 = await store.list({ namespace: 'default', limit: 2 });
  assert.ok(p1.continue);
  const p2 = await store.list({ namespace: 'default', limit: 2, continue: p1.continue });
  assert.deepEqual(names(p2.items), ['w02', 'w03']);
  assert.equal(p2.continue, undefined);
});

test('a filter that matches nothing returns an empty list without a continue token', async () => {
  const { store } = setup();
  await seed(store, 'default', 30);
  const l = await store.list({ namespace: 'default', filter: () => false, limit: 3 });
  assert.deepEqual(l.items, []);
  assert.equal(l.continue, undefined);
});

test('a continue token older than the compacted revision is 410 Expired', async () => {
  const { store, backend } = setup();
  await seed(store, 'default', 4);
  const p1 = await store.list({ namespace: 'default', limit: 2 });
  await store.create('default', { metadata: { name: 'later' } });
  await backend.compact(backend.currentRevision());
  await rejects(store.list({ namespace: 'default', limit: 2, continue: p1.continue }), 410, 'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
});

test('a malformed continue token is 400 BadRequest', async () => {
  const { store } = setup();
  await rejects(store.list({ namespace: 'default', continue: 'garbage!' }), 400, 'BadRequest', /^continue key is not valid/);
});

test('resourceVersionMatch=Exact lists the state at that revision', async () => {
  const { store } = setup();
  await store.create('default', { metadata: { name: 'a', labels: { v: '1' } } });
  const at = (await store.list({ namespace: 'default' })).resourceVersion;
  await store.update('default', 'a', (c) => ({ ...c!, metadata: { ...c!.metadata, labels: { v: '2' } } }));
  await store.create('default', { metadata: { name: 'b' } });
  const l = await store.list({ namespace: 'default', resourceVersion: at, resourceVersionMatch: 'Exact' });
  assert.equal(l.resourceVersion, at);
  assert.deepEqual(names(l.items), ['a']);
  assert.deepEqual(l.items[0]!.metadata!.labels, { v: '1' });
  assert.equal(l.items[0]!.metadata!.resourceVersion, at);
});

test('resourceVersionMatch=Exact at a compacted revision is 410 "too old resource version"', async () => {
  const { store, backend } = setup();
  await seed(store, 'default', 5);
  await backend.compact(4);
  await rejects(store.list({ namespace: 'default', resourceVersion: '2', resourceVersionMatch: 'Exact' }), 410, 'Expired', 'too old resource version: 2 (4)');
});

test('a future resourceVersion is 504 Timeout "Too large resource version"', async () => {
  const { store } = setup();
  await seed(store, 'default', 2);
  await rejects(store.list({ namespace: 'default', resourceVersion: '100', resourceVersionMatch: 'Exact' }), 504, 'Timeout', 'Too large resource version: 100, current: 2');
  await rejects(store.list({ namespace: 'default', resourceVersion: '100' }), 504, 'Timeout', 'Too large resource version: 100, current: 2');
});

test('resourceVersion NotOlderThan (and "0") serve the latest state', async () => {
  const { store, backend } = setup();
  await seed(store, 'default', 3);
  for (const resourceVersion of ['0', '1']) {
    const l = await store.list({ namespace: 'default', resourceVersion, resourceVersionMatch: resourceVersion === '0' ? undefined : 'NotOlderThan' });
    assert.equal(l.items.length, 3);
    assert.equal(l.resourceVersion, String(backend.currentRevision()));
  }
});

test('parseResourceVersion accepts non-negative integers only', () => {
  assert.equal(parseResourceVersion('0'), 0);
  assert.equal(parseResourceVersion('123'), 123);
  for (const bad of ['-1', 'abc', '1.5', '']) {
    assert.throws(() => parseResourceVersion(bad), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message.includes(`"${bad}"`), bad);
  }
});
