import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client } from '../../client/rest.js';
import { SharedInformerFactory } from '../../client/factory.js';
import { resources } from '../../client/resources.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { ControllerManager } from './manager.js';
import { done, forObject, keyString, type ObjectKey, type Reconciler } from './reconciler.js';

/** Copies data.value into a label on each ConfigMap: a trivial level-triggered controller writing through the client. */
function labeler(client: Client, factory: SharedInformerFactory, seen: string[]): Reconciler {
  const cms = factory.forResource(resources.configMaps);
  return {
    name: 'labeler',
    watches: () => [forObject(cms)],
    async reconcile(key: ObjectKey) {
      seen.push(keyString(key));
      const cm = cms.get(key);
      if (!cm || cm.metadata?.labels?.value === cm.data?.value) return done();
      await client.resource(resources.configMaps).patch(key.namespace, key.name, 'merge', { metadata: { labels: { value: cm.data?.value ?? '' } } });
      return done();
    },
  };
}

function manager(t: FakeTransport, clock: FakeClock, identity: string, seen: string[], le = true) {
  const client = new Client(t);
  const factory = new SharedInformerFactory({ client, clock });
  return new ControllerManager({
    factory, clock, controllers: [labeler(client, factory, seen)],
    leaderElection: le ? { client, name: 'skiff-controller-manager', identity } : undefined,
  });
}

async function tick(clock: FakeClock, ms: number) {
  for (let t = 0; t < ms; t += 500) { clock.advance(500); await settle(); }
}

test('ControllerManager without leader election syncs informers and runs controllers', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock();
  t.seed(resources.configMaps, { metadata: { name: 'a', namespace: 'ns' }, data: { value: 'x' } });
  const seen: string[] = [];
  const m = manager(t, clock, 'a', seen, false);
  await m.start();
  await settle();
  assert.equal(t.get<ConfigMap>(resources.configMaps, 'ns', 'a')?.metadata?.labels?.value, 'x');
  assert.ok(seen.includes('ns/a'));
  await m.stop();
});

test('ControllerManager runs controllers only on the leader and fails over when it stops', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  const seenA: string[] = []; const seenB: string[] = [];
  const a = manager(t, clock, 'a', seenA);
  await a.start();
  await settle();
  const b = manager(t, clock, 'b', seenB);
  await b.start();
  await settle();
  const cms = new Client(t).resource(resources.configMaps);
  await cms.create('ns', { metadata: { name: 'one' }, data: { value: '1' } });
  await settle();
  assert.equal(a.isLeader(), true);
  assert.equal(b.isLeader(), false);
  assert.equal(t.get<ConfigMap>(resources.configMaps, 'ns', 'one')?.metadata?.labels?.value, '1');
  assert.equal(seenB.length, 0);
  await a.stop();
  await cms.create('ns', { metadata: { name: 'two' }, data: { value: '2' } });
  await tick(clock, 2_000);
  assert.equal(b.isLeader(), true);
  assert.equal(t.get<Lease>(resources.leases, 'kube-system', 'skiff-controller-manager')?.spec?.holderIdentity, 'b');
  assert.equal(t.get<ConfigMap>(resources.configMaps, 'ns', 'two')?.metadata?.labels?.value, '2');
  assert.ok(seenB.includes('ns/one') && seenB.includes('ns/two'));
  await b.stop();
});

test('ControllerManager stop does not wait more than stopTimeoutMs for a reconcile that hangs', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock();
  t.seed(resources.configMaps, { metadata: { name: 'stuck', namespace: 'ns' }, data: { value: 'x' } });
  const client = new Client(t);
  const factory = new SharedInformerFactory({ client, clock });
  const cms = factory.forResource(resources.configMaps);
  let entered = false;
  const hang: Reconciler = { name: 'hang', watches: () => [forObject(cms)], reconcile: () => { entered = true; return new Promise(() => {}); } };
  const m = new ControllerManager({ factory, clock, controllers: [hang], stopTimeoutMs: 5000 });
  await m.start();
  await settle();
  assert.ok(entered, 'the reconcile is in flight');
  let stopped = false;
  const stopping = m.stop().then(() => { stopped = true; });
  await tick(clock, 4500);
  assert.equal(stopped, false, 'still waiting within the cap');
  await tick(clock, 1000);
  await stopping;
  assert.equal(stopped, true, 'stop returned after the cap although the reconcile never finished');
});
