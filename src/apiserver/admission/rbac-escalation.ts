// RBAC escalation prevention (kube-apiserver's policybased role/binding storage, pkg/registry/rbac): a user may write
// a Role or ClusterRole only with rules it already holds (or the `escalate` verb on it), and may bind a role only if
// it holds the role's rules (or the `bind` verb on it). system:masters is exempt. Kubernetes does this in the storage
// layer; here it is the last step of the admission chain, which runs at the same point (just before the write).
import type { PolicyRule, RoleRef } from 'kubernetes-types/rbac/v1.js';
import { isDeepStrictEqual } from 'node:util';
import type { AdmissionPlugin } from './index.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { KObject } from '../../api/types.js';
import { authorize, rulesFor, type RbacSource } from '../auth/rbac.js';
import { ClusterRoleRules } from '../auth/aggregation.js';
import { SYSTEM_MASTERS, type UserInfo } from '../auth/user.js';
import { forbidden, internalError, notFound } from '../../machinery/errors.js';
import { covers, describeMissing, goQuoteList } from './rbac-covers.js';

const RBAC = 'rbac.authorization.k8s.io';
const ROLE_RESOURCES = new Set(['roles', 'clusterroles']);
const BINDING_RESOURCES = new Set(['rolebindings', 'clusterrolebindings']);
const FULL_AUTHORITY: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

const gr = (resource: string) => ({ group: RBAC, resource });

/**
 * ConfirmNoEscalation: the message lists the rules `user` lacks, e.g.
 * `user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{...}`.
 */
export function escalationError(src: RbacSource, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const owned = rulesFor(src, user, namespace);
  const { covered, missing } = covers(owned.rules, rules);
  if (covered) return undefined;
  let msg = `user ${JSON.stringify(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${describeMissing(missing).join('\n')}`;
  if (owned.errors.length) msg += `; resolution errors: [${owned.errors.join(' ')}]`;
  return msg;
}

/** IsOnlyMutatingGCFields: the update changes nothing but ownerReferences and finalizers (server-set metadata aside). */
export function onlyGCFieldsChange(next: KObject, old: KObject): boolean {
  const keep = ['ownerReferences', 'finalizers', 'selfLink', 'resourceVersion', 'managedFields', 'uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;
  const a = JSON.parse(JSON.stringify(next)) as KObject;
  const b = JSON.parse(JSON.stringify(old)) as KObject;
  const am = (a.metadata ??= {}) as Record<string, unknown>;
  const bm = (b.metadata ??= {}) as Record<string, unknown>;
  for (const k of keep) { delete am[k]; delete bm[k]; }
  return isDeepStrictEqual(a, b);
}

export function rbacEscalation(s: { rbacSource(): RbacSource }): AdmissionPlugin {
  const check = (a: AdmissionAttributes, resource: string, name: string, rules: readonly PolicyRule[]): void => {
    const why = escalationError(s.rbacSource(), a.user, a.namespace, rules);
    if (why !== undefined) throw forbidden(`${resource}.${RBAC} "${name}" is forbidden: ${why}`, gr(resource), name);
  };

  const admitRole = (a: AdmissionAttributes, resource: string): void => {
    const src = s.rbacSource();
    // RoleEscalationAuthorized: the request's own name (none on a create) against the `escalate` verb
    const name = a.operation === 'UPDATE' ? a.name : '';
    if (authorize(src, a.user, { verb: 'escalate', apiGroup: RBAC, resource, name, namespace: a.namespace }).allowed) return;
    if (a.old && onlyGCFieldsChange(a.object!, a.old)) return;
    const role = a.object as KObject & { rules?: PolicyRule[]; aggregationRule?: { clusterRoleSelectors?: unknown[] } };
    const roleName = role.metadata?.name ?? a.name;
    check(a, resource, roleName, role.rules ?? []);
    if (resource !== 'clusterroles') return;
    const aggregates = (o: KObject | undefined) => !!(o as { aggregationRule?: { clusterRoleSelectors?: unknown[] } } | undefined)?.aggregationRule?.clusterRoleSelectors?.length;
    if ((aggregates(role) || aggregates(a.old)) && escalationError(src, a.user, a.namespace, FULL_AUTHORITY) !== undefined) {
      throw forbidden(`clusterroles.${RBAC} "${roleName}" is forbidden: must have cluster-admin privileges to use the aggregationRule`, gr(resource), roleName);
    }
  };

  const admitBinding = (a: AdmissionAttributes, resource: string): void => {
    if (a.old && onlyGCFieldsChange(a.object!, a.old)) return;
    const src = s.rbacSource();
    const ref = ((a.object as { roleRef?: RoleRef }).roleRef ?? {}) as Partial<RoleRef>;
    const ns = resource === 'rolebindings' ? a.namespace : '';
    // BindingAuthorized: the `bind` verb on the referenced role
    const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : undefined;
    if (refResource && authorize(src, a.user, { verb: 'bind', apiGroup: ref.apiGroup ?? '', resource: refResource, name: ref.name ?? '', namespace: ns }).allowed) return;
    check(a, resource, a.object!.metadata?.name ?? a.name, roleReferenceRules(src, ref, ns));
  };

  return {
    name: 'RBACEscalationPrevention',
    admit(a) {
      const i = a.entry.info;
      if (i.group !== RBAC || a.subresource || !a.object || (a.operation !== 'CREATE' && a.operation !== 'UPDATE')) return;
      if (!ROLE_RESOURCES.has(i.resource) && !BINDING_RESOURCES.has(i.resource)) return;
      if (a.user.groups.includes(SYSTEM_MASTERS)) return; // EscalationAllowed
      if (ROLE_RESOURCES.has(i.resource)) admitRole(a, i.resource);
      else admitBinding(a, i.resource);
    },
  };
}

/** GetRoleReferenceRules: the rules a binding would grant (a ClusterRole's aggregated rules, or a Role's). */
export function roleReferenceRules(src: RbacSource, ref: Partial<RoleRef>, namespace: string): PolicyRule[] {
  if (ref.kind === 'ClusterRole') {
    const roles = new ClusterRoleRules(src.clusterRoles());
    const r = roles.get(ref.name ?? '');
    if (!r) throw notFound(gr('clusterroles'), ref.name ?? '');
    return roles.rulesOf(r);
  }
  if (ref.kind === 'Role') {
    const r = src.roles(namespace).find((x) => x.metadata?.name === ref.name);
    if (!r) throw notFound(gr('roles'), ref.name ?? '');
    return r.rules ?? [];
  }
  throw internalError(new Error(`unsupported role reference kind: ${JSON.stringify(ref.kind ?? '')}`));
}

