// RBAC escalation prevention with a real ApiServer: roles need the rules they grant (or `escalate`), bindings need the
// role's rules (or `bind`), system:masters is exempt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rbacEscalation } from './rbac-escalation.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import type { UserInfo } from '../auth/user.js';
import { attrs, rejects, seed, testServer } from './testkit.js';

const RBAC = 'rbac.authorization.k8s.io';
const G = (r: string): [string, string, string] => [RBAC, 'v1', r];
const user = (username: string): UserInfo => ({ username, groups: ['system:authenticated'] });
const jane = user('jane');

const clusterRole = (name: string, rules: unknown[], extra: Record<string, unknown> = {}): KObject => ({ apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name }, rules, ...extra } as KObject);
const role = (name: string, rules: unknown[], ns = 'team'): KObject => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules } as KObject);
const binding = (name: string, ref: { kind: string; name: string }, subject: string, ns = 'team'): KObject =>
  ({ apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace: ns }, roleRef: { apiGroup: RBAC, ...ref }, subjects: [{ kind: 'User', apiGroup: RBAC, name: subject }] } as KObject);
const clusterBinding = (name: string, ref: string, subject: string): KObject =>
  ({ apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: ref }, subjects: [{ kind: 'User', apiGroup: RBAC, name: subject }] } as KObject);
const podsRule = (verbs: string[]) => ({ apiGroups: [''], resources: ['pods'], verbs });

let s: ApiServer;
before(async () => {
  s = await testServer();
  await seed(s, G('clusterroles'),
    clusterRole('pod-reader', [podsRule(['get', 'list'])]),
    clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]),
    clusterRole('role-escalator', [{ apiGroups: [RBAC], resources: ['roles', 'clusterroles'], verbs: ['escalate'] }]),
    clusterRole('admin-binder', [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-admin'] }]));
  await seed(s, G('rolebindings'),
    binding('jane-reads', { kind: 'ClusterRole', name: 'pod-reader' }, 'jane'),
    binding('bob-escalates', { kind: 'ClusterRole', name: 'role-escalator' }, 'bob'),
    binding('carol-binds', { kind: 'ClusterRole', name: 'admin-binder' }, 'carol'));
  await seed(s, G('clusterrolebindings'), clusterBinding('root', 'cluster-admin', 'root'));
});
after(() => s.close());

const plugin = () => rbacEscalation(s);
const admit = (r: string, o: KObject, u: UserInfo, over = {}) => plugin().admit(attrs(s, G(r), o, { user: u, ...over }));

test('a Role with rules the user holds is admitted', async () => {
  await admit('roles', role('small', [podsRule(['get'])]), jane);
});

test('a Role granting more than the user holds is 403 with the missing rules, as kube-apiserver words it', async () => {
  await rejects(() => admit('roles', role('big', [podsRule(['*'])]), jane), 403,
    'roles.rbac.authorization.k8s.io "big" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["*"]}');
  await rejects(() => admit('roles', role('two', [{ apiGroups: ['', 'apps'], resources: ['pods', 'secrets'], verbs: ['get', 'delete'] }]), jane), 403,
    'roles.rbac.authorization.k8s.io "two" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
    + '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}\n'
    + '{APIGroups:["apps"], Resources:["pods"], Verbs:["get" "delete"]}\n{APIGroups:["apps"], Resources:["secrets"], Verbs:["get" "delete"]}');
});

test('rules held in another namespace do not count', async () => {
  await rejects(() => admit('roles', role('elsewhere', [podsRule(['get'])], 'other'), jane), 403, /user "jane" .* not currently held:\n\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["get"\]\}$/);
});

test('system:masters and the escalate verb are exempt', async () => {
  await admit('roles', role('big', [podsRule(['*'])]), { username: 'x', groups: ['system:masters'] });
  await admit('roles', role('big', [podsRule(['*'])]), user('bob'));
});

test('a ClusterRole is checked against cluster-wide rules only; an aggregationRule needs full authority', async () => {
  await rejects(() => admit('clusterroles', clusterRole('cr', [podsRule(['get'])]), jane), 403, /^clusterroles\.rbac\.authorization\.k8s\.io "cr" is forbidden: user "jane"/);
  await admit('clusterroles', clusterRole('agg', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } }), user('root'));
  await rejects(() => admit('clusterroles', clusterRole('agg', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } }), jane), 403,
    'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule');
});

test('binding a role needs its rules, or the bind verb on it', async () => {
  await admit('rolebindings', binding('b1', { kind: 'ClusterRole', name: 'pod-reader' }, 'dave'), jane);
  await rejects(() => admit('rolebindings', binding('up', { kind: 'ClusterRole', name: 'cluster-admin' }, 'jane'), jane), 403,
    'rolebindings.rbac.authorization.k8s.io "up" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
    + '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}');
  await admit('rolebindings', binding('up', { kind: 'ClusterRole', name: 'cluster-admin' }, 'carol'), user('carol'));
  await rejects(() => admit('clusterrolebindings', clusterBinding('crb', 'pod-reader', 'jane'), jane), 403, /^clusterrolebindings\.rbac\.authorization\.k8s\.io "crb" is forbidden: user "jane"/);
});

test('binding a missing role is 404; a Role reference resolves in the binding namespace', async () => {
  await rejects(() => admit('rolebindings', binding('b2', { kind: 'ClusterRole', name: 'nope' }, 'x'), jane), 404, 'clusterroles.rbac.authorization.k8s.io "nope" not found');
  await rejects(() => admit('rolebindings', binding('b3', { kind: 'Role', name: 'nope' }, 'x'), jane), 404, 'roles.rbac.authorization.k8s.io "nope" not found');
  await seed(s, G('roles'), role('getter', [podsRule(['get'])]));
  await admit('rolebindings', binding('b4', { kind: 'Role', name: 'getter' }, 'x'), jane);
});

test('an update that only changes finalizers or ownerReferences is not checked', async () => {
  const old = role('big', [podsRule(['*'])]);
  const next = structuredClone(old);
  next.metadata!.finalizers = ['example.com/keep'];
  await admit('roles', next, jane, { operation: 'UPDATE', old });
  next.metadata!.labels = { a: 'b' };
  await rejects(() => admit('roles', next, jane, { operation: 'UPDATE', old }), 403, /not currently held/);
});

test('other resources, deletes and subresources pass untouched', async () => {
  await admit('roles', role('big', [podsRule(['*'])]), jane, { operation: 'DELETE' });
  await plugin().admit(attrs(s, ['', 'v1', 'configmaps'], { metadata: { name: 'c', namespace: 'team' } } as KObject, { user: jane }));
  assert.ok(true);
});
