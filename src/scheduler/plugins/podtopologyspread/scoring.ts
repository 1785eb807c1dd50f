// PodTopologySpread scoring (ScheduleAnyway constraints, or the system defaults): a node scores the matching pods
// in its domains, each weighted by log(domains + 2) plus maxSkew - 1; lower is better, so normalize inverts
// (100 * (max + min - s) / max). Nodes lacking a topology key score 0.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle, NodeScore } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { SKIP, type Status } from '../../framework/status.js';
import type { LabelSelector } from '../../../machinery/selectors/labels.js';
import { RequiredNodeAffinity } from '../helper/node-affinity.js';
import { pairKey } from '../interpodaffinity/terms.js';
import { LABEL_HOSTNAME, constraintsFor, countMatching, nodeHasAllTopologyKeys, nodeIncluded, type Constraint } from './constraints.js';

const PRE_SCORE_KEY = 'PreScorePodTopologySpread';

interface PreScoreState {
  constraints: Constraint[];
  ignoredNodes: Set<string>;
  pairCounts: Map<string, number>;
  weights: number[];
  ns: string;
}

export const topologyNormalizingWeight = (size: number): number => Math.log(size + 2);
export const scoreForCount = (cnt: number, maxSkew: number, w: number): number => cnt * w + (maxSkew - 1);

export function preScore(handle: Handle, defaultSelector: (p: Pod) => LabelSelector | undefined, systemDefaulted: boolean, state: CycleState, pod: Pod, filtered: NodeInfo[]): Status | undefined {
  const all = handle.snapshot.nodeInfoList;
  if (filtered.length === 0 || all.length === 0) return SKIP;
  const requireAll = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !systemDefaulted;
  const constraints = constraintsFor(pod, 'ScheduleAnyway', defaultSelector);
  if (constraints.length === 0) return SKIP;
  const s: PreScoreState = { constraints, ignoredNodes: new Set(), pairCounts: new Map(), weights: [], ns: pod.metadata?.namespace ?? 'default' };
  const topoSize = constraints.map(() => 0);
  for (const ni of filtered) {
    if (requireAll && !nodeHasAllTopologyKeys(ni.labels, constraints)) { s.ignoredNodes.add(ni.name); continue; }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const k = pairKey(c.topologyKey, ni.labels[c.topologyKey] ?? '');
      if (!s.pairCounts.has(k)) { s.pairCounts.set(k, 0); topoSize[i]!++; }
    });
  }
  s.weights = constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filtered.length - s.ignoredNodes.size : topoSize[i]!));
  const req = new RequiredNodeAffinity(pod);
  for (const ni of all) {
    if (requireAll && !nodeHasAllTopologyKeys(ni.labels, constraints)) continue;
    for (const c of constraints) {
      if (!nodeIncluded(c, pod, ni, req)) continue;
      const k = pairKey(c.topologyKey, ni.labels[c.topologyKey] ?? '');
      const cur = s.pairCounts.get(k);
      if (cur === undefined) continue;
      s.pairCounts.set(k, cur + countMatching(ni.pods, c.selector, s.ns));
    }
  }
  state.write(PRE_SCORE_KEY, s);
  return undefined;
}

export function score(state: CycleState, ni: NodeInfo): number {
  const s = state.read<PreScoreState>(PRE_SCORE_KEY);
  if (!s || s.ignoredNodes.has(ni.name)) return 0;
  let total = 0;
  s.constraints.forEach((c, i) => {
    const v = ni.labels[c.topologyKey];
    if (v === undefined) return;
    const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(ni.pods, c.selector, s.ns) : (s.pairCounts.get(pairKey(c.topologyKey, v)) ?? 0);
    total += scoreForCount(cnt, c.maxSkew, s.weights[i]!);
  });
  return Math.round(total);
}

export function normalize(state: CycleState, scores: NodeScore[]): void {
  const s = state.read<PreScoreState>(PRE_SCORE_KEY);
  if (!s) return;
  let min = Infinity;
  let max = 0;
  const ignored: boolean[] = scores.map((x) => s.ignoredNodes.has(x.name));
  scores.forEach((x, i) => {
    if (ignored[i]) return;
    if (x.score < min) min = x.score;
    if (x.score > max) max = x.score;
  });
  scores.forEach((x, i) => {
    if (ignored[i]) { x.score = 0; return; }
    if (max === 0) { x.score = MAX_NODE_SCORE; return; }
    x.score = Math.trunc((MAX_NODE_SCORE * (max + min - x.score)) / max);
  });
}
