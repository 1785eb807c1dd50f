// generatePodStatus: the API status of one pod from its spec, previous status and runtime state (the kubelet's
// generateAPIPodStatus): phase, conditions, container statuses, IPs, startTime, qosClass.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { podConditions } from './conditions.js';
import { containerStatuses, type ContainerStatusContext } from './container-status.js';
import { getPhase, type PodPhase } from './phase.js';
import { podSandboxChanged, sandboxesNewestFirst } from './podutil.js';
import { podQOSClass } from './qos.js';
import type { PodRuntimeState } from './types.js';

export interface PodStatusContext extends ContainerStatusContext {
  now: number;
  /** The node's IPs (primary first). */
  hostIPs?: string[];
  /**
   * The pod will run nothing more (deleted and stopped): its phase becomes Succeeded or Failed whatever the
   * restart policy. Default: deleted and no container running.
   */
  podIsTerminal?: boolean;
}

function podIPs(pod: Pod, state: PodRuntimeState, hostIPs: string[]): string[] {
  if (pod.spec?.hostNetwork) return hostIPs.slice(0, 1);
  const s = sandboxesNewestFirst(state)[0];
  if (!s || s.state !== 'READY' || !s.ip) return [];
  return [s.ip, ...(s.additionalIps ?? [])];
}

export function generatePodStatus(pod: Pod, state: PodRuntimeState, ctx: PodStatusContext): PodStatus {
  const old = pod.status ?? {};
  const hostIPs = ctx.hostIPs ?? [];
  const initStatuses = containerStatuses(pod, state, pod.spec?.initContainers ?? [], old.initContainerStatuses, true, ctx);
  const mainStatuses = containerStatuses(pod, state, pod.spec?.containers ?? [], old.containerStatuses, false, ctx);
  const terminal = ctx.podIsTerminal ?? (!!pod.metadata?.deletionTimestamp && !state.containers.some((c) => c.state === 'RUNNING'));
  let phase: PodPhase = getPhase(pod, [...mainStatuses, ...initStatuses], terminal);
  // Terminal phases are final.
  if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;

  const ips = podIPs(pod, state, hostIPs);
  const keptIps = ips.length ? ips : (old.podIPs ?? []).map((p) => p.ip!).filter(Boolean);
  const nowIso = rfc3339(ctx.now);
  const status: PodStatus = {
    phase,
    conditions: podConditions(pod, [...initStatuses, ...mainStatuses], phase, !podSandboxChanged(pod, state).changed, nowIso),
    ...(hostIPs.length ? { hostIP: hostIPs[0], hostIPs: hostIPs.map((ip) => ({ ip })) } : {}),
    ...(keptIps.length ? { podIP: keptIps[0], podIPs: keptIps.map((ip) => ({ ip })) } : {}),
    startTime: old.startTime ?? nowIso,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: mainStatuses,
    qosClass: podQOSClass(pod),
    ...(phase === old.phase && old.reason ? { reason: old.reason } : {}),
    ...(phase === old.phase && old.message ? { message: old.message } : {}),
  };
  return status;
}
