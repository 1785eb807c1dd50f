// One scheduling attempt for one pod (kube-scheduler schedulePod): PreFilter → Filter over a rotating sample of
// nodes (numFeasibleNodesToFind) → PreScore → Score → pick the best, ties broken uniformly at random.
// Pure with respect to the cluster: it reads the snapshot, returns a decision, writes nothing.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import type { Framework } from './framework.js';
import type { PostFilterResult } from './interfaces.js';
import type { NodeInfo } from './node-info.js';
import type { Snapshot } from './snapshot.js';
import { Status } from './status.js';
import { ERR_NO_NODES_AVAILABLE, FitError, newDiagnosis, type Diagnosis } from './fit-error.js';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
export const PREFILTER_RESULT_REASON = 'node is filtered out by the prefilter result';

export type ScheduleOutcome =
  | { node: string; evaluatedNodes: number; feasibleNodes: number }
  | { fitError: FitError }
  /** `unschedulable` when there are no nodes at all (ErrNoNodesAvailable); otherwise an internal error. */
  | { error: string; unschedulable?: boolean };

/** How many feasible nodes to find before scoring: all below 100 nodes; else 50% - nodes/125 (min 5%), min 100. */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage ?? 0;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Picks the highest total; among equal maxima each is chosen with equal probability (reservoir sampling). */
export function selectHost(nodes: readonly NodeInfo[], totals: ArrayLike<number>, random: () => number): string {
  let best = 0;
  let max = totals[0]!;
  let count = 1;
  for (let i = 1; i < nodes.length; i++) {
    const t = totals[i]!;
    if (t > max) { max = t; best = i; count = 1; }
    else if (t === max) {
      count++;
      if (Math.floor(random() * count) === 0) best = i;
    }
  }
  return nodes[best]!.name;
}

export class PodScheduler {
  /** Where the next cycle starts looking, so that successive pods sample different nodes. */
  nextStartNodeIndex = 0;

  constructor(readonly fw: Framework, private readonly random: () => number) {}

  schedulePod(state: CycleState, pod: Pod, snapshot: Snapshot): ScheduleOutcome {
    this.fw.snapshot = snapshot;
    if (snapshot.numNodes() === 0) return { error: ERR_NO_NODES_AVAILABLE, unschedulable: true };
    const found = this.findNodesThatFitPod(state, pod, snapshot);
    if ('error' in found) return found;
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return { fitError: new FitError(pod, snapshot.numNodes(), diagnosis) };
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { node: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
    const st = this.fw.runPreScore(state, pod, feasible);
    if (st) return { error: st.message() };
    const totals = this.fw.runScore(state, pod, feasible);
    return { node: selectHost(feasible, totals, this.random), evaluatedNodes, feasibleNodes: feasible.length };
  }

  /**
   * After a FitError: runs PostFilter (preemption), records its message in the diagnosis (so fitError.message()
   * carries "preemption: …") and returns its plan, if any. Error statuses are returned, not recorded.
   */
  postFilter(state: CycleState, pod: Pod, fitError: FitError): { plan?: PostFilterResult; error?: string } {
    if (this.fw.profile.postFilter.length === 0) return {};
    const d = fitError.diagnosis;
    const { result, status } = this.fw.runPostFilter(state, pod, d.nodeToStatus);
    if (status?.code === 'Error') return { error: status.message() };
    if (status) d.postFilterMsg = status.message();
    return { plan: result };
  }

  findNodesThatFitPod(state: CycleState, pod: Pod, snapshot: Snapshot): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { error: string } {
    const diagnosis = newDiagnosis();
    const all = snapshot.nodeInfoList;
    const pre = this.fw.runPreFilter(state, pod);
    if (pre.status) {
      if (pre.status.code === 'Error') return { error: pre.status.message() };
      for (const n of all) diagnosis.nodeToStatus.set(n.name, pre.status);
      diagnosis.preFilterMsg = pre.status.message();
      if (pre.status.plugin) diagnosis.unschedulablePlugins.add(pre.status.plugin);
      return { feasible: [], diagnosis };
    }
    // A pod nominated by an earlier preemption tries its nominated node first.
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = snapshot.get(nominated);
      if (ni && (!pre.nodeNames || pre.nodeNames.has(nominated))) {
        const r = this.passFilters(state, pod, diagnosis, [ni], true);
        if ('error' in r) return r;
        if (r.length > 0) return { feasible: r, diagnosis };
      }
    }
    let nodes = all;
    if (pre.nodeNames) {
      nodes = [];
      const filteredOut = new Status('UnschedulableAndUnresolvable', [PREFILTER_RESULT_REASON]);
      for (const n of all) {
        if (pre.nodeNames.has(n.name)) nodes.push(n);
        else diagnosis.nodeToStatus.set(n.name, filteredOut);
      }
    }
    const r = this.passFilters(state, pod, diagnosis, nodes, false);
    return 'error' in r ? r : { feasible: r, diagnosis };
  }

  private passFilters(state: CycleState, pod: Pod, diagnosis: Diagnosis, nodes: readonly NodeInfo[], single: boolean): NodeInfo[] | { error: string } {
    const n = nodes.length;
    if (n === 0) return [];
    const want = numFeasibleNodesToFind(this.fw.profile.percentageOfNodesToScore, n);
    const feasible: NodeInfo[] = [];
    const start = single ? 0 : this.nextStartNodeIndex % n;
    let processed = 0;
    for (let i = 0; i < n && feasible.length < want; i++) {
      const ni = nodes[(start + i) % n]!;
      processed++;
      const st = this.fw.runFilterWithNominatedPods(state, pod, ni);
      if (st === undefined) { feasible.push(ni); continue; }
      if (st.code === 'Error') return { error: st.message() };
      diagnosis.nodeToStatus.set(ni.name, st);
      if (st.plugin) diagnosis.unschedulablePlugins.add(st.plugin);
    }
    if (!single) this.nextStartNodeIndex = (start + processed) % n;
    return feasible;
  }
}
