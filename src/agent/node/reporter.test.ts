import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { computeNodeHealth } from '../../controllers/nodelifecycle/actions.js';
import { NodeStatusReporter } from './reporter.js';
import { buildNode } from './build.js';
import { nodeConditions } from './conditions.js';
import { nodeInfo } from './info.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

function setup(o: { memAvailable?: () => number } = {}) {
  const clock = new FakeClock(T0);
  const t = new FakeTransport({ clock });
  const client = new Client(t);
  const seen: Node[] = [];
  const reporter = new NodeStatusReporter({
    client, clock, nodeName: 'n1', onNode: (n) => seen.push(n),
    build: (current, now) => buildNode({
      name: 'n1', capacity: { cpu: '2', memory: '1Gi', pods: '110' }, allocatable: { cpu: '2', memory: '900Mi', pods: '110' },
      conditions: nodeConditions({ now, previous: current?.status?.conditions, memAvailable: o.memAvailable?.() ?? 512 << 20, memCapacity: 1 << 30, diskAvailable: 50, diskCapacity: 100, pidsAvailable: 1000, runtimeReady: true, networkReady: true }),
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }],
      nodeInfo: nodeInfo({ runtime: { runtimeName: 'containerd', runtimeVersion: '1.6.20' } }),
    }),
  });
  const statusPatches = () => t.requests.filter((r) => r.method === 'PATCH' && r.path === '/api/v1/nodes/n1/status').length;
  const step = async (ms: number) => { for (let i = 0; i < ms / 1000; i++) { clock.advance(1000); await settle(20); } };
  return { t, clock, reporter, seen, statusPatches, step };
}

test('NodeStatusReporter registers the node, creates its Lease owned by the node, and renews it every 10 s', async () => {
  const { t, reporter, step } = setup();
  await reporter.start();
  const node = t.get<Node>(resources.nodes, '', 'n1')!;
  assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  assert.equal(node.status?.nodeInfo?.kubeletVersion, 'v1.30.0+skiff');
  let lease = t.get<Lease>(resources.leases, 'kube-node-lease', 'n1')!;
  assert.deepEqual([lease.spec?.holderIdentity, lease.spec?.leaseDurationSeconds, lease.metadata?.ownerReferences?.[0]?.uid], ['n1', 40, node.metadata?.uid]);
  assert.equal(lease.spec?.renewTime, '2024-01-01T00:00:00.000000Z');
  await step(10_000);
  lease = t.get<Lease>(resources.leases, 'kube-node-lease', 'n1')!;
  assert.equal(lease.spec?.renewTime, '2024-01-01T00:00:10.000000Z');
  // what the node lifecycle controller concludes 45 s later with a live lease: still healthy
  await step(35_000);
  const health = computeNodeHealth(t.get<Node>(resources.nodes, '', 'n1')!, t.get<Lease>(resources.leases, 'kube-node-lease', 'n1'), T0 + 45_000);
  assert.equal(health.ready, 'True');
  reporter.stop();
});

test('NodeStatusReporter posts status only on change or every 5 minutes', async () => {
  let mem = 512 << 20;
  const { t, reporter, statusPatches, step } = setup({ memAvailable: () => mem });
  await reporter.start();
  assert.equal(statusPatches(), 1, 'posted at registration');
  await step(60_000);
  assert.equal(statusPatches(), 1, 'nothing changed but heartbeats');
  mem = 10 << 20;
  await step(10_000);
  assert.equal(statusPatches(), 2, 'memory pressure is a change');
  const mp = t.get<Node>(resources.nodes, '', 'n1')!.status!.conditions!.find((c) => c.type === 'MemoryPressure')!;
  assert.deepEqual([mp.status, mp.lastTransitionTime], ['True', '2024-01-01T00:01:10Z']);
  await step(290_000);
  assert.equal(statusPatches(), 2);
  await step(10_000);
  assert.equal(statusPatches(), 3, 'the 5-minute report');
  const ready = t.get<Node>(resources.nodes, '', 'n1')!.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.lastHeartbeatTime, ready.lastTransitionTime], ['2024-01-01T00:06:10Z', '2024-01-01T00:00:00Z']);
  reporter.stop();
});

test('NodeStatusReporter adopts an existing node, re-posts after the controller marks it Unknown, and reports podCIDR', async () => {
  const { t, reporter, seen, step } = setup();
  t.seed(resources.nodes, { metadata: { name: 'n1', labels: { custom: 'x' } }, spec: { podCIDR: '10.42.3.0/24', podCIDRs: ['10.42.3.0/24'] } });
  await reporter.start();
  let node = t.get<Node>(resources.nodes, '', 'n1')!;
  assert.deepEqual([node.metadata?.labels?.custom, node.metadata?.labels?.['kubernetes.io/hostname']], ['x', 'n1']);
  assert.equal(reporter.node?.spec?.podCIDR, '10.42.3.0/24');
  assert.ok(seen.length >= 2);
  // the node lifecycle controller writes Unknown: the next pass sees a difference from the server copy and posts
  const conditions = node.status!.conditions!.map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown' }));
  await new Client(t).resource(resources.nodes).patch('', 'n1', 'merge', { status: { conditions } }, { subresource: 'status' });
  await step(10_000);
  node = t.get<Node>(resources.nodes, '', 'n1')!;
  const ready = node.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.lastTransitionTime], ['True', '2024-01-01T00:00:10Z']);
  reporter.stop();
});

test('NodeStatusReporter retries registration with back-off until the server accepts', async () => {
  const { t, clock, reporter } = setup();
  let refuse = 3;
  t.addReactor((r) => (r.method === 'POST' && r.path === '/api/v1/nodes' && refuse-- > 0 ? { status: 503, headers: {}, body: Buffer.from('{}') } : undefined));
  const started = reporter.start();
  await settle(20);
  assert.equal(t.get(resources.nodes, '', 'n1'), undefined);
  for (let i = 0; i < 10; i++) { clock.advance(100); await settle(20); } // 100 + 200 + 400 ms
  await started;
  assert.ok(t.get(resources.nodes, '', 'n1'));
  reporter.stop();
});
