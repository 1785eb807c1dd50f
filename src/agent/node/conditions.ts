// The kubelet's node conditions (pkg/kubelet/nodestatus setters): MemoryPressure, DiskPressure, PIDPressure from the
// hard eviction thresholds, Ready from the runtime's and the network's health. lastHeartbeatTime is `now` on every
// call; lastTransitionTime changes only when a condition's status does.
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { toInt, tryParseQuantity } from '../../machinery/quantity.js';

/** Hard eviction thresholds in the kubelet's flag syntax: a quantity or a percentage of capacity. */
export interface EvictionThresholds {
  /** @default '100Mi' */
  memoryAvailable?: string;
  /** @default '10%' */
  nodefsAvailable?: string;
  /** No default in the kubelet (no PID pressure unless set). */
  pidAvailable?: string;
}

/** A CRI RuntimeCondition (RuntimeReady / NetworkReady). */
export interface RuntimeConditionLike { type: string; status: boolean; reason?: string; message?: string }

export interface NodeConditionsInput {
  now: number;
  /** The node's current conditions: their lastTransitionTime is kept while the status stays. */
  previous?: readonly NodeCondition[];
  memAvailable: number;
  memCapacity: number;
  diskAvailable: number;
  diskCapacity: number;
  pidsAvailable: number;
  pidMax?: number;
  thresholds?: EvictionThresholds;
  /** False when the runtime is unreachable or reports RuntimeReady=false (then pass its condition). */
  runtimeReady: boolean;
  runtimeCondition?: RuntimeConditionLike;
  networkReady: boolean;
  networkCondition?: RuntimeConditionLike;
}

/** kubecontainer.RuntimeCondition.String(): `NetworkReady=false reason:X message:Y`. */
export function runtimeConditionString(c: RuntimeConditionLike): string {
  return `${c.type}=${c.status} reason:${c.reason ?? ''} message:${c.message ?? ''}`;
}

/** `10%` of capacity or a quantity, in the unit of `capacity`. */
export function thresholdValue(spec: string | undefined, capacity: number): number | undefined {
  if (!spec) return undefined;
  const pct = /^([0-9.]+)%$/.exec(spec.trim());
  if (pct) return (Number(pct[1]) / 100) * capacity;
  const q = tryParseQuantity(spec);
  return q ? Number(toInt(q)) : undefined;
}

/** Why Ready is False, or undefined when it is True (errors.NewAggregate formatting: one as is, more in brackets). */
export function notReadyMessage(i: Pick<NodeConditionsInput, 'runtimeReady' | 'runtimeCondition' | 'networkReady' | 'networkCondition'>): string | undefined {
  const errs: string[] = [];
  if (!i.runtimeReady) {
    errs.push(i.runtimeCondition ? `container runtime not ready: ${runtimeConditionString(i.runtimeCondition)}` : 'container runtime is down');
  }
  if (!i.networkReady) {
    errs.push(`container runtime network not ready: ${runtimeConditionString(i.networkCondition ?? { type: 'NetworkReady', status: false })}`);
  }
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

export function nodeConditions(i: NodeConditionsInput): NodeCondition[] {
  const t = i.thresholds ?? {};
  const now = rfc3339(i.now);
  const prev = new Map((i.previous ?? []).map((c) => [c.type, c] as const));
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string): NodeCondition => {
    const p = prev.get(type);
    const transition = p && p.status === status && p.lastTransitionTime ? p.lastTransitionTime : now;
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: transition };
  };
  const below = (available: number, threshold: number | undefined) => threshold !== undefined && available < threshold;
  const memory = below(i.memAvailable, thresholdValue(t.memoryAvailable ?? '100Mi', i.memCapacity));
  const disk = below(i.diskAvailable, thresholdValue(t.nodefsAvailable ?? '10%', i.diskCapacity));
  const pid = below(i.pidsAvailable, thresholdValue(t.pidAvailable, i.pidMax ?? i.pidsAvailable));
  const notReady = notReadyMessage(i);
  return [
    memory ? cond('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available')
      : cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    disk ? cond('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure')
      : cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    pid ? cond('PIDPressure', 'True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available')
      : cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    notReady ? cond('Ready', 'False', 'KubeletNotReady', notReady)
      : cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}
