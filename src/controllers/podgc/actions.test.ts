import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { computePodGC } from './actions.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const pod = (name: string, o: { phase?: string; node?: string; created?: number; deleting?: boolean; reason?: string } = {}): Pod => ({
  metadata: { name, namespace: 'default', creationTimestamp: iso(o.created ?? T0), ...(o.deleting ? { deletionTimestamp: iso(T0) } : {}) },
  spec: { containers: [{ name: 'c' }], ...(o.node === '' ? {} : { nodeName: o.node ?? 'n1' }) },
  status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
});
const node = (name: string, o: { ready?: boolean; outOfService?: boolean } = {}): Node => ({
  metadata: { name },
  spec: o.outOfService ? { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] } : {},
  status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const names = (p: { delete: { pod: Pod }[] }) => p.delete.map((d) => d.pod.metadata?.name);

test('computePodGC deletes the oldest terminated pods over the threshold, evicted first', () => {
  const pods = [
    pod('s-old', { phase: 'Succeeded', created: T0 - 3000 }), pod('f-new', { phase: 'Failed', created: T0 - 1000 }),
    pod('evicted', { phase: 'Failed', reason: 'Evicted', created: T0 }), pod('run', { created: T0 - 9000 }),
  ];
  assert.deepEqual(names(computePodGC(pods, [node('n1')], T0, new Map(), { terminatedPodThreshold: 1 })), ['evicted', 's-old']);
  assert.deepEqual(names(computePodGC(pods, [node('n1')], T0)), []);
  assert.deepEqual(names(computePodGC(pods, [node('n1')], T0, new Map(), { terminatedPodThreshold: 0 })), []);
});

test('computePodGC quarantines missing nodes, then deletes their pods', () => {
  const pods = [pod('a', { node: 'gone' }), pod('b', { node: 'gone' }), pod('c')];
  const first = computePodGC(pods, [node('n1')], T0);
  assert.deepEqual(first.newlyMissingNodes, ['gone']);
  assert.deepEqual(names(first), []);
  assert.equal(first.requeueAfterMs, 40_000);
  const early = computePodGC(pods, [node('n1')], T0 + 10_000, new Map([['gone', T0]]));
  assert.deepEqual([names(early), early.requeueAfterMs], [[], 30_000]);
  const later = computePodGC(pods, [node('n1')], T0 + 40_000, new Map([['gone', T0]]));
  assert.deepEqual(names(later), ['a', 'b']);
  assert.equal(later.delete[0]?.message, 'PodGC: node no longer exists');
});

test('computePodGC force-deletes unscheduled terminating pods and terminating pods on out-of-service nodes', () => {
  const pods = [pod('unsched', { node: '', phase: 'Pending', deleting: true }), pod('oos', { node: 'n2', deleting: true }), pod('ok', { deleting: true })];
  const plan = computePodGC(pods, [node('n1'), node('n2', { ready: false, outOfService: true })], T0);
  assert.deepEqual(plan.delete.map((d) => [d.pod.metadata?.name, d.reason]), [['oos', 'OutOfService'], ['unsched', 'UnscheduledTerminating']]);
});
