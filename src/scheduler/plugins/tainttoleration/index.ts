// TaintToleration: Filter rejects a node with a NoSchedule/NoExecute taint the pod does not tolerate (the first
// such taint is named in the reason); Score prefers nodes with fewer untolerated PreferNoSchedule taints.
import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { FilterPlugin, NodeScore, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';
import { doNotScheduleTaint, findUntoleratedTaint, tolerationsTolerateTaint } from '../helper/tolerations.js';
import { defaultNormalizeScore } from '../helper/normalize.js';

export const NAME = 'TaintToleration';
const KEY = 'PreScore' + NAME;

export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  filter(_s: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    const taint = findUntoleratedTaint(ni.taints, pod.spec?.tolerations, doNotScheduleTaint);
    return taint ? unresolvable(untoleratedTaintReason(taint.key, taint.value)) : undefined;
  }

  /** Tolerations with an empty effect or PreferNoSchedule are the ones that count for scoring. */
  preScore(state: CycleState, pod: Pod): Status | undefined {
    const tols = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(KEY, tols);
    return undefined;
  }

  score(state: CycleState, pod: Pod, ni: NodeInfo): number {
    const tols = state.read<Toleration[]>(KEY) ?? pod.spec?.tolerations ?? [];
    let n = 0;
    for (const taint of ni.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tols, taint)) n++;
    }
    return n;
  }

  normalize(_s: CycleState, _p: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }
}
