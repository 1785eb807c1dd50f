import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  calculateReplicaSetStatus, claimObjects, comparePodsForDeletion, computeReplicaActions, podFromTemplate,
  podsToDelete, replicaSetStatusChanged, slowStartBatches,
} from './actions.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function rs(replicas: number, extra: Partial<ReplicaSet['metadata']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'web-abc', namespace: 'default', uid: 'rs-uid', generation: 3, ...extra },
    spec: {
      replicas, minReadySeconds: 0,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', tier: 'fe' }, annotations: { a: '1' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

interface PodOpts { node?: string; phase?: string; ready?: boolean; readySince?: number; created?: number; restarts?: number; owner?: string | null; labels?: Record<string, string>; deleting?: boolean; cost?: string }
function pod(name: string, o: PodOpts = {}): Pod {
  const owner = o.owner === undefined ? 'rs-uid' : o.owner;
  return {
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web', tier: 'fe' },
      creationTimestamp: iso(o.created ?? T0 - 3600_000),
      ...(o.deleting ? { deletionTimestamp: iso(T0) } : {}),
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: owner, controller: true }] } : {}),
    },
    spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'c' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: iso(o.readySince ?? T0 - 600_000) }],
      containerStatuses: [{ name: 'c', image: 'nginx', imageID: '', ready: o.ready !== false, restartCount: o.restarts ?? 0 }],
    },
  };
}

test('slowStartBatches doubles from 1 and sums to n', () => {
  assert.deepEqual(slowStartBatches(0), []);
  assert.deepEqual(slowStartBatches(1), [1]);
  assert.deepEqual(slowStartBatches(10), [1, 2, 4, 3]);
  assert.deepEqual(slowStartBatches(500).reduce((a, b) => a + b, 0), 500);
});

test('computeReplicaActions creates the missing pods, capped by burstReplicas', () => {
  const a = computeReplicaActions(rs(5), [pod('p1'), pod('p2')], T0);
  assert.equal(a.create, 3);
  assert.deepEqual(a.createBatches, [1, 2]);
  assert.equal(a.template?.metadata?.generateName, 'web-abc-');
  assert.deepEqual(a.template?.metadata?.labels, { app: 'web', tier: 'fe' });
  assert.deepEqual(a.template?.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }]);
  assert.equal(computeReplicaActions(rs(1000), [], T0).create, 500);
  assert.equal(computeReplicaActions(rs(1000), [], T0, { burstReplicas: 20 }).create, 20);
});

test('computeReplicaActions ignores inactive pods and does nothing while the RS is being deleted', () => {
  const pods = [pod('p1'), pod('done', { phase: 'Succeeded' }), pod('gone', { deleting: true })];
  assert.equal(computeReplicaActions(rs(2), pods, T0).create, 1);
  const deleting = computeReplicaActions(rs(5, { deletionTimestamp: iso(T0) }), pods, T0);
  assert.equal(deleting.create, 0);
  assert.equal(deleting.adopt.length, 0);
});

test('computeReplicaActions adopts matching orphans and releases owned pods that no longer match', () => {
  const pods = [pod('mine'), pod('orphan', { owner: null }), pod('relabelled', { labels: { app: 'other' } }), pod('theirs', { owner: 'x' }), pod('orphan-nomatch', { owner: null, labels: { app: 'db' } })];
  const a = computeReplicaActions(rs(2), pods, T0);
  assert.deepEqual(a.adopt.map((p) => p.metadata?.name), ['orphan']);
  assert.deepEqual(a.release.map((p) => p.metadata?.name), ['relabelled']);
  assert.deepEqual(a.owned.map((p) => p.metadata?.name), ['mine', 'orphan']);
  assert.equal(a.create, 0);
  assert.equal(a.delete.length, 0);
});

