import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { computeNamespaceDeletion } from './actions.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const ns = (o: { deleting?: boolean; finalizers?: string[]; phase?: string; conditions?: Namespace['status'] extends infer S ? S extends { conditions?: infer C } ? C : never : never } = {}): Namespace => ({
  metadata: { name: 'team', uid: 'ns1', ...(o.deleting !== false ? { deletionTimestamp: '2024-05-01T09:59:00Z' } : {}) },
  spec: { finalizers: o.finalizers ?? ['kubernetes'] },
  status: { phase: o.phase ?? 'Terminating', ...(o.conditions ? { conditions: o.conditions } : {}) },
});

test('computeNamespaceDeletion does nothing for an active namespace', () => {
  assert.deepEqual(computeNamespaceDeletion({ namespace: ns({ deleting: false, phase: 'Active' }), content: [], now: T0 }),
    { setTerminating: false, deleteNamespace: false, deleteCollections: [], deleteItems: [] });
});

test('computeNamespaceDeletion deletes remaining content and reports it with kube\'s messages', () => {
  const plan = computeNamespaceDeletion({
    namespace: ns({ phase: 'Active' }), now: T0,
    content: [
      { group: '', resource: 'pods', items: [{ name: 'a', gracePeriodSeconds: 30 }, { name: 'b', deletionTimestamp: 'x', gracePeriodSeconds: 30 }] },
      { group: 'apps', resource: 'replicasets', items: [{ name: 'r', finalizers: ['example.com/hold'] }] },
      { group: '', resource: 'configmaps', items: [] },
      { group: 'x.io', resource: 'widgets', deleteCollection: false, items: [{ name: 'w1' }] },
    ],
  });
  assert.equal(plan.setTerminating, true);
  assert.deepEqual(plan.deleteCollections, [{ group: '', resource: 'pods' }, { group: 'apps', resource: 'replicasets' }]);
  assert.deepEqual(plan.deleteItems, [{ group: 'x.io', resource: 'widgets', name: 'w1' }]);
  assert.equal(plan.finalize, undefined);
  assert.equal(plan.requeueAfterMs, 16_000);
  const byType = Object.fromEntries(plan.conditions!.map((c) => [c.type, c]));
  assert.deepEqual(byType.NamespaceContentRemaining, { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', lastTransitionTime: '2024-05-01T10:00:00Z',
    message: 'Some resources are remaining: pods. has 2 resource instances, replicasets.apps has 1 resource instances, widgets.x.io has 1 resource instances' });
  assert.equal(byType.NamespaceFinalizersRemaining?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
  assert.deepEqual([byType.NamespaceDeletionDiscoveryFailure?.status, byType.NamespaceDeletionDiscoveryFailure?.reason, byType.NamespaceDeletionDiscoveryFailure?.message], ['False', 'ResourcesDiscovered', 'All resources successfully discovered']);
  assert.equal(plan.conditions!.length, 5);
});

test('computeNamespaceDeletion removes the kubernetes finalizer once empty, then deletes the namespace', () => {
  const plan = computeNamespaceDeletion({ namespace: ns({ finalizers: ['kubernetes', 'other'] }), content: [{ group: '', resource: 'pods', items: [] }], now: T0 });
  assert.deepEqual(plan.finalize, ['other']);
  assert.deepEqual(plan.deleteCollections, []);
  const unchanged = computeNamespaceDeletion({ namespace: { ...ns(), status: { phase: 'Terminating', conditions: plan.conditions } }, content: [], now: T0 + 5000 });
  assert.equal(unchanged.conditions, undefined, 'conditions are written only when they change');
  assert.equal(computeNamespaceDeletion({ namespace: ns({ finalizers: [] }), content: [], now: T0 }).deleteNamespace, true);
  const waitingOther = computeNamespaceDeletion({ namespace: ns({ finalizers: ['other'] }), content: [], now: T0 });
  assert.deepEqual([waitingOther.deleteNamespace, waitingOther.finalize], [false, undefined]);
});

test('computeNamespaceDeletion keeps the finalizer while discovery fails', () => {
  const plan = computeNamespaceDeletion({ namespace: ns(), content: [], discoveryFailures: { 'metrics.k8s.io/v1beta1': 'the server is currently unable to handle the request' }, now: T0 });
  assert.equal(plan.finalize, undefined);
  const c = plan.conditions!.find((x) => x.type === 'NamespaceDeletionDiscoveryFailure');
  assert.equal(c?.message, 'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request');
  assert.equal(c?.reason, 'DiscoveryFailed');
});
