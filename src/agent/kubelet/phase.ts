// Pod phase from container statuses, as the kubelet's getPhase (kubelet_pods.go) computes it, with restartable init
// containers (sidecars) and the restart policy.
import type { ContainerStatus, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { isRestartableInitContainer } from './podutil.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** Any regular container running or terminated. */
export function hasAnyRegularContainerStarted(spec: PodSpec | undefined, statuses: ContainerStatus[]): boolean {
  const names = new Set((spec?.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (!!s.state?.running || !!s.state?.terminated));
}

/** statuses: init and regular container statuses together. podIsTerminal: the pod will run nothing more. */
export function getPhase(pod: Pod, statuses: ContainerStatus[], podIsTerminal: boolean): PodPhase {
  const spec = pod.spec;
  const byName = new Map(statuses.map((s) => [s.name, s]));
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of spec?.initContainers ?? []) {
    if (isRestartableInitContainer(c)) continue;
    const s = byName.get(c.name);
    if (!s) { pendingInit++; continue; }
    if (s.state?.running) pendingInit++;
    else if (s.state?.terminated) { if (s.state.terminated.exitCode !== 0) failedInit++; }
    else if (s.state?.waiting) {
      if (s.lastState?.terminated) { if (s.lastState.terminated.exitCode !== 0) failedInit++; }
      else pendingInit++;
    } else pendingInit++;
  }

  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of spec?.initContainers ?? []) {
    if (!isRestartableInitContainer(c)) continue;
    const s = byName.get(c.name);
    if (!s) { unknown++; continue; }
    if (s.state?.running) {
      if (!s.started) pendingInit++;
      running++;
    } else if (s.state?.terminated) {
      // a stopped sidecar does not count
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) { pendingInit++; waiting++; }
    } else { pendingInit++; unknown++; }
  }
  for (const c of spec?.containers ?? []) {
    const s = byName.get(c.name);
    if (!s) { unknown++; continue; }
    if (s.state?.running) running++;
    else if (s.state?.terminated) { stopped++; if (s.state.terminated.exitCode === 0) succeeded++; }
    else if (s.state?.waiting) { if (s.lastState?.terminated) stopped++; else waiting++; }
    else unknown++;
  }

  const policy = spec?.restartPolicy ?? 'Always';
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if ((pendingInit > 0 && !hasAnyRegularContainerStarted(spec, statuses)) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
