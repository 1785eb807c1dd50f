import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../../machinery/errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';

const msgs = (e: ReturnType<typeof validateObjectMeta>): string[] => e.map(fieldErrorMessage);

test('validateObjectMeta: name required unless generateName', () => {
  assert.deepEqual(msgs(validateObjectMeta({ namespace: 'd' }, { namespaced: true })), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(msgs(validateObjectMeta({ name: 'web-abcde', generateName: 'web-', namespace: 'd' }, { namespaced: true })), []);
});

test('validateObjectMeta: annotations size and owner references', () => {
  const big = { a: 'x'.repeat(256 * 1024) };
  assert.deepEqual(msgs(validateObjectMeta({ name: 'x', annotations: big }, { namespaced: false })), ['metadata.annotations: Too long: must have at most 262144 bytes']);
  const refs = [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    { apiVersion: '', kind: '', name: '', uid: '' },
  ];
  const out = msgs(validateObjectMeta({ name: 'x', ownerReferences: refs as never }, { namespaced: false }));
  assert.deepEqual(out.slice(0, 1), ['metadata.ownerReferences: Invalid value: ' + JSON.stringify(refs) + ': Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b']);
  assert.deepEqual(out.slice(1), [
    'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
    'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
    'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
  ]);
});

test('validateObjectMeta: finalizers must be qualified names', () => {
  assert.deepEqual(validateObjectMeta({ name: 'x', finalizers: ['example.com/cleanup'] }, { namespaced: false }), []);
  assert.equal(validateObjectMeta({ name: 'x', finalizers: ['bad name'] }, { namespaced: false }).length, 1);
});

test('validateObjectMetaUpdate: identity immutable, no new finalizers while deleting', () => {
  const old = { name: 'a', namespace: 'd', uid: 'u', creationTimestamp: 't', deletionTimestamp: 'z', finalizers: ['x/y'] };
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, name: 'b', finalizers: ['x/y', 'x/z'] }, old)), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x/z"}',
    'metadata.name: Invalid value: "b": field is immutable',
  ]);
});
