// The kubelet-owned pod conditions (pkg/kubelet/status/generate.go): PodReadyToStartContainers, Initialized,
// Ready, ContainersReady, PodScheduled. Messages list container names the way Go prints a []string: `[a b]`.
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { hasAnyRegularContainerStarted, type PodPhase } from './phase.js';
import { isRestartableInitContainer } from './podutil.js';

export const KUBELET_CONDITIONS = ['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers'];

type Cond = { type: string; status: 'True' | 'False'; reason?: string; message?: string };

const list = (names: string[]) => `[${names.join(' ')}]`;

function cond(type: string, ok: boolean, reason?: string, message?: string): Cond {
  return { type, status: ok ? 'True' : 'False', ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

export function containersReadyCondition(pod: Pod, statuses: ContainerStatus[], phase: PodPhase): Cond {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const s = byName.get(name);
    if (!s) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isRestartableInitContainer(c)) check(c.name);
  for (const c of pod.spec?.containers ?? []) check(c.name);
  if (phase === 'Succeeded' && unknown.length === 0) return cond('ContainersReady', false, 'PodCompleted');
  if (phase === 'Failed') return cond('ContainersReady', false, 'PodFailed');
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${list(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${list(unready)}`);
  return msgs.length ? cond('ContainersReady', false, 'ContainersNotReady', msgs.join(', ')) : cond('ContainersReady', true);
}

export function podReadyCondition(pod: Pod, conditions: readonly PodCondition[], statuses: ContainerStatus[], phase: PodPhase): Cond {
  const cr = containersReadyCondition(pod, statuses, phase);
  if (cr.status !== 'True') return { ...cr, type: 'Ready' };
  const msgs: string[] = [];
  for (const g of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
  }
  return msgs.length ? cond('Ready', false, 'ReadinessGatesNotReady', msgs.join(', ')) : cond('Ready', true);
}

export function initializedCondition(pod: Pod, statuses: ContainerStatus[], phase: PodPhase): Cond {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = byName.get(c.name);
    if (!s) { unknown.push(c.name); continue; }
    const done = isRestartableInitContainer(c) ? !!s.started : s.ready;
    if (!done) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return cond('Initialized', true, 'PodCompleted');
  if (hasAnyRegularContainerStarted(pod.spec, statuses)) return cond('Initialized', true);
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${list(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${list(incomplete)}`);
  return msgs.length ? cond('Initialized', false, 'ContainersNotInitialized', msgs.join(', ')) : cond('Initialized', true);
}

/**
 * All kubelet conditions in the kubelet's order, after the conditions it does not own (kept as they are).
 * lastTransitionTime is kept from the previous condition of the same type and status, else `nowIso`.
 */
export function podConditions(pod: Pod, statuses: ContainerStatus[], phase: PodPhase, readyToStart: boolean, nowIso: string): PodCondition[] {
  const old = pod.status?.conditions ?? [];
  const foreign = old.filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const initialized = initializedCondition(pod, statuses, phase);
  const generated = [
    cond('PodReadyToStartContainers', readyToStart),
    initialized,
    podReadyCondition(pod, foreign, statuses, phase),
    containersReadyCondition(pod, statuses, phase),
    cond('PodScheduled', true),
  ];
  const stamp = (c: Cond): PodCondition => {
    const prev = old.find((o) => o.type === c.type);
    return { ...c, lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : nowIso };
  };
  return [...foreign, ...generated.map(stamp)];
}
