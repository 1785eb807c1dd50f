import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client, Informer, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import type { TransportRequest } from '../../client/transport.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { PodGCController } from './controller.js';

async function setup(threshold = 12500) {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const t = new FakeTransport({ clock });
  const client = new Client(t);
  const pods = new Informer<Pod>(client.resource(resources.pods), { clock });
  // nodes labelled hidden=true stand for nodes the cache has not seen yet
  const nodes = new Informer<Node>(client.resource(resources.nodes), { clock, labelSelector: 'hidden!=true' });
  const runner = new Runner({ reconciler: new PodGCController({ client, pods, nodes, clock, terminatedPodThreshold: threshold }), clock });
  const start = async () => { pods.start(); nodes.start(); await runner.start(); await settle(60); };
  const stop = async () => { await runner.stop(); pods.stop(); nodes.stop(); };
  const step = async (ms: number) => { clock.advance(ms); await settle(60); };
  return { t, clock, start, stop, step };
}

const pod = (name: string, extra: { nodeName?: string; phase?: string; reason?: string; deleting?: boolean } = {}) => ({
  metadata: { name, namespace: 'ns', ...(extra.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['hold'] } : {}) },
  spec: { containers: [], ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
  status: { phase: extra.phase ?? 'Running', ...(extra.reason ? { reason: extra.reason } : {}) },
});
const writes = (t: FakeTransport, method: string) => t.requests.filter((r): r is TransportRequest => r.method === method);
const names = (t: FakeTransport) => t.list<Pod>(resources.pods).map((p) => p.metadata!.name!).sort();

test('PodGCController keeps at most the threshold of terminated pods, evicted then oldest first', async () => {
  const { t, clock, start, stop } = await setup(2);
  t.seed(resources.nodes, { metadata: { name: 'n' } });
  for (const n of ['old', 'mid', 'new']) { t.seed(resources.pods, pod(n, { nodeName: 'n', phase: 'Succeeded' })); clock.advance(1000); }
  t.seed(resources.pods, pod('evicted', { nodeName: 'n', phase: 'Failed', reason: 'Evicted' }));
  t.seed(resources.pods, pod('running', { nodeName: 'n' }));
  await start();
  assert.deepEqual(names(t), ['mid', 'new', 'running']);
  const del = writes(t, 'DELETE').map((r) => r.body as { gracePeriodSeconds?: number });
  assert.ok(del.length === 2 && del.every((b) => b.gracePeriodSeconds === 0), 'force-deleted');
  await stop();
});

test('PodGCController deletes pods of vanished nodes after the quarantine, confirming with a live GET', async () => {
  const { t, start, stop, step } = await setup();
  t.seed(resources.nodes, { metadata: { name: 'late', labels: { hidden: 'true' } } });
  t.seed(resources.pods, pod('orphan', { nodeName: 'ghost' }));
  t.seed(resources.pods, pod('cache-lag', { nodeName: 'late' }));
  await start();
  assert.deepEqual(names(t), ['cache-lag', 'orphan'], 'quarantine first');
  await step(20_000);
  assert.deepEqual(names(t), ['cache-lag', 'orphan']);
  await step(20_000);
  assert.deepEqual(names(t), ['cache-lag'], 'node still exists on the server: kept');
  const failed = writes(t, 'PATCH').find((r) => r.path.endsWith('/pods/orphan/status'));
  assert.match(JSON.stringify(failed?.body), /"phase":"Failed".*DeletionByPodGC.*PodGC: node no longer exists/);
  await stop();
});

test('PodGCController force-deletes unscheduled terminating pods and passes at most every 20 s', async () => {
  const { t, start, stop, step } = await setup();
  t.seed(resources.nodes, { metadata: { name: 'n' } });
  await start();
  t.seed(resources.pods, pod('stuck', { deleting: true }));
  await step(0);
  assert.equal(writes(t, 'DELETE').length, 0, 'waits for the next period');
  await step(20_000);
  const del = writes(t, 'DELETE');
  assert.equal(del.length, 1);
  assert.equal(del[0]!.path, '/api/v1/namespaces/ns/pods/stuck');
  await stop();
});
