import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeGarbageCollection, toGCObject, type GCObject } from './actions.js';

const NOW = '2024-05-01T10:00:00Z';
const owner = (kind: string, name: string, uid: string, block = true) => ({ apiVersion: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps/v1' : 'v1', kind, name, uid, controller: true, blockOwnerDeletion: block });
const deploy = (extra: Partial<GCObject> = {}): GCObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', uid: 'd1', ...extra });
const rs = (extra: Partial<GCObject> = {}): GCObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default', name: 'web-x', uid: 'rs1', ownerReferences: [owner('Deployment', 'web', 'd1')], ...extra });
const pod = (name: string, extra: Partial<GCObject> = {}): GCObject => ({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name, uid: `p-${name}`, ownerReferences: [owner('ReplicaSet', 'web-x', 'rs1')], ...extra });
const names = (xs: { object: { name: string } }[]) => xs.map((x) => x.object.name);

test('computeGarbageCollection leaves dependents of live owners alone', () => {
  const plan = computeGarbageCollection([deploy(), rs(), pod('a')]);
  assert.deepEqual(plan, { delete: [], removeOwnerReferences: [], removeFinalizers: [], events: [] });
});

test('computeGarbageCollection background-deletes dependents whose owners are all gone', () => {
  const plan = computeGarbageCollection([rs(), pod('a')]);
  assert.deepEqual(plan.delete, [{ object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default', name: 'web-x', uid: 'rs1' }, propagationPolicy: 'Background' }]);
});

test('computeGarbageCollection treats an owner re-created with another uid as absent', () => {
  const plan = computeGarbageCollection([deploy({ uid: 'd2' }), rs()]);
  assert.deepEqual(names(plan.delete), ['web-x']);
});

test('computeGarbageCollection only drops the dangling reference when another owner is alive', () => {
  const shared = rs({ ownerReferences: [owner('Deployment', 'web', 'd1'), { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'gone' }] });
  const plan = computeGarbageCollection([deploy(), shared]);
  assert.deepEqual(plan.delete, []);
  assert.deepEqual(plan.removeOwnerReferences.map((r) => [r.object.name, r.ownerUids]), [['web-x', ['gone']]]);
});

test('foreground: dependents are deleted first and the finalizer goes when no blocking dependent remains', () => {
  const d = deploy({ deletionTimestamp: NOW, finalizers: ['foregroundDeletion'] });
  const step1 = computeGarbageCollection([d, rs(), pod('a')]);
  assert.deepEqual(step1.delete.map((x) => [x.object.name, x.propagationPolicy]), [['web-x', 'Foreground']]);
  assert.deepEqual(step1.removeFinalizers, []);
  // The RS is now deleting its own dependents: its pod goes, the deployment still waits.
  const rsDeleting = rs({ deletionTimestamp: NOW, finalizers: ['foregroundDeletion'] });
  const step2 = computeGarbageCollection([d, rsDeleting, pod('a')]);
  assert.deepEqual(step2.delete.map((x) => [x.object.name, x.propagationPolicy]), [['a', 'Background']]);
  assert.deepEqual(step2.removeFinalizers, []);
  // Pod still terminating: still blocks.
  assert.deepEqual(computeGarbageCollection([d, rsDeleting, pod('a', { deletionTimestamp: NOW })]).removeFinalizers, []);
  const step3 = computeGarbageCollection([d, rsDeleting]);
  assert.deepEqual(step3.removeFinalizers.map((f) => [f.object.name, f.finalizer]), [['web-x', 'foregroundDeletion']]);
  const step4 = computeGarbageCollection([d]);
  assert.deepEqual(step4.removeFinalizers.map((f) => [f.object.name, f.finalizer]), [['web', 'foregroundDeletion']]);
});

test('foreground: non-blocking dependents do not hold the owner back', () => {
  const d = deploy({ deletionTimestamp: NOW, finalizers: ['foregroundDeletion'] });
  const loose = rs({ ownerReferences: [owner('Deployment', 'web', 'd1', false)] });
  const plan = computeGarbageCollection([d, loose]);
  assert.deepEqual(names(plan.delete), ['web-x']);
  assert.deepEqual(names(plan.removeFinalizers), ['web']);
});

test('orphan: references are removed from dependents, then the orphan finalizer', () => {
  const d = deploy({ deletionTimestamp: NOW, finalizers: ['orphan'] });
  const plan = computeGarbageCollection([d, rs(), pod('a')]);
  assert.deepEqual(plan.removeOwnerReferences.map((r) => [r.object.name, r.ownerUids]), [['web-x', ['d1']]]);
  assert.deepEqual(plan.removeFinalizers.map((f) => [f.object.name, f.finalizer]), [['web', 'orphan']]);
  assert.deepEqual(plan.delete, []);
});

test('scope rules: namespaced owner in another namespace is absent; cluster-scoped dependent of a namespaced owner is never collected', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'other', name: 'cm', uid: 'cm1' };
  const dep: GCObject = { apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 's', uid: 's1', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm1' }] };
  assert.deepEqual(names(computeGarbageCollection([cm, dep]).delete), ['s']);
  // A namespaced dependent of a cluster-scoped owner (Node) is fine while the node lives.
  const node = { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'n1' };
  const lease: GCObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'kube-node-lease', name: 'n1', uid: 'l1', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'n1' }] };
  assert.deepEqual(computeGarbageCollection([node, lease]).delete, []);
  assert.deepEqual(names(computeGarbageCollection([lease], { isNamespaced: (_, k) => k !== 'Node' }).delete), ['n1']);
  const pv: GCObject = { apiVersion: 'v1', kind: 'PersistentVolume', name: 'pv', uid: 'pv1', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'x' }] };
  const plan = computeGarbageCollection([pv], { isNamespaced: () => true });
  assert.deepEqual(plan.delete, []);
  assert.equal(plan.events[0]?.reason, 'OwnerRefInvalidNamespace');
});

test('an ownerless dependent with its own orphan finalizer is deleted with Orphan propagation', () => {
  const plan = computeGarbageCollection([rs({ finalizers: ['orphan'] })]);
  assert.deepEqual(plan.delete.map((d) => d.propagationPolicy), ['Orphan']);
});

test('toGCObject reads metadata', () => {
  assert.deepEqual(toGCObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns', uid: 'u' } }), { apiVersion: 'v1', kind: 'Pod', name: 'a', uid: 'u', namespace: 'ns' });
});
