import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeServiceAccountsToCreate } from './actions.js';

test('computeServiceAccountsToCreate adds default to active namespaces that lack it', () => {
  const out = computeServiceAccountsToCreate(
    [
      { metadata: { name: 'a' }, status: { phase: 'Active' } },
      { metadata: { name: 'b' }, status: { phase: 'Active' } },
      { metadata: { name: 'gone', deletionTimestamp: '2024-01-01T00:00:00Z' }, status: { phase: 'Terminating' } },
    ],
    [{ metadata: { name: 'default', namespace: 'b' } }, { metadata: { name: 'default', namespace: 'zzz' } }],
  );
  assert.deepEqual(out, [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'a' } }]);
});
