import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../machinery/clock.js';
import { ApiError } from '../machinery/errors.js';
import { Client } from './rest.js';
import { Informer } from './informer.js';
import { SharedInformerFactory } from './factory.js';
import { resources } from './resources.js';
import { FakeTransport } from './testing/fake.js';
import { settle } from './testing/settle.js';

const pod = (name: string, node = '', ns = 'default'): Pod => ({ metadata: { name, namespace: ns }, spec: { nodeName: node || undefined, containers: [] } });

function setup(opts: { resyncMs?: number; pageSize?: number } = {}) {
  const t = new FakeTransport();
  const clock = new FakeClock(1_000_000);
  const client = new Client(t);
  const inf = new Informer<Pod>(client.resource(resources.pods), { clock, ...opts });
  const log: string[] = [];
  inf.addEventHandler({
    onAdd: (o, initial) => log.push(`add ${o.metadata?.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (a, b) => log.push(`update ${b.metadata?.name} ${a.metadata?.resourceVersion}->${b.metadata?.resourceVersion}`),
    onDelete: (o, i) => log.push(`delete ${o.metadata?.name}${i.finalStateUnknown ? ' (unknown)' : ''}`),
  });
  return { t, clock, client, inf, log, pods: client.resource(resources.pods) };
}

test('Informer lists in pages, syncs, then follows the watch', async () => {
  const { t, inf, log, pods } = setup({ pageSize: 2 });
  for (const n of ['a', 'b', 'c']) t.seed(resources.pods, pod(n));
  inf.start();
  await inf.waitForSync();
  assert.equal(t.requests.filter((r) => r.method === 'GET').length, 2, 'two pages');
  assert.deepEqual(log.splice(0), ['add a (initial)', 'add b (initial)', 'add c (initial)']);
  await settle();
  const watch = t.requests.find((r) => r.method === 'WATCH')!;
  assert.equal(watch.query?.allowWatchBookmarks, 'true');
  assert.equal(watch.query?.resourceVersion, '3');
  await pods.create('default', pod('d'));
  const b = await pods.get('default', 'b');
  await pods.update('default', { ...b, metadata: { ...b.metadata, labels: { x: 'y' } } });
  await pods.delete('default', 'a');
  await settle();
  assert.deepEqual(log, ['add d', 'update b 2->5', 'delete a']);
  assert.deepEqual(inf.list('default').map((p) => p.metadata?.name).sort(), ['b', 'c', 'd']);
  assert.equal(inf.get('default', 'b')?.metadata?.labels?.x, 'y');
  assert.equal(inf.get({ namespace: 'default', name: 'c' })?.metadata?.name, 'c');
  assert.equal(inf.get('default/d')?.metadata?.name, 'd');
  inf.stop();
});

test('Informer cache objects are frozen', async () => {
  const { t, inf } = setup();
  t.seed(resources.pods, pod('a'));
  inf.start();
  await inf.waitForSync();
  assert.throws(() => { (inf.get('default', 'a')!.metadata as { name: string }).name = 'x'; }, TypeError);
  inf.stop();
});

test('Informer re-watches from the last resourceVersion after the stream ends, and bookmarks advance it', async () => {
  const { t, inf, log, pods } = setup();
  t.seed(resources.pods, pod('a'));
  inf.start();
  await inf.waitForSync();
  await settle();
  await pods.create('default', pod('b'));
  await settle();
  t.bookmark();
  await settle();
  t.closeWatches();
  await pods.create('default', pod('c')); // happens while no watch is open
  await settle();
  const watches = t.requests.filter((r) => r.method === 'WATCH');
  assert.equal(watches.length, 2);
  assert.equal(watches[1]!.query?.resourceVersion, '2');
  assert.deepEqual(log.slice(1), ['add b', 'add c']);
  inf.stop();
});

test('Informer relists on a 410 ERROR event and reports deletes it missed as finalStateUnknown', async () => {
  const { t, clock, inf, log, pods } = setup();
  t.seed(resources.pods, pod('a'));
  t.seed(resources.pods, pod('b'));
  inf.start();
  await inf.waitForSync();
  await settle();
  t.closeWatches();
  // While disconnected (watch retried only after a backoff), b is deleted and history is compacted.
  const stopWatches = t.addReactor((r) => (r.query?.watch ? new ApiError(500, 'InternalError', 'down') : undefined));
  await settle();
  await pods.delete('default', 'b');
  await pods.create('default', pod('c'));
  t.compact();
  stopWatches();
  clock.advance(1000);
  await settle();
  assert.deepEqual(log.slice(2), ['add c', 'delete b (unknown)']);
  assert.deepEqual(inf.keys().sort(), ['default/a', 'default/c']);
  inf.stop();
});

test('Informer relists when the watch request itself answers 410', async () => {
  const { t, clock, inf, log, pods } = setup();
  inf.start();
  await inf.waitForSync();
  await settle();
  let fail = true;
  t.addReactor((r) => (r.query?.watch && fail ? (fail = false, new ApiError(410, 'Expired', 'too old resource version: 1 (2)')) : undefined));
  t.closeWatches();
  await pods.create('default', pod('x'));
  await settle();
  clock.advance(800); // a watch that ended at once without events is retried after a backoff
  await settle();
  assert.deepEqual(log, ['add x']);
  assert.equal(t.requests.filter((r) => r.method === 'GET').length, 2, 'listed twice');
  inf.stop();
});

test('Informer resync re-delivers updates for every cached object on the clock', async () => {
  const { t, clock, inf, log } = setup({ resyncMs: 30_000 });
  t.seed(resources.pods, pod('a'));
  inf.start();
  await inf.waitForSync();
  log.length = 0;
  clock.advance(29_999);
  assert.deepEqual(log, []);
  clock.advance(1);
  assert.deepEqual(log, ['update a 1->1']);
  clock.advance(30_000);
  assert.equal(log.length, 2);
  inf.stop();
});

test('Informer indexers follow updates and deletes; late handlers get the cache replayed', async () => {
  const { t, inf, pods } = setup();
  inf.addIndexer('byNode', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  t.seed(resources.pods, pod('a', 'n1'));
  t.seed(resources.pods, pod('b', 'n1'));
  inf.start();
  await inf.waitForSync();
  await settle();
  assert.deepEqual(inf.byIndex('byNode', 'n1').map((p) => p.metadata?.name).sort(), ['a', 'b']);
  const b = await pods.get('default', 'b');
  await pods.update('default', { ...b, spec: { ...b.spec!, nodeName: 'n2' } });
  await pods.delete('default', 'a');
  await settle();
  assert.deepEqual(inf.byIndex('byNode', 'n1'), []);
  assert.deepEqual(inf.byIndex('byNode', 'n2').map((p) => p.metadata?.name), ['b']);
  const late: string[] = [];
  inf.addEventHandler({ onAdd: (o, initial) => late.push(`${o.metadata?.name} ${initial}`) });
  assert.deepEqual(late, ['b true']);
  inf.stop();
});

test('SharedInformerFactory returns one informer per resource and filter', async () => {
  const t = new FakeTransport();
  const f = new SharedInformerFactory({ client: new Client(t), clock: new FakeClock() });
  const a = f.forResource(resources.pods);
  assert.equal(f.forResource(resources.pods), a);
  assert.notEqual(f.forResource(resources.pods, { namespace: 'x' }), a);
  f.forResource(resources.nodes);
  assert.equal(f.hasSynced(), false);
  f.start();
  await f.waitForSync();
  assert.equal(f.hasSynced(), true);
  const late = f.forResource(resources.leases);
  await late.waitForSync();
  f.stop();
});
