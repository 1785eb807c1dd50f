import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRootCA, desiredConfigMap } from './actions.js';

test('decideRootCA creates the CA ConfigMap in active namespaces, repairs a changed one, and leaves terminating ones', () => {
  const ns = { metadata: { name: 'team' }, status: { phase: 'Active' } };
  const created = decideRootCA(ns, undefined, 'PEM');
  assert.equal(created.kind, 'create');
  assert.deepEqual(created.kind === 'create' && created.configMap.data, { 'ca.crt': 'PEM' });
  assert.equal(decideRootCA(ns, desiredConfigMap('team', 'PEM'), 'PEM').kind, 'none');
  const edited = { ...desiredConfigMap('team', 'PEM'), data: { 'ca.crt': 'tampered' } };
  const upd = decideRootCA(ns, edited, 'PEM');
  assert.equal(upd.kind, 'update');
  assert.equal(upd.kind === 'update' && upd.configMap.data!['ca.crt'], 'PEM');
  assert.equal(decideRootCA({ metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } }, undefined, 'PEM').kind, 'none');
  assert.equal(decideRootCA(undefined, undefined, 'PEM').kind, 'none');
});
