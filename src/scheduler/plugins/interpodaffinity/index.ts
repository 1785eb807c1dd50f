// InterPodAffinity: required (anti-)affinity filters and preferred (anti-)affinity scoring by topologyKey,
// including existing pods' anti-affinity against the incoming pod and namespaces / namespaceSelector.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Status } from '../../framework/status.js';
import { PRE_FILTER_KEY, PreFilterState, filter, preFilter } from './filtering.js';
import { normalize, preScore, score } from './scoring.js';

export const NAME = 'InterPodAffinity';
export { ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY } from './filtering.js';

export interface InterPodAffinityOptions {
  /** @default 1 */
  hardPodAffinityWeight?: number;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly hardWeight: number;

  constructor(private readonly handle: Handle, opts: InterPodAffinityOptions = {}) {
    this.hardWeight = opts.hardPodAffinityWeight ?? 1;
  }

  preFilter(state: CycleState, pod: Pod): Status | undefined {
    return preFilter(this.handle, state, pod);
  }

  addPod(state: CycleState, _pod: Pod, pi: PodInfo, ni: NodeInfo): Status | undefined {
    state.read<PreFilterState>(PRE_FILTER_KEY)?.updateWithPod(pi, ni.labels, 1);
    return undefined;
  }

  removePod(state: CycleState, _pod: Pod, pi: PodInfo, ni: NodeInfo): Status | undefined {
    state.read<PreFilterState>(PRE_FILTER_KEY)?.updateWithPod(pi, ni.labels, -1);
    return undefined;
  }

  filter(state: CycleState, _pod: Pod, ni: NodeInfo): Status | undefined {
    return filter(state, ni);
  }

  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | undefined {
    return preScore(this.handle, this.hardWeight, state, pod, nodes);
  }

  score(state: CycleState, _pod: Pod, ni: NodeInfo): number {
    return score(state, ni);
  }

  normalize(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    normalize(state, scores);
  }
}
