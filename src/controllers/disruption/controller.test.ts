import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { KObject } from '../../api/types.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client, Informer, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { DisruptionController } from './controller.js';

async function setup() {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const t = new FakeTransport({ clock });
  const client = new Client(t);
  const inf = <T extends object>(g: Parameters<Client['resource']>[0]) => new Informer<T>(client.resource<T>(g), { clock });
  const o = {
    client, clock,
    podDisruptionBudgets: inf<PodDisruptionBudget>(resources.podDisruptionBudgets), pods: inf<Pod>(resources.pods),
    replicaSets: inf<ReplicaSet>(resources.replicaSets), deployments: inf<Deployment>(resources.deployments), statefulSets: inf<StatefulSet>(resources.statefulSets),
  };
  const all = [o.podDisruptionBudgets, o.pods, o.replicaSets, o.deployments, o.statefulSets];
  const runner = new Runner({ reconciler: new DisruptionController(o), clock });
  const start = async () => { for (const i of all) i.start(); await runner.start(); await settle(60); };
  const stop = async () => { await runner.stop(); for (const i of all) i.stop(); };
  return { t, client, clock, start, stop };
}

const ref = (o: KObject) => ({ apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata!.name!, uid: o.metadata!.uid!, controller: true });

function seedDeployment(t: FakeTransport, replicas: number) {
  const d = t.seed(resources.deployments, { metadata: { name: 'web', namespace: 'ns' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: {} } }) as KObject;
  const rs = t.seed(resources.replicaSets, { metadata: { name: 'web-1', namespace: 'ns', ownerReferences: [ref(d)] }, spec: { replicas, selector: { matchLabels: { app: 'web' } } } }) as KObject;
  for (let i = 0; i < 3; i++) {
    t.seed(resources.pods, { metadata: { name: `web-${i}`, namespace: 'ns', labels: { app: 'web' }, ownerReferences: [ref(rs)] }, spec: { containers: [] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  }
}

const status = (t: FakeTransport, name: string) => t.get<PodDisruptionBudget>(resources.podDisruptionBudgets, 'ns', name)!.status!;

test('DisruptionController writes PDB status and follows pod readiness', async () => {
  const { t, client, start, stop } = await setup();
  seedDeployment(t, 3);
  t.seed(resources.podDisruptionBudgets, { metadata: { name: 'min2', namespace: 'ns' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
  await start();
  assert.deepEqual({ ...status(t, 'min2'), conditions: undefined }, { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1, conditions: undefined });
  assert.equal(status(t, 'min2').conditions?.[0]?.reason, 'SufficientPods');
  await client.resource(resources.pods).patch('ns', 'web-0', 'merge', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, { subresource: 'status' });
  await settle(60);
  assert.equal(status(t, 'min2').disruptionsAllowed, 0);
  assert.equal(status(t, 'min2').conditions?.[0]?.reason, 'InsufficientPods');
  await stop();
});

test('DisruptionController recomputes maxUnavailable budgets when the owner scales', async () => {
  const { t, client, start, stop } = await setup();
  seedDeployment(t, 3);
  t.seed(resources.podDisruptionBudgets, { metadata: { name: 'max1', namespace: 'ns' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } });
  await start();
  assert.equal(status(t, 'max1').expectedPods, 3);
  assert.equal(status(t, 'max1').disruptionsAllowed, 1);
  await client.resource(resources.deployments).patch('ns', 'web', 'merge', { spec: { replicas: 4 } });
  await settle(60);
  assert.equal(status(t, 'max1').expectedPods, 4, 'the Deployment scale counts, found through the ReplicaSet');
  assert.equal(status(t, 'max1').disruptionsAllowed, 0);
  await stop();
});

test('DisruptionController treats a 409 as a newer PDB on its way, not as an error', async () => {
  const { t, clock, start, stop } = await setup();
  seedDeployment(t, 3);
  t.seed(resources.podDisruptionBudgets, { metadata: { name: 'min2', namespace: 'ns' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
  let conflicts = 1;
  t.addReactor(async (r) => {
    if (r.method !== 'PUT' || !r.path.endsWith('/status') || conflicts-- <= 0) return undefined;
    // an eviction lands first: it bumps the PDB, so our write (cached resourceVersion) conflicts
    await t.request({ method: 'PATCH', path: r.path.replace(/\/status$/, ''), contentType: 'application/merge-patch+json', body: { metadata: { annotations: { evicted: 'yes' } } } });
    return { status: 409, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ kind: 'Status', code: 409, reason: 'Conflict', message: 'conflict' })) };
  });
  await start();
  assert.equal(conflicts, -1, 'one refused write, then the newer PDB event reconciled again');
  assert.equal(status(t, 'min2').disruptionsAllowed, 1);
  assert.equal(clock.now(), Date.parse('2024-01-01T00:00:00Z'), 'no backoff needed');
  await stop();
});
