// Kubernetes RBAC authorization over synchronous caches (pkg/registry/rbac/validation + plugin/.../rbac).
//   ClusterRoleBindings grant everywhere; RoleBindings grant in their namespace, to a Role there or a ClusterRole.
//   system:masters is allowed everything before RBAC is asked (the privileged-group authorizer).
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { ClusterRoleRules } from './aggregation.js';
import { ruleAllows, type Attributes } from './policy-rule.js';
import { SYSTEM_MASTERS, serviceAccountUsername, type UserInfo } from './user.js';

export type { Attributes } from './policy-rule.js';

export interface RbacSource {
  clusterRoles(): ClusterRole[];
  clusterRoleBindings(): ClusterRoleBinding[];
  roles(ns: string): Role[];
  roleBindings(ns: string): RoleBinding[];
}

export interface Decision { allowed: boolean; reason: string }

/** Called per rule with a lazy description of where it came from, or with a resolution error. Return false to stop. */
export type RuleVisitor = (rule: PolicyRule | undefined, describe: (() => string) | undefined, err: string | undefined) => boolean;

function appliesToUser(user: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case 'User': return user.username === s.name;
    case 'Group': return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || namespace;
      return ns !== '' && user.username === serviceAccountUsername(ns, s.name);
    }
    default: return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** Walks every rule granted to `user` in `namespace` ('' = cluster bindings only), in kube-apiserver's order. */
export function visitRulesFor(src: RbacSource, user: UserInfo, namespace: string, visit: RuleVisitor): void {
  let roles: ClusterRoleRules | undefined;
  const clusterRoles = () => (roles ??= new ClusterRoleRules(src.clusterRoles()));

  const resolve = (ref: { kind: string; name: string }, bindingNs: string): { rules?: PolicyRule[]; err?: string } => {
    if (ref.kind === 'ClusterRole') {
      const r = clusterRoles().get(ref.name);
      return r ? { rules: clusterRoles().rulesOf(r) } : { err: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    if (ref.kind === 'Role') {
      const r = src.roles(bindingNs).find((x) => x.metadata?.name === ref.name);
      return r ? { rules: r.rules ?? [] } : { err: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    return { err: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  };

  for (const b of src.clusterRoleBindings()) {
    const subject = (b.subjects ?? []).find((s) => appliesToUser(user, s, ''));
    if (!subject) continue;
    const { rules, err } = resolve(b.roleRef, '');
    if (err !== undefined) { if (!visit(undefined, undefined, err)) return; continue; }
    const describe = () => `ClusterRoleBinding ${JSON.stringify(b.metadata?.name ?? '')} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, '')}`;
    for (const r of rules!) if (!visit(r, describe, undefined)) return;
  }
  if (!namespace) return;
  for (const b of src.roleBindings(namespace)) {
    const subject = (b.subjects ?? []).find((s) => appliesToUser(user, s, namespace));
    if (!subject) continue;
    const { rules, err } = resolve(b.roleRef, namespace);
    if (err !== undefined) { if (!visit(undefined, undefined, err)) return; continue; }
    const ns = b.metadata?.namespace ?? namespace;
    const describe = () => `RoleBinding ${JSON.stringify(`${b.metadata?.name ?? ''}/${ns}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, ns)}`;
    for (const r of rules!) if (!visit(r, describe, undefined)) return;
  }
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several de-duplicated in brackets. */
export function aggregateErrors(errs: string[]): string {
  const uniq = [...new Set(errs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

export function authorize(src: RbacSource, user: UserInfo, attrs: Attributes): Decision {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
  let reason = '';
  let allowed = false;
  const errors: string[] = [];
  visitRulesFor(src, user, attrs.namespace ?? '', (rule, describe, err) => {
    if (rule && ruleAllows(attrs, rule)) {
      allowed = true;
      reason = `RBAC: allowed by ${describe!()}`;
      return false;
    }
    if (err !== undefined) errors.push(err);
    return true;
  });
  if (allowed) return { allowed, reason };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '' };
}

/** Every rule granted to `user` in `namespace`, and the resolution errors met on the way. */
export function rulesFor(src: RbacSource, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(src, user, namespace, (rule, _d, err) => {
    if (rule) rules.push(rule);
    if (err !== undefined) errors.push(err);
    return true;
  });
  return { rules, errors };
}
