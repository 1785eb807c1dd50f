// NodeAffinity: nodeSelector and required node affinity as a filter (and metadata.name matchFields as a
// PreFilterResult narrowing the nodes looked at); preferred node affinity weights as a score.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FilterPlugin, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE, PreFilterResult } from '../../framework/interfaces.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { SKIP, unresolvable, type Status } from '../../framework/status.js';
import { PreferredSchedulingTerms, RequiredNodeAffinity } from '../helper/node-affinity.js';
import { defaultNormalizeScore } from '../helper/normalize.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): Status | PreFilterResult | undefined {
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!req && !pod.spec?.nodeSelector) return SKIP;
    state.write(PRE_FILTER_KEY, new RequiredNodeAffinity(pod));
    const terms = req?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return undefined;
    let names: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      // A term without a metadata.name restriction makes every node eligible (terms are ORed).
      if (!termNames) return undefined;
      names = new Set([...(names ?? []), ...termNames]);
    }
    if (names && names.size === 0) return unresolvable(ERR_REASON_CONFLICT);
    return names ? new PreFilterResult(names) : undefined;
  }

  filter(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    const req = state.read<RequiredNodeAffinity>(PRE_FILTER_KEY) ?? new RequiredNodeAffinity(pod);
    return req.match(ni.labels, ni.name) ? undefined : unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    const pref = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!pref?.length) return SKIP;
    state.write(PRE_SCORE_KEY, new PreferredSchedulingTerms(pref));
    return undefined;
  }

  score(state: CycleState, pod: Pod, ni: NodeInfo): number {
    const terms = state.read<PreferredSchedulingTerms>(PRE_SCORE_KEY) ??
      new PreferredSchedulingTerms(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []);
    return terms.score(ni.labels, ni.name);
  }

  normalize(_s: CycleState, _p: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }
}
