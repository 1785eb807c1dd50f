import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import type { RbacSource } from './rbac.js';
import { selfSubjectRulesReview } from './rules-review.js';
import { withAuthenticatedGroup } from './user.js';

const bindings: RoleBinding[] = [
  { metadata: { name: 'b', namespace: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'bob' }] },
  { metadata: { name: 'missing', namespace: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nope' }, subjects: [{ kind: 'User', name: 'bob' }] },
];
const src: RbacSource = {
  clusterRoles: bootstrapClusterRoles,
  clusterRoleBindings: bootstrapClusterRoleBindings,
  roles: (ns) => (ns === 'dev' ? [{ metadata: { name: 'r', namespace: 'dev' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['c1'] }] }] : []),
  roleBindings: (ns) => bindings.filter((b) => b.metadata?.namespace === ns),
};

test('selfSubjectRulesReview gives system:masters the wildcard rules first', () => {
  const s = selfSubjectRulesReview(src, withAuthenticatedGroup({ username: 'admin', groups: ['system:masters'] }), 'default');
  assert.deepEqual(s.resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
  assert.deepEqual(s.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
  assert.equal(s.incomplete, false);
  assert.equal(s.evaluationError, undefined);
});

test('selfSubjectRulesReview lists cluster and namespace rules, splits non-resource rules, reports errors', () => {
  const s = selfSubjectRulesReview(src, withAuthenticatedGroup({ username: 'bob', groups: [] }), 'dev');
  assert.ok(s.resourceRules.some((r) => r.resources?.includes('selfsubjectaccessreviews')));
  assert.deepEqual(s.resourceRules.at(-1), { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['c1'] });
  assert.ok(s.nonResourceRules.some((r) => r.nonResourceURLs?.includes('/apis/*')));
  assert.ok(s.resourceRules.every((r) => !('nonResourceURLs' in r)));
  assert.equal(s.incomplete, false);
  assert.equal(s.evaluationError, 'clusterrole.rbac.authorization.k8s.io "nope" not found');
});

test('selfSubjectRulesReview omits namespace rules for another namespace', () => {
  const s = selfSubjectRulesReview(src, withAuthenticatedGroup({ username: 'bob', groups: [] }), 'prod');
  assert.ok(!s.resourceRules.some((r) => r.resources?.includes('configmaps')));
});
