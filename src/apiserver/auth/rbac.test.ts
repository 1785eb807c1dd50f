import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import { authorize, type Attributes, type RbacSource } from './rbac.js';
import { withAuthenticatedGroup, anonymousUser, type UserInfo } from './user.js';

const G = 'rbac.authorization.k8s.io';
const rb = (ns: string, name: string, kind: 'Role' | 'ClusterRole', roleName: string, subjects: Subject[]): RoleBinding =>
  ({ metadata: { name, namespace: ns }, roleRef: { apiGroup: G, kind, name: roleName }, subjects });
const crb = (name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding =>
  ({ metadata: { name }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: roleName }, subjects });
const U = (name: string): Subject => ({ kind: 'User', apiGroup: G, name });
const Grp = (name: string): Subject => ({ kind: 'Group', apiGroup: G, name });
const SA = (name: string, namespace?: string): Subject => (namespace ? { kind: 'ServiceAccount', name, namespace } : { kind: 'ServiceAccount', name });

const roles: Role[] = [
  { metadata: { name: 'cfg-reader', namespace: 'dev' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg-a'] }] },
  { metadata: { name: 'scaler', namespace: 'dev' }, rules: [{ verbs: ['get', 'update'], apiGroups: ['apps'], resources: ['*/scale'] }] },
  { metadata: { name: 'logs-only', namespace: 'dev' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }] },
  { metadata: { name: 'core-deploy', namespace: 'dev' }, rules: [{ verbs: ['*'], apiGroups: [''], resources: ['deployments'] }] },
  { metadata: { name: 'trainer', namespace: 'ml' }, rules: [{ verbs: ['create'], apiGroups: ['batch'], resources: ['jobs'] }] },
  { metadata: { name: 'only-in-prod', namespace: 'prod' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
];
const extraClusterRoles: ClusterRole[] = [
  // A CRD's roles aggregated into view, the way operators ship them.
  { metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ verbs: ['get', 'list'], apiGroups: ['example.com'], resources: ['widgets'] }] },
  { metadata: { name: 'logs-urls' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/logs*', '/exact'] }] },
  { metadata: { name: 'by-expression' }, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] }] } },
  { metadata: { name: 'gold-a', labels: { tier: 'gold' } }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['nodes'] }] },
  { metadata: { name: 'silver-a', labels: { tier: 'silver' } }, rules: [{ verbs: ['delete'], apiGroups: [''], resources: ['nodes'] }] },
];
const roleBindings: RoleBinding[] = [
  rb('dev', 'bob-view', 'ClusterRole', 'view', [U('bob')]),
  rb('dev', 'devs-edit', 'ClusterRole', 'edit', [Grp('devs')]),
  rb('dev', 'carol-admin', 'ClusterRole', 'admin', [U('carol')]),
  rb('dev', 'dave-cfg', 'Role', 'cfg-reader', [U('dave')]),
  rb('dev', 'dave-scale', 'Role', 'scaler', [U('dave')]),
  rb('dev', 'erin-logs', 'Role', 'logs-only', [U('erin')]),
  rb('dev', 'erin-core', 'Role', 'core-deploy', [U('erin')]),
  rb('dev', 'cross-ns', 'Role', 'only-in-prod', [U('frank')]),
  rb('ml', 'trainer', 'Role', 'trainer', [SA('trainer')]),
  rb('ml', 'sa-group', 'ClusterRole', 'view', [Grp('system:serviceaccounts:ml')]),
  rb('dev', 'ghost', 'ClusterRole', 'ghost', [U('gina')]),
  rb('dev', 'ghost-role', 'Role', 'ghost-role', [U('gina')]),
  rb('dev', 'weird', 'Unknown' as 'Role', 'x', [U('hank')]),
];
const clusterRoleBindings: ClusterRoleBinding[] = [
  ...bootstrapClusterRoleBindings(),
  crb('oscar-nodes', 'by-expression', [U('oscar')]),
  crb('logs', 'logs-urls', [U('lena')]),
  crb('sa-no-ns', 'cluster-admin', [SA('root')]),
  crb('sa-kube-system', 'view', [SA('viewer', 'kube-system')]),
];

const src: RbacSource = {
  clusterRoles: () => [...bootstrapClusterRoles(), ...extraClusterRoles],
  clusterRoleBindings: () => clusterRoleBindings,
  roles: (ns) => roles.filter((r) => r.metadata?.namespace === ns),
  roleBindings: (ns) => roleBindings.filter((r) => r.metadata?.namespace === ns),
};

