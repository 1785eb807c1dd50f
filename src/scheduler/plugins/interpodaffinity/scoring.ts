// InterPodAffinity scoring: preferred (anti-)affinity of the incoming pod against running pods, plus running
// pods' required affinity (weight hardPodAffinityWeight) and preferred (anti-)affinity towards the incoming pod,
// summed per topology pair; normalized min-max to 0..100.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { AffinityTerm, Labels, WeightedAffinityTerm } from '../../framework/affinity-term.js';
import { termMatches } from '../../framework/affinity-term.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle, NodeScore } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoFor, type PodInfo } from '../../framework/pod-info.js';
import { SKIP, type Status } from '../../framework/status.js';
import { mergeNamespaces } from './terms.js';

const PRE_SCORE_KEY = 'PreScoreInterPodAffinity';

type ScoreMap = Map<string, Map<string, number>>;

interface PreScoreState {
  topologyScore: ScoreMap;
}

function processTerm(m: ScoreMap, t: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels | undefined, nodeLabels: Labels, mult: number): void {
  if (!termMatches(t, pod, nsLabels)) return;
  const v = nodeLabels[t.topologyKey];
  if (v === undefined) return;
  let byValue = m.get(t.topologyKey);
  if (!byValue) m.set(t.topologyKey, (byValue = new Map()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight * mult);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels | undefined, nodeLabels: Labels, mult: number): void {
  for (const t of terms) processTerm(m, t, t.weight, pod, nsLabels, nodeLabels, mult);
}

export function preScore(handle: Handle, hardPodAffinityWeight: number, state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | undefined {
  if (nodes.length === 0) return undefined;
  const snap = handle.snapshot;
  const pi = podInfoFor(pod);
  const hasConstraints = pi.preferredAffinityTerms.length > 0 || pi.preferredAntiAffinityTerms.length > 0;
  const prefAff = pi.preferredAffinityTerms.map((t) => mergeNamespaces(t, snap));
  const prefAnti = pi.preferredAntiAffinityTerms.map((t) => mergeNamespaces(t, snap));
  const nsLabels = snap.namespaceLabels.get(pi.namespace);
  const m: ScoreMap = new Map();
  const all = hasConstraints ? snap.nodeInfoList : snap.havePodsWithAffinityList;
  for (const ni of all) {
    if (Object.keys(ni.labels).length === 0) continue;
    const podsToProcess: PodInfo[] = hasConstraints ? ni.pods : ni.podsWithAffinity;
    for (const ep of podsToProcess) {
      processTerms(m, prefAff, ep.pod, undefined, ni.labels, 1);
      processTerms(m, prefAnti, ep.pod, undefined, ni.labels, -1);
      if (hardPodAffinityWeight > 0) {
        for (const t of ep.requiredAffinityTerms) processTerm(m, t, hardPodAffinityWeight, pod, nsLabels, ni.labels, 1);
      }
      processTerms(m, ep.preferredAffinityTerms, pod, nsLabels, ni.labels, 1);
      processTerms(m, ep.preferredAntiAffinityTerms, pod, nsLabels, ni.labels, -1);
    }
  }
  if (m.size === 0) return SKIP;
  state.write(PRE_SCORE_KEY, { topologyScore: m } satisfies PreScoreState);
  return undefined;
}

export function score(state: CycleState, ni: NodeInfo): number {
  const s = state.read<PreScoreState>(PRE_SCORE_KEY);
  if (!s) return 0;
  let total = 0;
  for (const [key, values] of s.topologyScore) {
    const v = ni.labels[key];
    if (v !== undefined) total += values.get(v) ?? 0;
  }
  return total;
}

export function normalize(state: CycleState, scores: NodeScore[]): void {
  const s = state.read<PreScoreState>(PRE_SCORE_KEY);
  if (!s || s.topologyScore.size === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const x of scores) { if (x.score > max) max = x.score; if (x.score < min) min = x.score; }
  const diff = max - min;
  for (const x of scores) x.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((x.score - min) / diff)) : 0;
}
