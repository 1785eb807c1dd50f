// The clusterrole-aggregation controller's decision: a ClusterRole with an aggregationRule gets the union of the
// rules of every ClusterRole its selectors match (by name order, duplicates dropped), as Kubernetes does.
import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors/index.js';

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The aggregated rules for `role`, or undefined when it has no aggregationRule. */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return undefined;
  const matchers = selectors.map((s) => {
    try { return labelSelectorFromObject(s); } catch { return undefined; }
  });
  const out: PolicyRule[] = [];
  const sorted = [...all].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  for (const other of sorted) {
    if (other.metadata?.name === role.metadata?.name) continue;
    const labels = (other.metadata?.labels ?? {}) as Record<string, string>;
    if (!matchers.some((m) => m && matchesLabels(m, labels))) continue;
    for (const r of other.rules ?? []) if (!out.some((x) => sameRule(x, r))) out.push(r);
  }
  return out;
}

/** True when the stored rules differ from the aggregate. */
export function rulesNeedUpdate(role: ClusterRole, rules: PolicyRule[]): boolean {
  return JSON.stringify(role.rules ?? []) !== JSON.stringify(rules);
}
