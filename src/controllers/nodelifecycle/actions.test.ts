import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Toleration } from 'kubernetes-types/core/v1.js';
import { computeNodeHealth, computeTaintEvictions, podsToMarkNotReady, toleratesTaint } from './actions.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function node(o: { heartbeat?: number; ready?: string; taints?: Node['spec'] extends infer S ? S extends { taints?: infer T } ? T : never : never; unschedulable?: boolean; noConditions?: boolean } = {}): Node {
  const hb = iso(o.heartbeat ?? T0);
  return {
    metadata: { name: 'n1', creationTimestamp: iso(T0 - 3600_000) },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: o.noConditions ? {} : {
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: hb, lastTransitionTime: iso(T0 - 3600_000) },
        { type: 'Ready', status: o.ready ?? 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: hb, lastTransitionTime: iso(T0 - 3600_000) },
      ],
    },
  };
}

test('computeNodeHealth keeps a node with a recent heartbeat and requeues at the end of the grace period', () => {
  const plan = computeNodeHealth(node({ heartbeat: T0 - 10_000 }), undefined, T0);
  assert.deepEqual(plan, { ready: 'True', markPodsNotReady: false, requeueAfterMs: 30_001 });
});

test('computeNodeHealth marks Unknown after 40 s without heartbeat, and a Lease renewal counts as one', () => {
  const silent = node({ heartbeat: T0 - 41_000 });
  const plan = computeNodeHealth(silent, undefined, T0);
  assert.equal(plan.ready, 'Unknown');
  assert.equal(plan.markPodsNotReady, true);
  const ready = plan.conditions!.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.reason, ready.message, ready.lastTransitionTime, ready.lastHeartbeatTime], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', iso(T0), iso(T0 - 41_000)]);
  assert.equal(plan.conditions!.find((c) => c.type === 'MemoryPressure')?.status, 'Unknown');
  assert.equal(plan.conditions!.find((c) => c.type === 'DiskPressure')?.reason, 'NodeStatusNeverUpdated');
  assert.deepEqual(plan.taints, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(T0) }]);
  const leased = computeNodeHealth(silent, { spec: { renewTime: new Date(T0 - 5_000).toISOString() } }, T0);
  assert.equal(leased.ready, 'True');
  assert.equal(leased.conditions, undefined);
  assert.equal(computeNodeHealth(silent, undefined, T0, { nodeMonitorGracePeriodMs: 60_000 }).ready, 'True');
});

test('computeNodeHealth swaps not-ready and unreachable taints and removes them when Ready', () => {
  const notReady = computeNodeHealth(node({ ready: 'False' }), undefined, T0);
  assert.deepEqual(notReady.taints, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: iso(T0) }]);
  const back = computeNodeHealth(node({ taints: [...notReady.taints!, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), undefined, T0);
  assert.deepEqual(back.taints, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
  const cordoned = computeNodeHealth(node({ unschedulable: true }), undefined, T0);
  assert.deepEqual(cordoned.taints, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  const stable = computeNodeHealth(node({ ready: 'False', taints: notReady.taints }), undefined, T0 + 5000);
  assert.equal(stable.taints, undefined, 'no write when taints are already right');
});

const pod = (name: string, tolerations: Toleration[] = [], nodeName = 'n1'): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'c' }], tolerations },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});
const unreachable = (t: number) => node({ ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(t) }] });

test('computeTaintEvictions evicts intolerant pods now and tolerating pods after tolerationSeconds', () => {
  const pods = [
    pod('plain'),
    pod('ten', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]),
    pod('default300', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]),
    pod('forever', [{ operator: 'Exists' }]),
    pod('elsewhere', [], 'n2'),
  ];
  const at0 = computeTaintEvictions(unreachable(T0), pods, T0);
  assert.deepEqual(at0.evict.map((p) => p.metadata?.name), ['plain']);
  assert.equal(at0.requeueAfterMs, 10_000);
  const at10 = computeTaintEvictions(unreachable(T0), pods, T0 + 10_000);
  assert.deepEqual(at10.evict.map((p) => p.metadata?.name), ['plain', 'ten']);
  assert.equal(at10.requeueAfterMs, 290_000);
  assert.deepEqual(computeTaintEvictions(node(), pods, T0), { evict: [] });
});

test('toleratesTaint follows operator, key, value and effect rules', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  assert.ok(toleratesTaint({ key: 'k', value: 'v' }, taint));
  assert.ok(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint));
  assert.ok(!toleratesTaint({ key: 'k', value: 'x' }, taint));
  assert.ok(!toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint));
  assert.ok(toleratesTaint({ operator: 'Exists' }, taint));
});

test('podsToMarkNotReady flips Ready to False for the node\'s pods only', () => {
  const out = podsToMarkNotReady('n1', [pod('a'), pod('b', [], 'n2')], T0);
  assert.deepEqual(out.map((x) => [x.pod.metadata?.name, x.conditions]), [['a', [{ type: 'Ready', status: 'False', lastTransitionTime: iso(T0) }]]]);
});
