// PodTopologySpread: maxSkew over topology domains; DoNotSchedule constraints filter, ScheduleAnyway ones (and the
// system defaults for controlled pods without constraints) score.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Status } from '../../framework/status.js';
import type { LabelSelector } from '../../../machinery/selectors/labels.js';
import { defaultSelectorFromOwner } from './constraints.js';
import { PRE_FILTER_KEY, PreFilterState, filter, preFilter } from './filtering.js';
import { normalize, preScore, score } from './scoring.js';

export const NAME = 'PodTopologySpread';
export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering.js';

export interface PodTopologySpreadOptions {
  /** Selector for system default spreading of pods without constraints. @default defaultSelectorFromOwner */
  defaultSelector?: (pod: Pod) => LabelSelector | undefined;
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly defaultSelector: (pod: Pod) => LabelSelector | undefined;

  constructor(private readonly handle: Handle, opts: PodTopologySpreadOptions = {}) {
    this.defaultSelector = opts.defaultSelector ?? defaultSelectorFromOwner;
  }

  preFilter(state: CycleState, pod: Pod): Status | undefined {
    return preFilter(this.handle, this.defaultSelector, state, pod);
  }

  addPod(state: CycleState, pod: Pod, pi: PodInfo, ni: NodeInfo): Status | undefined {
    state.read<PreFilterState>(PRE_FILTER_KEY)?.updateWithPod(pi, pod.metadata?.namespace ?? 'default', ni.labels, 1);
    return undefined;
  }

  removePod(state: CycleState, pod: Pod, pi: PodInfo, ni: NodeInfo): Status | undefined {
    state.read<PreFilterState>(PRE_FILTER_KEY)?.updateWithPod(pi, pod.metadata?.namespace ?? 'default', ni.labels, -1);
    return undefined;
  }

  filter(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    return filter(state, pod, ni);
  }

  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | undefined {
    return preScore(this.handle, this.defaultSelector, true, state, pod, nodes);
  }

  score(state: CycleState, _pod: Pod, ni: NodeInfo): number {
    return score(state, ni);
  }

  normalize(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    normalize(state, scores);
  }
}
