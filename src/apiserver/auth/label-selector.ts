// metav1.LabelSelector matching, just what ClusterRole aggregation needs: matchLabels AND matchExpressions;
// an empty selector matches everything; an unknown operator matches nothing.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

export function matchesLabelSelector(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
