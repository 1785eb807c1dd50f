// Graceful termination: how long a container gets, in what order containers go, what runs first.
// The executor runs, per container: preStop (bounded by the grace period), then StopContainer(timeout = what is
// left, at least 2 s) which sends TERM and KILLs after the timeout.
import type { Container, LifecycleHandler, Pod } from 'kubernetes-types/core/v1.js';
import { isRestartableInitContainer } from './podutil.js';
import type { ContainerState, ContainerToKill, KillReason, PodRuntimeState } from './types.js';

/** The kubelet never gives a container less than this after its preStop hook. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** deletionGracePeriodSeconds ?? terminationGracePeriodSeconds ?? 30. */
export function podGracePeriodSeconds(pod: Pod): number {
  return pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

/** Grace period for killing one container: a deleting pod's grace period wins; probe kills honour the probe's own. */
export function containerGracePeriodSeconds(pod: Pod, container: Container | undefined, reason: KillReason): number {
  if (pod.metadata?.deletionGracePeriodSeconds != null) return pod.metadata.deletionGracePeriodSeconds;
  if (reason === 'LivenessProbe' && container?.livenessProbe?.terminationGracePeriodSeconds != null) {
    return container.livenessProbe.terminationGracePeriodSeconds;
  }
  if (reason === 'StartupProbe' && container?.startupProbe?.terminationGracePeriodSeconds != null) {
    return container.startupProbe.terminationGracePeriodSeconds;
  }
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

/** The preStop hook to run first, if any and if there is time for it. */
export function preStopHook(container: Container | undefined, gracePeriodSeconds: number): LifecycleHandler | undefined {
  return gracePeriodSeconds > 0 ? container?.lifecycle?.preStop : undefined;
}

/** StopContainer timeout once preStop took preStopElapsedMs: the rest of the grace period, never below 2 s. */
export function stopTimeoutSeconds(gracePeriodSeconds: number, preStopElapsedMs: number): number {
  const left = gracePeriodSeconds - Math.floor(preStopElapsedMs / 1000);
  return Math.max(left, MINIMUM_GRACE_PERIOD_SECONDS);
}

/** Spec of a container by name, regular or init. */
export function findContainerSpec(pod: Pod, name: string): Container | undefined {
  return (pod.spec?.containers ?? []).find((c) => c.name === name) ?? (pod.spec?.initContainers ?? []).find((c) => c.name === name);
}

/**
 * Kill stage of a container: regular (and plain init) containers 0; sidecars after them in reverse spec order
 * (the last sidecar 1, the one before it 2, …), as KEP-753 terminates them.
 */
export function killStage(pod: Pod, name: string): number {
  const sidecars = (pod.spec?.initContainers ?? []).filter(isRestartableInitContainer).map((c) => c.name);
  const i = sidecars.indexOf(name);
  return i < 0 ? 0 : sidecars.length - i;
}

/** Kill entries for every container instance that is not exited, sorted by stage. */
export function killAll(pod: Pod, state: PodRuntimeState, reason: KillReason, message: (c: ContainerState) => string): ContainerToKill[] {
  return state.containers
    .filter((c) => c.state !== 'EXITED')
    .map((c) => ({
      id: c.id,
      name: c.name,
      reason,
      message: message(c),
      gracePeriodSeconds: reason === 'PodKill' ? podGracePeriodSeconds(pod) : containerGracePeriodSeconds(pod, findContainerSpec(pod, c.name), reason),
      stage: killStage(pod, c.name),
    }))
    .sort((a, b) => a.stage - b.stage || a.name.localeCompare(b.name));
}
