import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { aggregatedRules, rulesNeedUpdate } from './actions.js';

const role = (name: string, labels: Record<string, string>, verbs: string[], resources: string[]): ClusterRole => ({
  metadata: { name, labels }, rules: [{ apiGroups: [''], resources, verbs }],
});

test('aggregatedRules unions the rules of matching roles in name order, without duplicates or itself', () => {
  const view: ClusterRole = { metadata: { name: 'view' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] }, rules: [] };
  const b = role('b-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, ['get'], ['pods']);
  const a = role('a-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, ['list'], ['services']);
  const dup = role('c-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, ['get'], ['pods']);
  const other = role('other', {}, ['*'], ['*']);
  const rules = aggregatedRules(view, [view, b, other, a, dup])!;
  assert.deepEqual(rules, [a.rules![0], b.rules![0]]);
  assert.equal(rulesNeedUpdate(view, rules), true);
  assert.equal(rulesNeedUpdate({ ...view, rules }, rules), false);
  assert.equal(aggregatedRules(other, [view]), undefined);
});
