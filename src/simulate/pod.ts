// What a hollow kubelet does with a pod bound to it, as a pure decision: start it (Pending → Running → Ready after
// the configured delay), complete it (Job-style, when annotated), or finish its deletion.
import type { Pod, PodStatus, ContainerStatus } from 'kubernetes-types/core/v1.js';

/** Annotate a pod with `skiff.io/simulate-exit-code: "0"` (or non-zero) to make it terminate after the ready delay
 *  plus `skiff.io/simulate-run-seconds` (default 0). */
export const EXIT_CODE_ANNOTATION = 'skiff.io/simulate-exit-code';
export const RUN_SECONDS_ANNOTATION = 'skiff.io/simulate-run-seconds';

export type SimPodAction =
  | { kind: 'none' }
  | { kind: 'wait'; untilMs: number }
  | { kind: 'status'; status: PodStatus; thenWaitMs?: number }
  | { kind: 'delete' };

export interface SimPodOptions {
  readyDelayMs: number;
  hostIP: string;
  podIP: string;
  /** Seconds a terminating pod takes to stop (capped by its grace period). @default 0 */
  stopSeconds?: number;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function containerStatuses(pod: Pod, state: 'running' | 'terminated', at: string, exitCode: number, ready: boolean): ContainerStatus[] {
  return (pod.spec?.containers ?? []).map((c) => ({
    name: c.name, image: c.image ?? '', imageID: `skiff-sim://image/${c.image ?? ''}`,
    containerID: `skiff-sim://${pod.metadata?.uid ?? ''}/${c.name}`,
    ready, started: state === 'running', restartCount: 0,
    state: state === 'running' ? { running: { startedAt: at } } : { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: at, finishedAt: at } },
  }));
}

function cond(type: string, status: string, at: string, reason?: string) {
  return { type, status, lastProbeTime: null, lastTransitionTime: at, ...(reason ? { reason } : {}) };
}

/** Decide the next step for a pod bound to a simulated node. `startedAtMs` is when the simulator first saw it bound. */
export function decidePod(pod: Pod, firstSeenMs: number, nowMs: number, o: SimPodOptions): SimPodAction {
  const st = pod.status ?? {};
  if (pod.metadata?.deletionTimestamp) {
    const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
    const stopAt = Date.parse(pod.metadata.deletionTimestamp) - grace * 1000 + Math.min(grace, o.stopSeconds ?? 0) * 1000;
    return nowMs >= stopAt ? { kind: 'delete' } : { kind: 'wait', untilMs: stopAt };
  }
  if (st.phase === 'Succeeded' || st.phase === 'Failed') return { kind: 'none' };
  const readyAt = firstSeenMs + o.readyDelayMs;
  const exitAnn = pod.metadata?.annotations?.[EXIT_CODE_ANNOTATION];
  if (st.phase !== 'Running') {
    if (nowMs < readyAt) return { kind: 'wait', untilMs: readyAt };
    const at = iso(nowMs);
    const status: PodStatus = {
      phase: 'Running', hostIP: o.hostIP, hostIPs: [{ ip: o.hostIP }], podIP: o.podIP, podIPs: [{ ip: o.podIP }],
      startTime: st.startTime ?? at, qosClass: st.qosClass,
      conditions: [cond('PodReadyToStartContainers', 'True', at), cond('Initialized', 'True', at), cond('Ready', 'True', at), cond('ContainersReady', 'True', at), cond('PodScheduled', 'True', at)] as never,
      containerStatuses: containerStatuses(pod, 'running', at, 0, true),
    };
    return exitAnn !== undefined ? { kind: 'status', status, thenWaitMs: Number(pod.metadata?.annotations?.[RUN_SECONDS_ANNOTATION] ?? '0') * 1000 } : { kind: 'status', status };
  }
  if (exitAnn !== undefined) {
    const runMs = Number(pod.metadata?.annotations?.[RUN_SECONDS_ANNOTATION] ?? '0') * 1000;
    const started = Date.parse(st.startTime ?? iso(nowMs));
    if (nowMs < started + runMs) return { kind: 'wait', untilMs: started + runMs };
    const code = Number(exitAnn) || 0;
    const at = iso(nowMs);
    return {
      kind: 'status',
      status: {
        ...st, phase: code === 0 ? 'Succeeded' : 'Failed',
        conditions: [cond('PodReadyToStartContainers', 'False', at), cond('Initialized', 'True', at), cond('Ready', 'False', at, 'PodCompleted'), cond('ContainersReady', 'False', at, 'PodCompleted'), cond('PodScheduled', 'True', at)] as never,
        containerStatuses: containerStatuses(pod, 'terminated', at, code, false),
      },
    };
  }
  return { kind: 'none' };
}