test('computeReplicaActions deletes in kube order: unassigned, pending, not ready, recently ready, restarts, newer', () => {
  const pods = [
    pod('old-ready', { readySince: T0 - 86400_000, created: T0 - 86400_000 }),
    pod('unassigned', { node: '', phase: 'Pending', ready: false }),
    pod('pending', { phase: 'Pending', ready: false }),
    pod('unknown', { phase: 'Unknown', ready: false }),
    pod('notready', { ready: false }),
    pod('fresh-ready', { readySince: T0 - 5_000 }),
  ];
  const a = computeReplicaActions(rs(1), pods, T0);
  assert.deepEqual(a.delete.map((p) => p.metadata?.name), ['unassigned', 'pending', 'unknown', 'notready', 'fresh-ready']);
});

test('comparePodsForDeletion: restarts, deletion cost and co-location break ties', () => {
  const same = { readySince: T0 - 600_000, created: T0 - 3600_000 };
  const r = (p: Pod, rank = 0) => ({ pod: p, rank });
  assert.ok(comparePodsForDeletion(r(pod('a', { ...same, restarts: 5 })), r(pod('b', { ...same, restarts: 0 })), T0) < 0);
  assert.ok(comparePodsForDeletion(r(pod('a', { ...same, cost: '100' })), r(pod('b', same)), T0) > 0);
  assert.ok(comparePodsForDeletion(r(pod('a', same), 3), r(pod('b', same), 1), T0) < 0);
  // Newer pod first when creation times fall in different log2 buckets.
  assert.ok(comparePodsForDeletion(r(pod('new', { readySince: T0 - 600_000, created: T0 - 60_000 })), r(pod('old', { readySince: T0 - 600_000, created: T0 - 86400_000 })), T0) < 0);
});

test('podsToDelete prefers pods doubled up on a node with related pods', () => {
  const a = pod('a', { node: 'n1' }), b = pod('b', { node: 'n2' });
  const related = [a, b, pod('x', { node: 'n2' }), pod('y', { node: 'n2' })];
  assert.deepEqual(podsToDelete([a, b], related, 1, T0).map((p) => p.metadata?.name), ['b']);
});

test('calculateReplicaSetStatus counts fully labeled, ready and available pods and requeues for minReadySeconds', () => {
  const pods = [pod('p1'), pod('p2', { labels: { app: 'web' } }), pod('p3', { ready: false }), pod('p4', { readySince: T0 - 2_000 })];
  const r = calculateReplicaSetStatus(rs(4), pods, 10, T0);
  assert.deepEqual(r.status, { replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 2, observedGeneration: 3 });
  assert.equal(r.requeueAfterMs, 8001);
  assert.equal(calculateReplicaSetStatus(rs(4), pods, 0, T0).status.availableReplicas, 3);
});

test('calculateReplicaSetStatus sets and clears ReplicaFailure', () => {
  const failed = calculateReplicaSetStatus(rs(3), [pod('p1')], 0, T0, 'pods "web-abc-x" is forbidden: exceeded quota');
  assert.deepEqual(failed.status.conditions, [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'FailedCreate', message: 'pods "web-abc-x" is forbidden: exceeded quota' }]);
  const withCond = { ...rs(3), status: failed.status };
  assert.equal(calculateReplicaSetStatus(withCond, [pod('p1')], 0, T0).status.conditions, undefined);
  assert.equal(replicaSetStatusChanged(withCond, failed.status), false);
  assert.equal(replicaSetStatusChanged(rs(3), failed.status), true);
});

test('podFromTemplate copies labels, annotations and spec without sharing objects', () => {
  const r = rs(1);
  const p = podFromTemplate(r.spec!.template, r);
  assert.deepEqual(p.metadata?.annotations, { a: '1' });
  assert.deepEqual(p.spec, r.spec!.template!.spec);
  assert.notEqual(p.spec, r.spec!.template!.spec);
});

test('claimObjects skips objects in other namespaces', () => {
  const other = { ...pod('o', { owner: null }), metadata: { ...pod('o', { owner: null }).metadata, namespace: 'kube-system' } };
  assert.equal(claimObjects(rs(1), [other], () => true).adopt.length, 0);
});
