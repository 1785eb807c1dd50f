// StorageObjectInUseProtection: the protection finalizers on new claims and volumes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storageObjectInUseProtection } from './storage-protection.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { attrs, testServer } from './testkit.js';

let s: ApiServer;
before(async () => { s = await testServer(); });
after(() => s.close());

const admit = (r: string, o: KObject, over = {}) => storageObjectInUseProtection().admit(attrs(s, ['', 'v1', r], o, over));

test('new PVCs get kubernetes.io/pvc-protection and PVs kubernetes.io/pv-protection, once, after their own', async () => {
  const claim: KObject = { metadata: { name: 'c', namespace: 'default', finalizers: ['example.com/x'] } };
  await admit('persistentvolumeclaims', claim);
  assert.deepEqual(claim.metadata!.finalizers, ['example.com/x', 'kubernetes.io/pvc-protection']);
  await admit('persistentvolumeclaims', claim);
  assert.deepEqual(claim.metadata!.finalizers, ['example.com/x', 'kubernetes.io/pvc-protection']);
  const pv: KObject = { metadata: { name: 'v' } };
  await admit('persistentvolumes', pv);
  assert.deepEqual(pv.metadata!.finalizers, ['kubernetes.io/pv-protection']);
});

test('updates (which may remove the finalizer), subresources and other kinds are untouched', async () => {
  for (const [r, over] of [['persistentvolumeclaims', { operation: 'UPDATE' }], ['persistentvolumes', { subresource: 'status' }], ['configmaps', {}]] as const) {
    const o: KObject = { metadata: { name: 'x', namespace: 'default' } };
    await admit(r, o, over);
    assert.equal(o.metadata!.finalizers, undefined, r);
  }
});
