// ClusterRole aggregation: a role with an aggregationRule has the rules of every ClusterRole its selectors match,
// in name order, without duplicates and without itself (the clusterrole-aggregation controller's result). Computed
// here on read, recursively (admin ← edit ← view), so authorization never waits for a controller.
import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { matchesLabelSelector } from './label-selector.js';

const list = (xs: string[] | undefined): string[] => xs ?? [];
const sameList = (a: string[] | undefined, b: string[] | undefined): boolean => {
  const x = list(a), y = list(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** Semantic equality: nil and empty lists are the same. */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return sameList(a.verbs, b.verbs) && sameList(a.apiGroups, b.apiGroups) && sameList(a.resources, b.resources)
    && sameList(a.resourceNames, b.resourceNames) && sameList(a.nonResourceURLs, b.nonResourceURLs);
}

/** Resolves the effective rules of cluster roles, memoized for one snapshot of the role list. */
export class ClusterRoleRules {
  private readonly sorted: ClusterRole[];
  private readonly byName = new Map<string, ClusterRole>();
  private readonly memo = new Map<string, PolicyRule[]>();

  constructor(roles: ClusterRole[]) {
    this.sorted = [...roles].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    for (const r of roles) if (r.metadata?.name) this.byName.set(r.metadata.name, r);
  }

  get(name: string): ClusterRole | undefined {
    return this.byName.get(name);
  }

  rulesOf(role: ClusterRole, visiting = new Set<string>()): PolicyRule[] {
    const name = role.metadata?.name ?? '';
    const cached = this.memo.get(name);
    if (cached) return cached;
    if (!role.aggregationRule || visiting.has(name)) return role.rules ?? [];
    visiting.add(name);
    const out: PolicyRule[] = [];
    for (const sel of role.aggregationRule.clusterRoleSelectors ?? []) {
      for (const other of this.sorted) {
        if (other.metadata?.name === name || !matchesLabelSelector(sel, other.metadata?.labels)) continue;
        for (const r of this.rulesOf(other, visiting)) if (!out.some((o) => sameRule(o, r))) out.push(r);
      }
    }
    visiting.delete(name);
    this.memo.set(name, out);
    return out;
  }
}

/** The rules the clusterrole-aggregation controller would write into `role`. */
export function aggregateClusterRoleRules(role: ClusterRole, all: ClusterRole[]): PolicyRule[] {
  return new ClusterRoleRules(all).rulesOf(role);
}
