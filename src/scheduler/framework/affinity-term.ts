// Pod (anti-)affinity terms parsed once per pod (kube-scheduler framework.AffinityTerm).
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../../machinery/selectors/labels.js';

export type Labels = Record<string, string>;

export interface AffinityTerm {
  /** Namespaces named by the term (or the pod's own when neither namespaces nor namespaceSelector is set). */
  namespaces: Set<string>;
  /** nil → matches nothing; {} → every namespace. */
  namespaceSelector: LabelSelector;
  selector: LabelSelector;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

function safeSelector(s: PodAffinityTerm['labelSelector']): LabelSelector {
  try {
    return labelSelectorFromObject(s);
  } catch {
    return { requirements: [], nothing: true };
  }
}

export function newAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if (!t.namespaces?.length && t.namespaceSelector == null) namespaces.add(pod.metadata?.namespace ?? 'default');
  else for (const n of t.namespaces ?? []) namespaces.add(n);
  return {
    namespaces,
    namespaceSelector: safeSelector(t.namespaceSelector),
    selector: safeSelector(t.labelSelector),
    topologyKey: t.topologyKey,
  };
}

export function affinityTerms(pod: Pod, terms: readonly PodAffinityTerm[] | undefined): AffinityTerm[] {
  return terms ? terms.map((t) => newAffinityTerm(pod, t)) : [];
}

export function weightedTerms(pod: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return terms ? terms.map((t) => ({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight })) : [];
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces (or its namespace's labels match) and its labels match. */
export function termMatches(t: AffinityTerm, pod: Pod, nsLabels: Labels | undefined): boolean {
  const ns = pod.metadata?.namespace ?? 'default';
  if (t.namespaces.has(ns) || matchesLabels(t.namespaceSelector, nsLabels ?? {})) {
    return matchesLabels(t.selector, pod.metadata?.labels);
  }
  return false;
}

export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

/** True for {} (every namespace): mergeAffinityTermNamespacesIfNotEmpty leaves such a selector alone. */
export function selectorIsEmpty(s: LabelSelector): boolean {
  return !s.nothing && s.requirements.length === 0;
}
