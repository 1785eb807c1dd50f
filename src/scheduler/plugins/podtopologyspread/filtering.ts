// PodTopologySpread filtering (DoNotSchedule constraints): PreFilter counts matching pods per topology domain
// over all eligible nodes; Filter rejects a node when placing the pod there would make
// (matching in its domain + self) - global minimum exceed maxSkew. With fewer eligible domains than minDomains,
// the global minimum is taken as 0.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../../framework/affinity-term.js';
import type { CycleState, Cloneable } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { SKIP, unresolvable, unschedulable, type Status } from '../../framework/status.js';
import { matchesLabels, type LabelSelector } from '../../../machinery/selectors/labels.js';
import { RequiredNodeAffinity } from '../helper/node-affinity.js';
import { pairKey } from '../interpodaffinity/terms.js';
import { constraintsFor, countMatching, nodeHasAllTopologyKeys, nodeIncluded, type Constraint } from './constraints.js';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';
export const PRE_FILTER_KEY = 'PreFilterPodTopologySpread';

export class PreFilterState implements Cloneable {
  private minCache = new Map<string, number>();
  constructor(
    readonly constraints: Constraint[],
    readonly tpPairToMatchNum: Map<string, number>,
    readonly tpKeyToDomainsNum: Map<string, number>,
    /** topologyKey → values seen, to compute minimums. */
    readonly valuesByKey: Map<string, Set<string>>,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(this.constraints, new Map(this.tpPairToMatchNum), this.tpKeyToDomainsNum,
      new Map([...this.valuesByKey].map(([k, v]) => [k, new Set(v)])));
  }

  minMatchNum(key: string, minDomains: number): number {
    if ((this.tpKeyToDomainsNum.get(key) ?? 0) < minDomains) return 0;
    let m = this.minCache.get(key);
    if (m === undefined) {
      m = Infinity;
      for (const v of this.valuesByKey.get(key) ?? []) m = Math.min(m, this.tpPairToMatchNum.get(pairKey(key, v)) ?? 0);
      this.minCache.set(key, m);
    }
    return m;
  }

  /** PreFilterExtensions: a pod of the preemptor's namespace added to / removed from a node. */
  updateWithPod(pi: PodInfo, preemptorNs: string, labels: Labels, delta: number): void {
    if (pi.namespace !== preemptorNs || !nodeHasAllTopologyKeys(labels, this.constraints)) return;
    for (const c of this.constraints) {
      if (!matchesLabels(c.selector, pi.pod.metadata?.labels)) continue;
      const v = labels[c.topologyKey]!;
      const k = pairKey(c.topologyKey, v);
      this.tpPairToMatchNum.set(k, (this.tpPairToMatchNum.get(k) ?? 0) + delta);
      let vals = this.valuesByKey.get(c.topologyKey);
      if (!vals) this.valuesByKey.set(c.topologyKey, (vals = new Set()));
      vals.add(v);
    }
    this.minCache.clear();
  }
}

export function preFilter(handle: Handle, defaultSelector: (p: Pod) => LabelSelector | undefined, state: CycleState, pod: Pod): Status | undefined {
  const constraints = constraintsFor(pod, 'DoNotSchedule', defaultSelector);
  if (constraints.length === 0) return SKIP;
  const ns = pod.metadata?.namespace ?? 'default';
  const req = new RequiredNodeAffinity(pod);
  const counts = new Map<string, number>();
  const valuesByKey = new Map<string, Set<string>>();
  for (const ni of handle.snapshot.nodeInfoList) {
    if (!nodeHasAllTopologyKeys(ni.labels, constraints)) continue;
    for (const c of constraints) {
      if (!nodeIncluded(c, pod, ni, req)) continue;
      const v = ni.labels[c.topologyKey]!;
      const k = pairKey(c.topologyKey, v);
      counts.set(k, (counts.get(k) ?? 0) + countMatching(ni.pods, c.selector, ns));
      let vals = valuesByKey.get(c.topologyKey);
      if (!vals) valuesByKey.set(c.topologyKey, (vals = new Set()));
      vals.add(v);
    }
  }
  const domains = new Map<string, number>();
  for (const [key, vals] of valuesByKey) domains.set(key, vals.size);
  state.write(PRE_FILTER_KEY, new PreFilterState(constraints, counts, domains, valuesByKey));
  return undefined;
}

export function filter(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
  const s = state.read<PreFilterState>(PRE_FILTER_KEY);
  if (!s || s.constraints.length === 0) return undefined;
  const podLabels = pod.metadata?.labels;
  for (const c of s.constraints) {
    const v = ni.labels[c.topologyKey];
    if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const min = s.minMatchNum(c.topologyKey, c.minDomains);
    const self = matchesLabels(c.selector, podLabels) ? 1 : 0;
    const matchNum = s.tpPairToMatchNum.get(pairKey(c.topologyKey, v)) ?? 0;
    if (matchNum + self - min > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return undefined;
}
