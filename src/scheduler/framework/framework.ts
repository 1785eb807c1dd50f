// Runs a Profile's plugins at each extension point (kube-scheduler frameworkImpl). Filters stop at the first
// rejecting plugin, as kube-scheduler's do, so a node's reason is that of the first plugin in profile order.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import { podInfoFor, type PodInfo } from './pod-info.js';
import { Snapshot } from './snapshot.js';
import { Status, errorStatus } from './status.js';
import {
  MAX_NODE_SCORE, PreFilterResult, type FilterPlugin, type Handle, type NodeScore, type NodeToStatus, type Nominator, type PostFilterResult, type Profile,
} from './interfaces.js';

const NO_NOMINATIONS: Nominator = { nominatedPodsForNode: () => [] };

export class Framework implements Handle {
  snapshot: Snapshot = new Snapshot();
  nominator: Nominator = NO_NOMINATIONS;
  readonly profile: Profile;
  /** Reused score buffers, one per score plugin, grown as needed (no per-cycle allocation). */
  private readonly scoreBufs: NodeScore[][];

  constructor(build: (h: Handle) => Profile) {
    this.profile = build(this);
    this.scoreBufs = this.profile.score.map(() => []);
  }

  get schedulerName(): string {
    return this.profile.schedulerName;
  }

  /** Runs PreFilter; returns the node-name restriction (intersection of results) or a rejecting/error status. */
  runPreFilter(state: CycleState, pod: Pod): { nodeNames?: Set<string>; status?: Status } {
    let nodeNames: Set<string> | undefined;
    for (const pl of this.profile.preFilter) {
      const r = pl.preFilter(state, pod);
      if (r === undefined) continue;
      if (r instanceof PreFilterResult) {
        if (r.nodeNames) nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames!.has(n))) : r.nodeNames;
        continue;
      }
      if (r.code === 'Skip') { state.skipFilter.add(pl.name); state.activeFilters = undefined; continue; }
      return { status: r.withPlugin(pl.name) };
    }
    return { nodeNames };
  }

  runAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, ni: NodeInfo): Status | undefined {
    for (const pl of this.profile.preFilter) {
      if (!pl.addPod || state.skipFilter.has(pl.name)) continue;
      const st = pl.addPod(state, pod, toAdd, ni);
      if (st) return st.withPlugin(pl.name);
    }
    return undefined;
  }

  runRemovePod(state: CycleState, pod: Pod, toRemove: PodInfo, ni: NodeInfo): Status | undefined {
    for (const pl of this.profile.preFilter) {
      if (!pl.removePod || state.skipFilter.has(pl.name)) continue;
      const st = pl.removePod(state, pod, toRemove, ni);
      if (st) return st.withPlugin(pl.name);
    }
    return undefined;
  }

  runFilter(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    const filters = (state.activeFilters ??= this.profile.filter.filter((pl) => !state.skipFilter.has(pl.name))) as FilterPlugin[];
    for (let i = 0; i < filters.length; i++) {
      const pl = filters[i]!;
      const st = pl.filter(state, pod, ni);
      if (st !== undefined) {
        st.plugin = pl.name;
        return st;
      }
    }
    return undefined;
  }

  /**
   * RunFilterPluginsWithNominatedPods: first with the node's nominated pods of equal or higher priority added
   * (so a preemptor's freed room is not taken), then — if any were added and that passed — without them.
   */
  runFilterWithNominatedPods(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    const nominated = this.nominator.nominatedPodsForNode(ni.name);
    if (nominated.length === 0) return this.runFilter(state, pod, ni);
    const self = podInfoFor(pod);
    let niOut: NodeInfo | undefined;
    let stateOut = state;
    for (const pi of nominated) {
      if (pi.priority < self.priority || pi.key === self.key) continue;
      if (!niOut) { niOut = ni.clone(); stateOut = state.clone(); }
      niOut.addPod(pi);
      const st = this.runAddPod(stateOut, pod, pi, niOut);
      if (st) return st;
    }
    if (!niOut) return this.runFilter(state, pod, ni);
    const st = this.runFilter(stateOut, pod, niOut);
    if (st !== undefined) return st;
    return this.runFilter(state, pod, ni);
  }

  /** RunPostFilterPlugins: the first success wins; otherwise reasons are concatenated, the last real plan kept. */
  runPostFilter(state: CycleState, pod: Pod, statuses: NodeToStatus): { result?: PostFilterResult; status?: Status } {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.profile.postFilter) {
      const r = pl.postFilter(state, pod, statuses);
      if (!r.status) return { result: r.result };
      if (r.status.code === 'UnschedulableAndUnresolvable') return { result: r.result, status: r.status.withPlugin(pl.name) };
      if (r.status.code !== 'Unschedulable') return { status: errorStatus(r.status.message()).withPlugin(pl.name) };
      if (r.result) result = r.result;
      reasons.push(...r.status.reasons);
      if (!rejector) rejector = pl.name;
    }
    return { result, status: new Status('Unschedulable', reasons).withPlugin(rejector) };
  }

  runPreScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | undefined {
    for (const pl of this.profile.preScore) {
      const st = pl.preScore(state, pod, nodes);
      if (st === undefined) continue;
      if (st.code === 'Skip') { state.skipScore.add(pl.name); continue; }
      return st.withPlugin(pl.name);
    }
    return undefined;
  }

  /** Weighted sum of normalized scores per node, in the order of `nodes`. */
  runScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Float64Array {
    const totals = new Float64Array(nodes.length);
    const plugins = this.profile.score;
    for (let p = 0; p < plugins.length; p++) {
      const { plugin, weight } = plugins[p]!;
      if (state.skipScore.size > 0 && state.skipScore.has(plugin.name)) continue;
      const buf = this.scoreBufs[p]!;
      while (buf.length < nodes.length) buf.push({ name: '', score: 0 });
      const scores = buf.length === nodes.length ? buf : buf.slice(0, nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        const s = scores[i]!;
        s.name = nodes[i]!.name;
        s.score = plugin.score(state, pod, nodes[i]!);
      }
      plugin.normalize?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) {
        const sc = scores[i]!.score;
        if (sc > MAX_NODE_SCORE || sc < 0) throw new Error(`plugin "${plugin.name}" returns an invalid score ${sc}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
        totals[i] += sc * weight;
      }
    }
    return totals;
  }

  runReserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (const pl of this.profile.reserve) {
      const st = pl.reserve(state, pod, nodeName);
      if (st) return st.withPlugin(pl.name);
    }
    return undefined;
  }

  runUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.profile.reserve.length - 1; i >= 0; i--) this.profile.reserve[i]!.unreserve(state, pod, nodeName);
  }

  runPermit(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (const pl of this.profile.permit) {
      const st = pl.permit(state, pod, nodeName);
      if (st) return st.withPlugin(pl.name);
    }
    return undefined;
  }
}

export function newCycleState(): CycleState {
  return new CycleState();
}

export { errorStatus };