const user = (username: string, ...groups: string[]): UserInfo => withAuthenticatedGroup({ username, groups });
const sa = (ns: string, name: string): UserInfo => withAuthenticatedGroup({ username: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`] });
const res = (verb: string, apiGroup: string, resource: string, namespace?: string, more: Partial<Attributes> = {}): Attributes => ({ verb, apiGroup, resource, namespace, ...more });
const url = (verb: string, path: string): Attributes => ({ verb, apiGroup: '', path });

const cases: Array<[string, UserInfo, Attributes, boolean]> = [
  ['masters bypass RBAC, resources', user('root', 'system:masters'), res('delete', 'apps', 'deployments', 'x'), true],
  ['masters bypass RBAC, paths', user('root', 'system:masters'), url('post', '/anything'), true],
  ['view: get pods in its namespace', user('bob'), res('get', '', 'pods', 'dev', { name: 'p' }), true],
  ['view: list pods in its namespace', user('bob'), res('list', '', 'pods', 'dev'), true],
  ['view: not in another namespace', user('bob'), res('list', '', 'pods', 'prod'), false],
  ['view: RoleBinding does not grant cluster-wide', user('bob'), res('list', '', 'pods'), false],
  ['view: no create', user('bob'), res('create', '', 'pods', 'dev'), false],
  ['view: pods/log subresource', user('bob'), res('get', '', 'pods', 'dev', { subresource: 'log', name: 'p' }), true],
  ['view: no pods/exec', user('bob'), res('create', '', 'pods', 'dev', { subresource: 'exec', name: 'p' }), false],
  ['view: no secrets', user('bob'), res('get', '', 'secrets', 'dev', { name: 's' }), false],
  ['view: deployments in apps', user('bob'), res('watch', 'apps', 'deployments', 'dev'), true],
  ['view: CRD role aggregated by label', user('bob'), res('list', 'example.com', 'widgets', 'dev'), true],
  ['view: wrong group for widgets', user('bob'), res('list', 'other.com', 'widgets', 'dev'), false],
  ['edit via group: create deployments', user('al', 'devs'), res('create', 'apps', 'deployments', 'dev'), true],
  ['edit includes view (nested aggregation)', user('al', 'devs'), res('get', '', 'configmaps', 'dev', { name: 'c' }), true],
  ['edit: exec', user('al', 'devs'), res('create', '', 'pods', 'dev', { subresource: 'exec', name: 'p' }), true],
  ['edit: no roles', user('al', 'devs'), res('create', G, 'roles', 'dev'), false],
  ['admin: rolebindings', user('carol'), res('create', G, 'rolebindings', 'dev'), true],
  ['admin: includes edit and view', user('carol'), res('delete', 'batch', 'jobs', 'dev', { name: 'j' }), true],
  ['admin: pods/log via view', user('carol'), res('get', '', 'pods', 'dev', { subresource: 'log', name: 'p' }), true],
  ['resourceNames: named allowed', user('dave'), res('get', '', 'configmaps', 'dev', { name: 'cfg-a' }), true],
  ['resourceNames: other name denied', user('dave'), res('get', '', 'configmaps', 'dev', { name: 'cfg-b' }), false],
  ['resourceNames: unnamed denied', user('dave'), res('get', '', 'configmaps', 'dev'), false],
  ['*/scale matches deployments/scale', user('dave'), res('update', 'apps', 'deployments', 'dev', { subresource: 'scale', name: 'd' }), true],
  ['*/scale matches statefulsets/scale', user('dave'), res('get', 'apps', 'statefulsets', 'dev', { subresource: 'scale', name: 's' }), true],
  ['*/scale does not match the main resource', user('dave'), res('update', 'apps', 'deployments', 'dev', { name: 'd' }), false],
  ['*/scale does not match another subresource', user('dave'), res('update', 'apps', 'deployments', 'dev', { subresource: 'status', name: 'd' }), false],
  ['pods/log rule grants only the subresource', user('erin'), res('get', '', 'pods', 'dev', { name: 'p' }), false],
  ['pods/log rule grants the subresource', user('erin'), res('get', '', 'pods', 'dev', { subresource: 'log', name: 'p' }), true],
  ['core group "" is not apps', user('erin'), res('get', 'apps', 'deployments', 'dev'), false],
  ['verb * in core group', user('erin'), res('deletecollection', '', 'deployments', 'dev'), true],
  ['Role from another namespace is not found', user('frank'), res('get', '', 'pods', 'dev'), false],
  ['SA subject without namespace defaults to the binding namespace', sa('ml', 'trainer'), res('create', 'batch', 'jobs', 'ml'), true],
  ['SA subject does not match a same-named SA elsewhere', sa('other', 'trainer'), res('create', 'batch', 'jobs', 'ml'), false],
  ['SA namespace group subject', sa('ml', 'anyone'), res('list', '', 'pods', 'ml'), true],
  ['SA subject without namespace in a ClusterRoleBinding matches nobody', sa('default', 'root'), res('get', '', 'pods', 'default'), false],
  ['SA subject with namespace in a ClusterRoleBinding grants everywhere', sa('kube-system', 'viewer'), res('list', 'apps', 'deployments', 'anywhere'), true],
  ['ClusterRoleBinding grants at cluster scope', sa('kube-system', 'viewer'), res('list', '', 'pods'), true],
  ['aggregation by matchExpressions In', user('oscar'), res('get', '', 'nodes', undefined, { name: 'n' }), true],
  ['aggregation by matchExpressions excludes others', user('oscar'), res('delete', '', 'nodes', undefined, { name: 'n' }), false],
  ['nonResourceURL prefix *', user('lena'), url('get', '/logs/kubelet.log'), true],
  ['nonResourceURL prefix * matches without slash', user('lena'), url('get', '/logsx'), true],
  ['nonResourceURL exact', user('lena'), url('get', '/exact'), true],
  ['nonResourceURL exact is not a prefix', user('lena'), url('get', '/exact/more'), false],
  ['nonResourceURL verb must match', user('lena'), url('post', '/logs'), false],
  ['discovery for authenticated users', user('zed'), url('get', '/apis/apps/v1'), true],
  ['basic-user: selfsubjectaccessreviews', user('zed'), res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), true],
  ['basic-user: selfsubjectreviews (whoami)', user('zed'), res('create', 'authentication.k8s.io', 'selfsubjectreviews'), true],
  ['authenticated users have no resource access by default', user('zed'), res('list', '', 'pods', 'default'), false],
  ['anonymous: /healthz via public-info-viewer', anonymousUser(), url('get', '/healthz'), true],
  ['anonymous: /version', anonymousUser(), url('get', '/version'), true],
  ['anonymous: no discovery', anonymousUser(), url('get', '/apis'), false],
  ['anonymous: no pods', anonymousUser(), res('list', '', 'pods', 'default'), false],
  ['node: create its Node', user('system:node:n1', 'system:nodes'), res('create', '', 'nodes'), true],
  ['node: update pod status', user('system:node:n1', 'system:nodes'), res('patch', '', 'pods', 'x', { subresource: 'status', name: 'p' }), true],
  ['node: no deleting nodes', user('system:node:n1', 'system:nodes'), res('delete', '', 'nodes', undefined, { name: 'n2' }), false],
  ['scheduler: bind pods', user('system:kube-scheduler'), res('create', '', 'pods', 'ns', { subresource: 'binding', name: 'p' }), true],
  ['scheduler: lease by name', user('system:kube-scheduler'), res('update', 'coordination.k8s.io', 'leases', 'kube-system', { name: 'kube-scheduler' }), true],
  ['scheduler: other lease denied', user('system:kube-scheduler'), res('update', 'coordination.k8s.io', 'leases', 'kube-system', { name: 'other' }), false],
  ['controller-manager: list anything', user('system:kube-controller-manager'), res('list', 'apps', 'replicasets'), true],
];

for (const [name, u, attrs, want] of cases) {
  test(`authorize: ${name}`, () => {
    assert.equal(authorize(src, u, attrs).allowed, want);
  });
}

test('authorize explains an allow with the binding, role and subject', () => {
  assert.equal(authorize(src, user('bob'), res('get', '', 'pods', 'dev')).reason,
    'RBAC: allowed by RoleBinding "bob-view/dev" of ClusterRole "view" to User "bob"');
  assert.equal(authorize(src, sa('ml', 'trainer'), res('create', 'batch', 'jobs', 'ml')).reason,
    'RBAC: allowed by RoleBinding "trainer/ml" of Role "trainer" to ServiceAccount "trainer/ml"');
  assert.equal(authorize(src, user('zed'), url('get', '/api')).reason,
    'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"');
  assert.equal(authorize(src, user('root', 'system:masters'), url('get', '/api')).reason, '');
});

test('authorize reports resolution errors in a denial', () => {
  assert.equal(authorize(src, user('frank'), res('get', '', 'pods', 'dev')).reason, 'RBAC: role.rbac.authorization.k8s.io "only-in-prod" not found');
  assert.equal(authorize(src, user('gina'), res('get', '', 'pods', 'dev')).reason,
    'RBAC: [clusterrole.rbac.authorization.k8s.io "ghost" not found, role.rbac.authorization.k8s.io "ghost-role" not found]');
  assert.equal(authorize(src, user('hank'), res('get', '', 'pods', 'dev')).reason, 'RBAC: unsupported role reference kind: "Unknown"');
  assert.equal(authorize(src, user('bob'), res('get', '', 'pods', 'prod')).reason, '');
});
