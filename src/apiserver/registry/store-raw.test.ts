// ResourceStore's LIST fast path: stored JSON served without parsing must equal the decoded object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceStore } from './store.js';
import type { Strategy } from './strategy.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import type { ResourceInfo } from '../resources.js';
import { storageFor } from './conversions.js';
import { BUILTIN_RESOURCES } from '../resources.js';

const WIDGETS: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['list'], subresources: [],
};
const strategy: Strategy = {
  statusSubresource: false, tracksGeneration: true,
  defaults: () => {}, validate: () => [], validateUpdate: () => [],
  selectableFields: (o) => ({ 'metadata.name': o.metadata?.name ?? '' }),
};

test('list with raw serves each stored object exactly as decode would, without and with a filter', async () => {
  const backend = createMemoryBackend();
  const store = new ResourceStore({ info: WIDGETS, backend, strategy, clock: new FakeClock(0) });
  await store.create('ns', { kind: 'Widget', metadata: { name: 'a', labels: { x: '1' } }, spec: { size: 1 } });
  await store.create('ns', { spec: { size: 2 }, metadata: { name: 'b' } }); // apiVersion/kind absent and keys out of order
  const plain = await store.list({ namespace: 'ns' });
  const raw = await store.list({ namespace: 'ns', raw: true });
  assert.equal(raw.items.length, 0);
  assert.deepEqual(raw.rawItems!.map((j) => JSON.parse(j)), plain.items);
  assert.equal(raw.resourceVersion, plain.resourceVersion);
  const filtered = await store.list({ namespace: 'ns', raw: true, filter: (o) => o.metadata?.name === 'b' });
  assert.deepEqual(filtered.rawItems!.map((j) => JSON.parse(j)), [plain.items[1]]);
  const paged = await store.list({ namespace: 'ns', raw: true, limit: 1 });
  assert.equal(paged.rawItems!.length, 1);
  assert.ok(paged.continue);
});

test('list with raw decodes kinds served through a conversion (events.k8s.io events stored as core events)', async () => {
  const backend = createMemoryBackend();
  const info = BUILTIN_RESOURCES.find((r) => r.group === 'events.k8s.io')!;
  const store = new ResourceStore({ info, backend, strategy, clock: new FakeClock(0), ...storageFor(info) });
  await store.create('ns', { metadata: { name: 'e' }, note: 'hello', reason: 'R', regarding: { kind: 'Pod', name: 'p' } });
  const raw = await store.list({ namespace: 'ns', raw: true });
  const obj = JSON.parse(raw.rawItems![0]);
  assert.equal(obj.apiVersion, 'events.k8s.io/v1');
  assert.equal(obj.note, 'hello');
});
