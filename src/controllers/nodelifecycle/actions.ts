// Node lifecycle decisions (pkg/controller/nodelifecycle + tainteviction): node health from heartbeats, condition
// and NoSchedule/NoExecute taints, pods marked not ready, and taint-based eviction times.
import type { Node, NodeCondition, Pod, PodCondition, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { timeMs } from '../replicaset/pod-util.js';

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The conditions the controller turns Unknown when the kubelet goes silent. */
const WATCHED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export interface NodeLifecycleOptions {
  /** How long without a heartbeat (Ready.lastHeartbeatTime or Lease renewTime) before Ready=Unknown. @default 40000 */
  nodeMonitorGracePeriodMs?: number;
}

export interface NodeHealthPlan {
  /** New status.conditions when the node is marked Unknown. */
  conditions?: NodeCondition[];
  /** New spec.taints when controller-managed taints changed. */
  taints?: Taint[];
  /** The Ready status after this pass. */
  ready: 'True' | 'False' | 'Unknown';
  /** Ready just went Unknown: mark the node's pods not ready (see podsToMarkNotReady). */
  markPodsNotReady: boolean;
  /** When the grace period of a healthy node runs out. */
  requeueAfterMs?: number;
}

/** The latest sign of life: Ready.lastHeartbeatTime, the Lease renewTime, else the node's creation. */
export function lastHeartbeat(node: Node, lease?: Lease): number {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const times = [timeMs(ready?.lastHeartbeatTime), timeMs(lease?.spec?.renewTime)].filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : (timeMs(node.metadata?.creationTimestamp) ?? 0);
}

/** tryUpdateNodeHealth's "stopped posting" branch: every watched condition to Unknown (added when never posted). */
function markUnknown(node: Node, now: number): NodeCondition[] | undefined {
  const t = rfc3339(now);
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of WATCHED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: t });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: t });
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

/** The NoSchedule taints TaintNodesByCondition derives from conditions and spec.unschedulable. */
function noScheduleTaints(conds: readonly NodeCondition[], unschedulable: boolean): Set<string> {
  const s = new Set<string>();
  for (const c of conds) {
    if (c.type === 'Ready' && c.status === 'False') s.add(TAINT_NOT_READY);
    if (c.type === 'Ready' && c.status === 'Unknown') s.add(TAINT_UNREACHABLE);
    if (c.status !== 'True') continue;
    if (c.type === 'MemoryPressure') s.add(TAINT_MEMORY_PRESSURE);
    if (c.type === 'DiskPressure') s.add(TAINT_DISK_PRESSURE);
    if (c.type === 'PIDPressure') s.add(TAINT_PID_PRESSURE);
    if (c.type === 'NetworkUnavailable') s.add(TAINT_NETWORK_UNAVAILABLE);
  }
  if (unschedulable) s.add(TAINT_UNSCHEDULABLE);
  return s;
}

const MANAGED_NO_SCHEDULE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_UNSCHEDULABLE]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

/** The node's taints with the controller-managed ones reconciled; others (and existing timeAdded) kept. */
export function reconcileTaints(node: Node, conds: readonly NodeCondition[], now: number): Taint[] {
  const ready = conds.find((c) => c.type === 'Ready')?.status;
  const wantExec = ready === 'False' ? TAINT_NOT_READY : ready === 'Unknown' ? TAINT_UNREACHABLE : undefined;
  const wantSched = noScheduleTaints(conds, !!node.spec?.unschedulable);
  const cur = node.spec?.taints ?? [];
  const out: Taint[] = cur.filter((t) => {
    if (t.effect === 'NoExecute' && MANAGED_NO_EXECUTE.has(t.key)) return t.key === wantExec;
    if (t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key)) return wantSched.has(t.key);
    return true;
  });
  for (const key of wantSched) {
    if (!out.some((t) => t.key === key && t.effect === 'NoSchedule')) out.push({ key, effect: 'NoSchedule' });
  }
  if (wantExec && !out.some((t) => t.key === wantExec && t.effect === 'NoExecute')) out.push({ key: wantExec, effect: 'NoExecute', timeAdded: rfc3339(now) });
  return out;
}

/** One health pass for a node: Unknown after the grace period, then the taints that follow from its conditions. */
export function computeNodeHealth(node: Node, lease: Lease | undefined, now: number, opts: NodeLifecycleOptions = {}): NodeHealthPlan {
  const grace = opts.nodeMonitorGracePeriodMs ?? 40_000;
  const deadline = lastHeartbeat(node, lease) + grace;
  const before = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const plan: NodeHealthPlan = { ready: 'Unknown', markPodsNotReady: false };
  let conds = node.status?.conditions ?? [];
  if (now > deadline) {
    const updated = markUnknown(node, now);
    if (updated) { plan.conditions = updated; conds = updated; }
  } else {
    plan.requeueAfterMs = deadline - now + 1;
  }
  const ready = conds.find((c) => c.type === 'Ready')?.status;
  plan.ready = ready === 'True' || ready === 'False' ? ready : 'Unknown';
  plan.markPodsNotReady = plan.ready === 'Unknown' && before !== 'Unknown';
  const taints = reconcileTaints(node, conds, now);
  if (JSON.stringify(taints) !== JSON.stringify(node.spec?.taints ?? [])) plan.taints = taints;
  return plan;
}

/** MarkPodsNotReady: the node's pods whose Ready condition is not yet False, with their new conditions. */
export function podsToMarkNotReady(nodeName: string, pods: readonly Pod[], now: number): { pod: Pod; conditions: PodCondition[] }[] {
  const out: { pod: Pod; conditions: PodCondition[] }[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName || pod.metadata?.deletionTimestamp) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: rfc3339(now) } : c));
    out.push({ pod, conditions });
  }
  return out;
}

/** Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return t.operator === 'Exists';
}

/** getMinTolerationTime in ms: -1 means forever, 0 means now. */
function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds * 1000);
  }
  return min === Infinity ? -1 : min;
}

export interface TaintEvictionPlan {
  /** Pods to delete now (add a DisruptionTarget condition, reason DeletionByTaintManager, first). */
  evict: Pod[];
  /** The earliest future eviction among tolerating pods. */
  requeueAfterMs?: number;
}

/**
 * Taint eviction for the pods on one node: a pod that does not tolerate every NoExecute taint goes now; one that
 * tolerates them all for a limited time goes at (earliest NoExecute taint's timeAdded) + min tolerationSeconds.
 */
export function computeTaintEvictions(node: Node, pods: readonly Pod[], now: number): TaintEvictionPlan {
  const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
  const plan: TaintEvictionPlan = { evict: [] };
  if (taints.length === 0) return plan;
  const start = Math.min(...taints.map((t) => timeMs(t.timeAdded) ?? now));
  for (const pod of pods) {
    if (pod.spec?.nodeName !== node.metadata?.name || pod.metadata?.deletionTimestamp) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const tolerations = pod.spec?.tolerations ?? [];
    const used: Toleration[] = [];
    let all = true;
    for (const taint of taints) {
      const t = tolerations.find((x) => toleratesTaint(x, taint));
      if (!t) { all = false; break; }
      used.push(t);
    }
    if (!all) { plan.evict.push(pod); continue; }
    const min = minTolerationMs(used);
    if (min < 0) continue;
    const at = start + min;
    if (at <= now) plan.evict.push(pod);
    else plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, at - now);
  }
  return plan;
}
