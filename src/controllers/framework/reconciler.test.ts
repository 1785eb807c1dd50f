import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject, OwnerReference } from '../../api/types.js';
import type { Informer } from '../../client/informer.js';
import { done, forObject, forOwner, keyString, parseKey, requeueAfter } from './reconciler.js';

const inf = {} as Informer;
const pod = (refs?: OwnerReference[]): KObject => ({ metadata: { name: 'p', namespace: 'ns', ownerReferences: refs } });

test('forOwner maps an owned object to its controller owner of the given kind', () => {
  const w = forOwner(inf, 'ReplicaSet', 'apps');
  assert.deepEqual(w.toKeys(pod([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'u', controller: true }])), [{ namespace: 'ns', name: 'rs1' }]);
  assert.deepEqual(w.toKeys(pod([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'u' }])), [], 'not the controller');
  assert.deepEqual(w.toKeys(pod([{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u', controller: true }])), []);
  assert.deepEqual(forOwner(inf, 'ReplicaSet', 'other').toKeys(pod([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'u', controller: true }])), []);
  assert.deepEqual(w.toKeys(pod()), []);
});

test('forObject keys the object itself; keys round-trip through strings', () => {
  assert.deepEqual(forObject(inf).toKeys({ metadata: { name: 'n1' } }), [{ namespace: '', name: 'n1' }]);
  assert.equal(keyString({ namespace: 'a', name: 'b' }), 'a/b');
  assert.equal(keyString({ namespace: '', name: 'n1' }), 'n1');
  assert.deepEqual(parseKey('a/b'), { namespace: 'a', name: 'b' });
  assert.deepEqual(parseKey('n1'), { namespace: '', name: 'n1' });
  assert.deepEqual(done(), {});
  assert.deepEqual(requeueAfter(5), { requeueAfterMs: 5 });
});
