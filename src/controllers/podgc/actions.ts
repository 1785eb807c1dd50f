// Pod garbage collector decisions (pkg/controller/podgc): too many terminated pods, pods on vanished nodes,
// unscheduled pods stuck terminating, terminating pods on out-of-service nodes.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { timeMs } from '../replicaset/pod-util.js';

export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export interface PodGCOptions {
  /** Terminated pods kept before the oldest are deleted; <= 0 disables this pass. @default 12500 */
  terminatedPodThreshold?: number;
  /** How long a node must be missing before its pods count as orphaned. @default 40000 */
  quarantineMs?: number;
}

export type PodGCReason = 'Terminated' | 'Orphaned' | 'UnscheduledTerminating' | 'OutOfService';

export interface PodGCDeletion {
  pod: Pod;
  reason: PodGCReason;
  /** The DisruptionTarget condition message to set (phase Failed) before deleting with gracePeriodSeconds 0. */
  message: string;
}

export interface PodGCPlan {
  delete: PodGCDeletion[];
  /** Nodes seen missing for the first time in this pass: remember `now` for them (quarantine). */
  newlyMissingNodes: string[];
  /** When the earliest quarantine ends. */
  requeueAfterMs?: number;
}

const isTerminated = (p: Pod): boolean => !['Pending', 'Running', 'Unknown', undefined].includes(p.status?.phase);
const isEvicted = (p: Pod): boolean => p.status?.phase === 'Failed' && p.status?.reason === 'Evicted';

/** byEvictionAndCreationTimestamp: evicted pods first, then oldest, then by name. */
function byEvictionAndAge(a: Pod, b: Pod): number {
  if (isEvicted(a) !== isEvicted(b)) return isEvicted(a) ? -1 : 1;
  const ta = timeMs(a.metadata?.creationTimestamp) ?? 0, tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
}

/**
 * One pass. `missingSince` maps node names the controller has already seen missing to when it first did; pods on a
 * node missing for at least quarantineMs are orphaned (the executor should confirm with a live GET of the node).
 */
export function computePodGC(pods: readonly Pod[], nodes: readonly Node[], now: number, missingSince: ReadonlyMap<string, number> = new Map(), opts: PodGCOptions = {}): PodGCPlan {
  const threshold = opts.terminatedPodThreshold ?? 12500;
  const quarantine = opts.quarantineMs ?? 40_000;
  const plan: PodGCPlan = { delete: [], newlyMissingNodes: [] };
  const nodeByName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n] as const));
  const chosen = new Set<Pod>();
  const add = (pod: Pod, reason: PodGCReason, message: string) => {
    if (chosen.has(pod)) return;
    chosen.add(pod);
    plan.delete.push({ pod, reason, message });
  };

  // gcTerminating: terminating pods on a NotReady node tainted out-of-service.
  for (const pod of pods) {
    const n = nodeByName.get(pod.spec?.nodeName ?? '');
    if (!n || !pod.metadata?.deletionTimestamp) continue;
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    if (!ready && n.spec?.taints?.some((t) => t.key === TAINT_OUT_OF_SERVICE)) add(pod, 'OutOfService', 'PodGC: node is out-of-service');
  }

  // gcTerminated: keep at most `threshold` terminated pods.
  if (threshold > 0) {
    const terminated = pods.filter(isTerminated);
    const excess = terminated.length - threshold;
    if (excess > 0) for (const pod of [...terminated].sort(byEvictionAndAge).slice(0, excess)) add(pod, 'Terminated', 'PodGC: terminated pod limit exceeded');
  }

  // gcOrphaned: pods bound to nodes that no longer exist (after quarantine).
  const reported = new Set<string>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || nodeByName.has(nodeName)) continue;
    const since = missingSince.get(nodeName);
    if (since === undefined) {
      if (!reported.has(nodeName)) { reported.add(nodeName); plan.newlyMissingNodes.push(nodeName); }
      plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, quarantine);
    } else if (now - since >= quarantine) {
      add(pod, 'Orphaned', 'PodGC: node no longer exists');
    } else {
      plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, since + quarantine - now);
    }
  }

  // gcUnscheduledTerminating: deleted before it was ever scheduled.
  for (const pod of pods) {
    if (!pod.spec?.nodeName && pod.metadata?.deletionTimestamp) add(pod, 'UnscheduledTerminating', 'PodGC: pod is terminating and unscheduled');
  }
  return plan;
}
