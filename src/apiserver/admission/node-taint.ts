// TaintNodesByCondition: a new Node starts with node.kubernetes.io/not-ready:NoSchedule, so nothing is scheduled to
// it before it reports Ready (the node lifecycle controller then removes the taint).
import type { AdmissionPlugin } from './index.js';
import { isWriteOf } from './forbidden.js';

export const NOT_READY_TAINT = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' } as const;

export function taintNodesByCondition(): AdmissionPlugin {
  return {
    name: 'TaintNodesByCondition',
    admit(a) {
      if (!isWriteOf(a, '', 'nodes')) return;
      const spec = ((a.object!.spec ??= {}) as { taints?: { key: string; effect: string; value?: string }[] });
      const taints = spec.taints ?? [];
      if (taints.some((t) => t.key === NOT_READY_TAINT.key && t.effect === NOT_READY_TAINT.effect)) return;
      spec.taints = [...taints, { ...NOT_READY_TAINT }];
    },
  };
}
