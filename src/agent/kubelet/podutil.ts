// Small queries over a pod spec and its runtime state, named after their kubelet counterparts.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerState, PodRuntimeState, SandboxState } from './types.js';

/** An init container with `restartPolicy: Always`: a sidecar (KEP-753). */
export function isRestartableInitContainer(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

export function restartPolicy(pod: Pod): 'Always' | 'OnFailure' | 'Never' {
  const p = pod.spec?.restartPolicy;
  return p === 'OnFailure' || p === 'Never' ? p : 'Always';
}

/** Never → false; Always and OnFailure → true. */
export function shouldRestartOnFailure(pod: Pod): boolean {
  return restartPolicy(pod) !== 'Never';
}

/** `name_namespace(uid)`, as the kubelet's format.Pod. */
export function formatPod(pod: Pod): string {
  return `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;
}

/** Container instances of `name`, newest first. */
export function statusesByName(state: PodRuntimeState, name: string): ContainerState[] {
  return state.containers.filter((c) => c.name === name).sort((a, b) => b.createdAt - a.createdAt);
}

/** The newest instance of `name` (the kubelet's FindContainerStatusByName). */
export function latestStatus(state: PodRuntimeState, name: string): ContainerState | undefined {
  return statusesByName(state, name)[0];
}

/** The newest EXITED instance of `name` (what back-off is measured from). */
export function latestExited(state: PodRuntimeState, name: string): ContainerState | undefined {
  return statusesByName(state, name).find((c) => c.state === 'EXITED');
}

export function sandboxesNewestFirst(state: PodRuntimeState): SandboxState[] {
  return [...state.sandboxes].sort((a, b) => b.createdAt - a.createdAt);
}

export function restartCountOf(c: ContainerState): number {
  return c.restartCount ?? c.attempt;
}

/** Whether a container that is not running should be (re)started, as kubecontainer.ShouldContainerBeRestarted. */
export function shouldContainerBeRestarted(container: Container, pod: Pod, state: PodRuntimeState): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const s = latestStatus(state, container.name);
  if (!s) return true;
  if (s.state === 'RUNNING') return false;
  if (s.state === 'UNKNOWN' || s.state === 'CREATED') return true;
  const policy = restartPolicy(pod);
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && (s.exitCode ?? 0) === 0) return false;
  return true;
}

/** Latest instance exited 0. */
export function containerSucceeded(container: Container, state: PodRuntimeState): boolean {
  const s = latestStatus(state, container.name);
  return !!s && s.state === 'EXITED' && (s.exitCode ?? 0) === 0;
}

/** A non-restartable init container's latest instance failed (exited non-zero, or unknown). */
export function isInitContainerFailed(s: ContainerState): boolean {
  if (s.state === 'EXITED' && (s.exitCode ?? 0) !== 0) return true;
  if (s.state === 'UNKNOWN') return true;
  return false;
}

export function hasAnyRegularContainerCreated(pod: Pod, state: PodRuntimeState): boolean {
  return (pod.spec?.containers ?? []).some((c) => {
    const s = latestStatus(state, c.name);
    return !!s && s.state !== 'UNKNOWN';
  });
}

/**
 * Whether a new sandbox is needed (kubelet's PodSandboxChanged): none, more than one ready, the newest not ready,
 * network mode changed, or no IP for a pod-network pod. Returns the attempt to create with and the current id.
 */
export function podSandboxChanged(pod: Pod, state: PodRuntimeState): { changed: boolean; attempt: number; sandboxId: string } {
  const boxes = sandboxesNewestFirst(state);
  if (boxes.length === 0) return { changed: true, attempt: 0, sandboxId: '' };
  const ready = boxes.filter((b) => b.state === 'READY').length;
  const maxAttempt = Math.max(...boxes.map((b) => b.attempt));
  const s = boxes[0]!;
  if (ready > 1 || s.state !== 'READY') return { changed: true, attempt: maxAttempt + 1, sandboxId: s.id };
  const hostNetwork = !!pod.spec?.hostNetwork;
  if (!!s.hostNetwork !== hostNetwork) return { changed: true, attempt: maxAttempt + 1, sandboxId: '' };
  if (!hostNetwork && !s.ip) return { changed: true, attempt: maxAttempt + 1, sandboxId: s.id };
  return { changed: false, attempt: maxAttempt, sandboxId: s.id };
}

/** The back-off key of a container: stable across restarts, new when the spec changes (kubelet's GetStableKey). */
export function backOffKey(pod: Pod, container: Container, hash: string): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}_${pod.metadata?.uid}_${container.name}_${hash}`;
}
