// InterPodAffinity filtering: required pod affinity / anti-affinity of the incoming pod, and the required
// anti-affinity of pods already running against the incoming pod, counted per topology pair in PreFilter.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { AffinityTerm, Labels } from '../../framework/affinity-term.js';
import { podMatchesAllTerms, termMatches } from '../../framework/affinity-term.js';
import type { CycleState, Cloneable } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoFor, type PodInfo } from '../../framework/pod-info.js';
import { SKIP, unresolvable, unschedulable, type Status } from '../../framework/status.js';
import { mergeNamespaces, pairKey, updateCount } from './terms.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const PRE_FILTER_KEY = 'PreFilterInterPodAffinity';

export class PreFilterState implements Cloneable {
  constructor(
    readonly pod: Pod,
    readonly affinityTerms: AffinityTerm[],
    readonly antiAffinityTerms: AffinityTerm[],
    readonly nsLabels: Labels | undefined,
    public existingAntiAffinityCounts = new Map<string, number>(),
    public affinityCounts = new Map<string, number>(),
    public antiAffinityCounts = new Map<string, number>(),
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(this.pod, this.affinityTerms, this.antiAffinityTerms, this.nsLabels,
      new Map(this.existingAntiAffinityCounts), new Map(this.affinityCounts), new Map(this.antiAffinityCounts));
  }

  /** updateWithPod: account for a pod added to (1) or removed from (-1) a node. */
  updateWithPod(pi: PodInfo, labels: Labels, delta: number): void {
    for (const t of pi.requiredAntiAffinityTerms) {
      if (termMatches(t, this.pod, this.nsLabels)) updateCount(this.existingAntiAffinityCounts, labels, t.topologyKey, delta);
    }
    if (this.affinityTerms.length && podMatchesAllTerms(this.affinityTerms, pi.pod)) {
      for (const t of this.affinityTerms) updateCount(this.affinityCounts, labels, t.topologyKey, delta);
    }
    for (const t of this.antiAffinityTerms) {
      if (termMatches(t, pi.pod, undefined)) updateCount(this.antiAffinityCounts, labels, t.topologyKey, delta);
    }
  }
}

export function preFilter(handle: Handle, state: CycleState, pod: Pod): Status | undefined {
  const snap = handle.snapshot;
  const pi = podInfoFor(pod);
  const aff = pi.requiredAffinityTerms.map((t) => mergeNamespaces(t, snap));
  const anti = pi.requiredAntiAffinityTerms.map((t) => mergeNamespaces(t, snap));
  const s = new PreFilterState(pod, aff, anti, snap.namespaceLabels.get(pi.namespace));
  for (const ni of snap.havePodsWithRequiredAntiAffinityList) {
    for (const ep of ni.podsWithRequiredAntiAffinity) {
      for (const t of ep.requiredAntiAffinityTerms) {
        if (termMatches(t, pod, s.nsLabels)) updateCount(s.existingAntiAffinityCounts, ni.labels, t.topologyKey, 1);
      }
    }
  }
  if (aff.length || anti.length) {
    for (const ni of snap.nodeInfoList) {
      for (const ep of ni.pods) {
        if (aff.length && podMatchesAllTerms(aff, ep.pod)) for (const t of aff) updateCount(s.affinityCounts, ni.labels, t.topologyKey, 1);
        for (const t of anti) if (termMatches(t, ep.pod, undefined)) updateCount(s.antiAffinityCounts, ni.labels, t.topologyKey, 1);
      }
    }
  }
  if (s.existingAntiAffinityCounts.size === 0 && aff.length === 0 && anti.length === 0) return SKIP;
  state.write(PRE_FILTER_KEY, s);
  return undefined;
}

function satisfyPodAffinity(s: PreFilterState, labels: Labels): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false; // every topology label must exist on the node
    if ((s.affinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when no pod matches yet and it matches its own terms.
  return s.affinityCounts.size === 0 && podMatchesAllTerms(s.affinityTerms, s.pod);
}

function satisfyPodAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.antiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && (s.antiAffinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  for (const k in labels) if ((s.existingAntiAffinityCounts.get(pairKey(k, labels[k]!)) ?? 0) > 0) return false;
  return true;
}

export function filter(state: CycleState, ni: NodeInfo): Status | undefined {
  const s = state.read<PreFilterState>(PRE_FILTER_KEY);
  if (!s) return undefined;
  if (!satisfyPodAffinity(s, ni.labels)) return unresolvable(ERR_REASON_AFFINITY);
  if (!satisfyPodAntiAffinity(s, ni.labels)) return unschedulable(ERR_REASON_ANTI_AFFINITY);
  if (!satisfyExistingPodsAntiAffinity(s, ni.labels)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
  return undefined;
}
