// Which pods a ReplicaSet deletes first when scaling down (controller.ActivePodsWithRanks in Kubernetes).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady, maxContainerRestarts, podReadyTime, timeMs } from './pod-util.js';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  return Number(v);
}

/** afterOrZero: an empty time sorts first; otherwise the later time sorts first. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/** LogarithmicScaleDown: compare floor(log2(age in ns)) so pods of similar age are treated as equals. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d <= 0 ? -1 : Math.floor(Math.log2(d));
}

export interface RankedPod { pod: Pod; rank: number }

/**
 * Negative when `a` should be deleted before `b`. Order: unassigned < assigned; Pending < Unknown < Running;
 * not ready < ready; lower pod-deletion-cost; more co-located related pods; ready for less time (log buckets);
 * more restarts; newer (log buckets), then uid.
 */
export function comparePodsForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pa = a.pod, pb = b.pod;
  const na = pa.spec?.nodeName ?? '', nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const oa = phaseOrdinal[pa.status?.phase ?? ''] ?? 0, ob = phaseOrdinal[pb.status?.phase ?? ''] ?? 0;
  if (oa !== ob) return oa - ob;
  const ra = isPodReady(pa), rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(pa), cb = deletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  const uidOrder = (): number => ((pa.metadata?.uid ?? '') < (pb.metadata?.uid ?? '') ? -1 : (pa.metadata?.uid ?? '') > (pb.metadata?.uid ?? '') ? 1 : 0);
  if (ra && rb) {
    const ta = podReadyTime(pa), tb = podReadyTime(pb);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return afterOrZero(ta, tb) ? -1 : 1;
      const diff = logRank(ta, now) - logRank(tb, now);
      if (diff === 0) return uidOrder();
      return diff;
    }
  }
  const xa = maxContainerRestarts(pa), xb = maxContainerRestarts(pb);
  if (xa.regular !== xb.regular) return xb.regular - xa.regular;
  if (xa.sidecar !== xb.sidecar) return xb.sidecar - xa.sidecar;
  const cta = timeMs(pa.metadata?.creationTimestamp), ctb = timeMs(pb.metadata?.creationTimestamp);
  if (cta !== ctb) {
    if (cta === undefined || ctb === undefined) return afterOrZero(cta, ctb) ? -1 : 1;
    const diff = logRank(cta, now) - logRank(ctb, now);
    if (diff === 0) return uidOrder();
    return diff;
  }
  return 0;
}

/**
 * getPodsToDelete: the first `diff` pods by deletion preference. `related` are the active pods of the same owner
 * family (e.g. all ReplicaSets of one Deployment) used to rank pods doubled up on a node.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => comparePodsForDeletion(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
