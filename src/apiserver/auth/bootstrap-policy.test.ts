import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateClusterRoleRules } from './aggregation.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';

test('bootstrap objects carry the rbac-defaults label and autoupdate annotation, with unique names', () => {
  const roles = bootstrapClusterRoles();
  const bindings = bootstrapClusterRoleBindings();
  for (const o of [...roles, ...bindings]) {
    assert.equal(o.metadata?.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', o.metadata?.name);
    assert.equal(o.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate'], 'true', o.metadata?.name);
    assert.equal(o.apiVersion, 'rbac.authorization.k8s.io/v1');
  }
  assert.equal(new Set(roles.map((r) => r.metadata?.name)).size, roles.length);
  assert.equal(new Set(bindings.map((r) => r.metadata?.name)).size, bindings.length);
  for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:discovery', 'system:basic-user', 'system:public-info-viewer', 'system:node', 'system:kube-scheduler', 'system:kube-controller-manager']) {
    assert.ok(roles.some((r) => r.metadata?.name === name), name);
  }
});

test('every bootstrap binding refers to a bootstrap role', () => {
  const names = new Set(bootstrapClusterRoles().map((r) => r.metadata?.name));
  for (const b of bootstrapClusterRoleBindings()) assert.ok(names.has(b.roleRef.name), b.metadata?.name);
});

test('cluster-admin binds system:masters, public-info-viewer binds authenticated and unauthenticated', () => {
  const byName = new Map(bootstrapClusterRoleBindings().map((b) => [b.metadata?.name, b]));
  assert.deepEqual(byName.get('cluster-admin')?.subjects?.map((s) => s.name), ['system:masters']);
  assert.deepEqual(byName.get('system:public-info-viewer')?.subjects?.map((s) => s.name), ['system:authenticated', 'system:unauthenticated']);
  assert.deepEqual(byName.get('system:discovery')?.subjects?.map((s) => s.name), ['system:authenticated']);
});

test('admin aggregates edit, which aggregates view', () => {
  const all = bootstrapClusterRoles();
  const get = (n: string) => all.find((r) => r.metadata?.name === n)!;
  const admin = aggregateClusterRoleRules(get('admin'), all);
  const edit = aggregateClusterRoleRules(get('edit'), all);
  const view = aggregateClusterRoleRules(get('view'), all);
  assert.ok(view.length > 0 && edit.length > view.length && admin.length > edit.length);
  for (const r of view) assert.ok(edit.some((e) => JSON.stringify(e) === JSON.stringify(r)));
  assert.ok(admin.some((r) => r.resources?.includes('rolebindings')));
  // The objects themselves have no rules: the aggregation is computed.
  assert.deepEqual(get('admin').rules, []);
});

test('bootstrap functions return fresh objects each call', () => {
  const a = bootstrapClusterRoles();
  a[0].rules!.push({ verbs: ['x'] });
  assert.notDeepEqual(bootstrapClusterRoles()[0].rules, a[0].rules);
});
