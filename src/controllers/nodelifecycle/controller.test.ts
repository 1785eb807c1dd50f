import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { FakeClock, rfc3339 } from '../../machinery/clock.js';
import { Client, Informer, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { NodeLifecycleController } from './controller.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

async function setup() {
  const clock = new FakeClock(T0);
  const t = new FakeTransport({ clock });
  const client = new Client(t);
  const nodes = new Informer<Node>(client.resource(resources.nodes), { clock });
  const leases = new Informer<Lease>(client.resource(resources.leases), { clock, namespace: 'kube-node-lease' });
  const pods = new Informer<Pod>(client.resource(resources.pods), { clock });
  const runner = new Runner({ reconciler: new NodeLifecycleController({ client, nodes, leases, pods, clock }), clock });
  const start = async () => { for (const i of [nodes, leases, pods]) i.start(); await runner.start(); await settle(60); };
  const stop = async () => { await runner.stop(); for (const i of [nodes, leases, pods]) i.stop(); };
  const step = async (ms: number) => { clock.advance(ms); await settle(60); };
  return { t, client, clock, start, stop, step };
}

function seedNode(t: FakeTransport, name: string) {
  t.seed(resources.nodes, { metadata: { name }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: rfc3339(T0), lastTransitionTime: rfc3339(T0) }] } });
  t.seed(resources.leases, { metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, renewTime: new Date(T0).toISOString() } });
}

function seedPod(t: FakeTransport, name: string, node: string, tolerationSeconds: number) {
  t.seed(resources.pods, {
    metadata: { name, namespace: 'ns' },
    spec: { nodeName: node, containers: [], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

test('NodeLifecycleController: silent node → Unknown, tainted, pods not ready, evicted after tolerationSeconds', async () => {
  const { t, client, start, stop, step } = await setup();
  seedNode(t, 'dead');
  seedNode(t, 'alive');
  seedPod(t, 'short', 'dead', 10);
  seedPod(t, 'long', 'dead', 300);
  seedPod(t, 'other', 'alive', 10);
  await start();
  await step(30_000);
  await client.resource(resources.leases).patch('kube-node-lease', 'alive', 'merge', { spec: { renewTime: new Date(T0 + 30_000).toISOString() } });
  await step(10_000);
  const ready = (n: string) => t.get<Node>(resources.nodes, '', n)!.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.equal(ready('dead').status, 'True', 'still within the 40 s grace period');
  await step(1000);
  assert.equal(ready('dead').status, 'Unknown');
  assert.equal(ready('dead').reason, 'NodeStatusUnknown');
  assert.equal(ready('alive').status, 'True', 'a renewed lease keeps the node healthy');
  const taints = t.get<Node>(resources.nodes, '', 'dead')!.spec!.taints!;
  assert.deepEqual(taints.map((x) => `${x.key}:${x.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  const podReady = (n: string) => t.get<Pod>(resources.pods, 'ns', n)?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  assert.equal(podReady('short'), 'False');
  assert.equal(podReady('other'), 'True');
  await step(9000);
  assert.ok(t.get(resources.pods, 'ns', 'short'), 'tolerated for 10 s');
  await step(1000);
  assert.equal(t.get(resources.pods, 'ns', 'short'), undefined, 'evicted once tolerationSeconds ran out');
  assert.ok(t.get(resources.pods, 'ns', 'long'));
  const patch = t.requests.find((r) => r.method === 'PATCH' && r.path === '/api/v1/namespaces/ns/pods/short/status' && JSON.stringify(r.body).includes('DeletionByTaintManager'));
  assert.ok(patch, 'DisruptionTarget condition written before the delete');
  await step(290_000);
  assert.equal(t.get(resources.pods, 'ns', 'long'), undefined);
  assert.ok(t.get(resources.pods, 'ns', 'other'));
  await stop();
});

test('NodeLifecycleController removes the taints when the node reports Ready again', async () => {
  const { t, client, start, stop, step } = await setup();
  seedNode(t, 'n');
  await start();
  await step(41_000);
  assert.equal(t.get<Node>(resources.nodes, '', 'n')!.spec!.taints!.length, 2);
  const n = t.get<Node>(resources.nodes, '', 'n')!;
  await client.resource(resources.nodes).updateStatus('', { ...n, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: rfc3339(T0 + 41_000) }] } } as Node);
  await step(0);
  assert.equal(t.get<Node>(resources.nodes, '', 'n')!.spec!.taints, undefined);
  await stop();
});
