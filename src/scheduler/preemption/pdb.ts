// filterPodsWithPDBViolation: splits would-be victims into those whose eviction would exceed a matching
// PodDisruptionBudget's disruptionsAllowed (counting down as victims are taken) and the rest.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PodInfo } from '../framework/pod-info.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../../machinery/selectors/labels.js';

function selectorOf(pdb: PodDisruptionBudget): LabelSelector | undefined {
  try {
    const s = labelSelectorFromObject(pdb.spec?.selector);
    // A nil or empty selector matches nothing here.
    return s.nothing || s.requirements.length === 0 ? undefined : s;
  } catch {
    return undefined;
  }
}

export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map(selectorOf);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const labels = pi.pod.metadata?.labels;
    let violated = false;
    if (labels && Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata?.namespace ?? 'default') !== pi.namespace) return;
        const sel = selectors[i];
        if (!sel || !matchesLabels(sel, labels)) return;
        // Already being disrupted (processed by the API server): not a new violation.
        if (pdb.status?.disruptedPods && pi.pod.metadata?.name && pi.pod.metadata.name in pdb.status.disruptedPods) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}
