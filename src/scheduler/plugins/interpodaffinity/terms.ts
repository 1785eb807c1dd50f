// Shared helpers for InterPodAffinity: topology-pair counts and namespaceSelector resolution.
import type { AffinityTerm, Labels } from '../../framework/affinity-term.js';
import { selectorIsEmpty } from '../../framework/affinity-term.js';
import { matchesLabels } from '../../../machinery/selectors/labels.js';
import type { Snapshot } from '../../framework/snapshot.js';

/** topologyPair{key, value} as a map key. */
export const pairKey = (k: string, v: string): string => `${k}\x00${v}`;

/** topologyToMatchedTermCount.update: counts only when the node has the topology label; drops zeros. */
export function updateCount(m: Map<string, number>, labels: Labels, topologyKey: string, delta: number): void {
  const v = labels[topologyKey];
  if (v === undefined) return;
  const k = pairKey(topologyKey, v);
  const n = (m.get(k) ?? 0) + delta;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty: a non-empty namespaceSelector is resolved against the known namespaces
 * into the term's namespace set, after which the selector matches nothing. `{}` (all namespaces) is left alone.
 */
export function mergeNamespaces<T extends AffinityTerm>(t: T, snapshot: Snapshot): T {
  if (selectorIsEmpty(t.namespaceSelector)) return t;
  const namespaces = new Set(t.namespaces);
  for (const [name, labels] of snapshot.namespaceLabels) if (matchesLabels(t.namespaceSelector, labels)) namespaces.add(name);
  return { ...t, namespaces, namespaceSelector: { requirements: [], nothing: true } };
}
