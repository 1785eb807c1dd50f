import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { recordingLogger } from '../../machinery/log.js';
import { Client } from '../../client/rest.js';
import { Informer } from '../../client/informer.js';
import { resources } from '../../client/resources.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from './runner.js';
import { TerminalError, done, forObject, forOwner, keyString, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result } from './reconciler.js';

class Scripted implements Reconciler {
  readonly name = 'scripted';
  calls: string[] = [];
  active = 0;
  maxActive = 0;
  script = new Map<string, (n: number) => Result | Error>();
  constructor(private readonly inf: Informer<ConfigMap>) {}
  watches() { return [forObject(this.inf)]; }
  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const k = keyString(key);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    await settle(2);
    this.active--;
    const n = this.calls.filter((c) => c === k).length;
    this.calls.push(k);
    const out = this.script.get(k)?.(n) ?? done();
    void ctx;
    if (out instanceof Error) throw out;
    return out;
  }
}

async function setup(workers = 2) {
  const t = new FakeTransport();
  const clock = new FakeClock();
  const inf = new Informer<ConfigMap>(new Client(t).resource(resources.configMaps), { clock });
  const rec = new Scripted(inf);
  const logger = recordingLogger();
  const runner = new Runner({ reconciler: rec, workers, clock, logger });
  return { t, clock, inf, rec, runner, logger };
}

const cm = (name: string) => ({ metadata: { name, namespace: 'ns' }, data: {} });

test('Runner waits for the informer to sync, then reconciles each key once', async () => {
  const { t, inf, rec, runner } = await setup();
  t.seed(resources.configMaps, cm('a'));
  t.seed(resources.configMaps, cm('b'));
  const started = runner.start();
  await settle();
  assert.deepEqual(rec.calls, [], 'informer not started yet');
  inf.start();
  await started;
  await settle();
  assert.deepEqual(rec.calls.sort(), ['ns/a', 'ns/b']);
  assert.equal(runner.stats.reconciles, 2);
  await runner.stop();
  inf.stop();
});

test('Runner never reconciles one key concurrently, even with many workers and many events', async () => {
  const { t, inf, rec, runner } = await setup(4);
  t.seed(resources.configMaps, cm('a'));
  inf.start();
  await runner.start();
  for (let i = 0; i < 10; i++) runner.enqueue({ namespace: 'ns', name: 'a' });
  await settle(50);
  assert.equal(rec.maxActive, 1);
  assert.ok(rec.calls.length <= 3, `coalesced, got ${rec.calls.length}`);
  await runner.stop();
  inf.stop();
});

test('Runner retries a throw with backoff, logging each failure once, and forgets on success', async () => {
  const { t, clock, inf, rec, runner, logger } = await setup();
  rec.script.set('ns/a', (n) => (n < 2 ? new Error('boom') : done()));
  t.seed(resources.configMaps, cm('a'));
  inf.start();
  await runner.start();
  await settle();
  assert.equal(rec.calls.length, 1);
  clock.advance(5); await settle();
  assert.equal(rec.calls.length, 2);
  clock.advance(9); await settle();
  assert.equal(rec.calls.length, 2, 'second backoff is 10 ms');
  clock.advance(1); await settle();
  assert.equal(rec.calls.length, 3);
  assert.equal(runner.stats.errors, 2);
  assert.equal(runner.queue.numRequeues('ns/a'), 0);
  const errs = logger.entries.filter((e) => e.level === 'error');
  assert.equal(errs.length, 2);
  assert.deepEqual(errs[0], { level: 'error', msg: 'Reconcile failed; will retry', fields: { controller: 'scripted', key: 'ns/a', err: 'boom', retries: 0 } });
  await runner.stop();
  inf.stop();
});

test('Runner stops retrying on TerminalError and counts it', async () => {
  const { t, clock, inf, rec, runner } = await setup();
  rec.script.set('ns/a', () => new TerminalError('spec is impossible'));
  t.seed(resources.configMaps, cm('a'));
  inf.start();
  await runner.start();
  await settle();
  clock.advance(10_000); await settle();
  assert.equal(rec.calls.length, 1);
  assert.equal(runner.stats.terminalErrors, 1);
  await runner.stop();
  inf.stop();
});

test('Runner requeues after the requested delay on the clock', async () => {
  const { t, clock, inf, rec, runner } = await setup();
  rec.script.set('ns/a', (n) => (n === 0 ? requeueAfter(30_000) : done()));
  t.seed(resources.configMaps, cm('a'));
  inf.start();
  await runner.start();
  await settle();
  clock.advance(29_999); await settle();
  assert.equal(rec.calls.length, 1);
  clock.advance(1); await settle();
  assert.equal(rec.calls.length, 2);
  assert.equal(runner.stats.requeues, 1);
  await runner.stop();
  inf.stop();
});

test('Runner.stop removes handlers so later events are ignored', async () => {
  const { t, inf, rec, runner } = await setup();
  inf.start();
  await runner.start();
  await runner.stop();
  await new Client(t).resource(resources.configMaps).create('ns', cm('late'));
  await settle();
  assert.deepEqual(rec.calls, []);
  inf.stop();
});

test('Runner counts owned adds and deletes against the owner expectations (forOwner)', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock();
  const client = new Client(t);
  const owned = new Informer<ConfigMap>(client.resource(resources.configMaps), { clock });
  const reconciler: Reconciler = { name: 'owner', watches: () => [forOwner(owned, 'Owner')], reconcile: async () => done() };
  const runner = new Runner({ reconciler, clock });
  owned.start();
  await runner.start();
  runner.expectations.expectCreations('ns/o', 2);
  const ref = [{ apiVersion: 'v1', kind: 'Owner', name: 'o', uid: 'u', controller: true }];
  await client.resource(resources.configMaps).create('ns', { metadata: { name: 'c1', ownerReferences: ref } });
  await settle();
  assert.equal(runner.expectations.satisfied('ns/o'), false);
  await client.resource(resources.configMaps).create('ns', { metadata: { name: 'c2', ownerReferences: ref } });
  await settle();
  assert.equal(runner.expectations.satisfied('ns/o'), true);
  runner.expectations.expectDeletions('ns/o', 1);
  await client.resource(resources.configMaps).delete('ns', 'c1');
  await settle();
  assert.equal(runner.expectations.satisfied('ns/o'), true);
  await runner.stop();
  owned.stop();
});

test('Runner skips updates that the watch says do not matter, but not adds', async () => {
  const { t, inf, rec } = await setup();
  const clock = new FakeClock();
  const filtered = new Runner({
    reconciler: { name: 'filtered', watches: () => [{ ...forObject(inf), updateMatters: (a: { data?: Record<string, string> }, b: { data?: Record<string, string> }) => a.data?.k !== b.data?.k }], reconcile: (k, c) => rec.reconcile(k, c) },
    workers: 1, clock, logger: recordingLogger(),
  });
  inf.start();
  await filtered.start();
  const cms = new Client(t).resource(resources.configMaps);
  await cms.create('ns', { metadata: { name: 'x', namespace: 'ns' }, data: { k: '1', other: 'a' } });
  await settle();
  assert.deepEqual(rec.calls, ['ns/x']);
  await cms.patch('ns', 'x', 'merge', { data: { other: 'b' } });
  await settle();
  assert.deepEqual(rec.calls, ['ns/x'], 'an irrelevant update is not reconciled');
  await cms.patch('ns', 'x', 'merge', { data: { k: '2' } });
  await settle();
  assert.ok(rec.calls.length >= 2, 'a relevant update is reconciled');
  await filtered.stop();
  inf.stop();
});
