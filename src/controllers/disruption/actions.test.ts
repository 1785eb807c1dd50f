import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { computePdbStatus, scaleFinder } from './actions.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const dep: Deployment = { metadata: { name: 'web', namespace: 'default', uid: 'd1' }, spec: { replicas: 4, selector: {}, template: {} } };
const rsOf = (uid: string): ReplicaSet => ({ metadata: { name: uid, namespace: 'default', uid, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] }, spec: { replicas: 2, selector: {} } });
const finder = scaleFinder({ replicaSets: [rsOf('rs1'), rsOf('rs2')], deployments: [dep] });

const pod = (name: string, o: { ready?: boolean; rs?: string | null; deleting?: boolean } = {}): Pod => ({
  metadata: {
    name, namespace: 'default', labels: { app: 'web' },
    ...(o.rs === null ? {} : { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.rs ?? 'rs1', uid: o.rs ?? 'rs1', controller: true }] }),
    ...(o.deleting ? { deletionTimestamp: iso(T0) } : {}),
  },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const pdb = (spec: Partial<PodDisruptionBudget['spec']>, status?: PodDisruptionBudget['status']): PodDisruptionBudget => ({
  metadata: { name: 'web-pdb', namespace: 'default', generation: 2 },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  ...(status ? { status } : {}),
});

test('computePdbStatus with integer minAvailable counts selected pods', () => {
  const plan = computePdbStatus(pdb({ minAvailable: 2 }), [pod('a'), pod('b'), pod('c')], finder, T0);
  const s = plan.status!;
  assert.deepEqual([s.currentHealthy, s.desiredHealthy, s.expectedPods, s.disruptionsAllowed, s.observedGeneration], [3, 2, 3, 1, 2]);
  assert.deepEqual(s.conditions, [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 2, lastTransitionTime: iso(T0) }]);
  const again = computePdbStatus(pdb({ minAvailable: 2 }, s), [pod('a'), pod('b'), pod('c')], finder, T0 + 1000);
  assert.equal(again.status, undefined, 'no write when nothing changed');
});

test('computePdbStatus resolves percentages against the deployment scale, once per deployment', () => {
  // Mid-rollout: pods of two ReplicaSets of one Deployment with replicas 4.
  const pods = [pod('a'), pod('b', { rs: 'rs2' }), pod('c', { ready: false }), pod('d', { rs: 'rs2' })];
  const maxU = computePdbStatus(pdb({ maxUnavailable: '25%' }), pods, finder, T0).status!;
  assert.deepEqual([maxU.expectedPods, maxU.desiredHealthy, maxU.currentHealthy, maxU.disruptionsAllowed], [4, 3, 3, 0]);
  assert.equal(maxU.conditions?.[0]?.reason, 'InsufficientPods');
  const minA = computePdbStatus(pdb({ minAvailable: '50%' }), pods, finder, T0).status!;
  assert.deepEqual([minA.expectedPods, minA.desiredHealthy, minA.disruptionsAllowed], [4, 2, 1]);
});

test('computePdbStatus fails safe when a pod\'s controller cannot be found', () => {
  const plan = computePdbStatus(pdb({ maxUnavailable: 1 }), [pod('a', { rs: 'unknown' })], finder, T0);
  assert.equal(plan.status?.disruptionsAllowed, 0);
  assert.deepEqual([plan.status?.conditions?.[0]?.reason, plan.status?.conditions?.[0]?.message], ['SyncFailed', 'found no controllers for pod "a"']);
});

test('computePdbStatus keeps recent disruptedPods out of the healthy count and drops them after 2 minutes', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  const recent = computePdbStatus(pdb({ minAvailable: 2 }, { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, disruptedPods: { a: iso(T0 - 30_000) } }), pods, finder, T0);
  assert.deepEqual([recent.status?.currentHealthy, recent.status?.disruptionsAllowed, recent.status?.disruptedPods], [2, 0, { a: iso(T0 - 30_000) }]);
  assert.equal(recent.requeueAfterMs, 90_000);
  const stale = computePdbStatus(pdb({ minAvailable: 2 }, recent.status), pods, finder, T0 + 121_000);
  assert.deepEqual([stale.status?.currentHealthy, stale.status?.disruptionsAllowed, stale.status?.disruptedPods], [3, 1, undefined]);
  assert.equal(stale.events[0]?.reason, 'NotDeleted');
});

test('computePdbStatus reports NoPods and unmanaged pods', () => {
  assert.equal(computePdbStatus(pdb({ minAvailable: 1 }), [], finder, T0).events[0]?.reason, 'NoPods');
  const plan = computePdbStatus(pdb({ maxUnavailable: 1 }), [pod('a', { rs: null })], finder, T0);
  assert.equal(plan.events[0]?.reason, 'UnmanagedPods');
  assert.equal(plan.status?.expectedPods, 0);
  assert.equal(plan.status?.disruptionsAllowed, 0);
});
