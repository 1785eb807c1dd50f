import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesLabelSelector } from './label-selector.js';

test('matchesLabelSelector applies matchLabels and every operator', () => {
  const l = { a: '1', b: '2' };
  assert.ok(matchesLabelSelector({}, l));
  assert.ok(matchesLabelSelector({ matchLabels: { a: '1' } }, l));
  assert.ok(!matchesLabelSelector({ matchLabels: { a: '2' } }, l));
  assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '3'] }] }, l));
  assert.ok(!matchesLabelSelector({ matchExpressions: [{ key: 'c', operator: 'In', values: ['1'] }] }, l));
  assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['1'] }] }, l));
  assert.ok(!matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, l));
  assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }, l));
  assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'z', operator: 'DoesNotExist' }] }, undefined));
  assert.ok(!matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, l));
});
