// computePodActions: what to do to bring one pod's runtime state to its spec, decided from observed state only
// (the kubelet's kuberuntime_manager computePodActions + computeInitContainerActions + doBackOff). Pure apart
// from reading the injected BackOff and probe results; the executor commits back-off with recordBackOff.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { BackOff } from './backoff.js';
import { goDuration } from './backoff.js';
import { containerHash } from './hash.js';
import {
  backOffKey, containerSucceeded, formatPod, hasAnyRegularContainerCreated, isInitContainerFailed,
  isRestartableInitContainer, latestExited, latestStatus, podSandboxChanged, restartCountOf, restartPolicy,
  sandboxesNewestFirst, shouldContainerBeRestarted, shouldRestartOnFailure,
} from './podutil.js';
import { containerGracePeriodSeconds, killAll, killStage } from './termination.js';
import type { ContainerState, ContainerToKill, ContainerToStart, KillReason, PodActions, PodRuntimeState, ProbeResults, StartReason } from './types.js';

export interface PodActionsContext {
  now: number;
  backoff: BackOff;
  probeResults: ProbeResults;
}

interface Draft {
  a: PodActions;
  init: number[];
  init_reasons: Map<number, StartReason>;
  main: number[];
  main_reasons: Map<number, StartReason>;
  kills: ContainerToKill[];
}

function startReason(s: ContainerState | undefined): StartReason {
  if (!s) return 'New';
  if (s.state === 'EXITED') return 'Exited';
  if (s.state === 'CREATED') return 'Created';
  return 'Unknown';
}

function kill(d: Draft, pod: Pod, spec: Container, s: ContainerState, reason: KillReason, message: string): void {
  d.kills.push({ id: s.id, name: s.name, reason, message, gracePeriodSeconds: containerGracePeriodSeconds(pod, spec, reason), stage: killStage(pod, s.name) });
}

const unknownMessage = (prefix: string) => `${prefix} is in "unknown" state, try killing it before restart`;

/** Init container decisions; returns whether the pod is initialized (kubelet's computeInitContainerActions). */
function initActions(pod: Pod, state: PodRuntimeState, ctx: PodActionsContext, d: Draft): boolean {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return true;
  let initialized = (pod.spec?.containers ?? []).some((c) => {
    const s = latestStatus(state, c.name);
    return s?.state === 'CREATED' || s?.state === 'RUNNING';
  });
  let previouslyInitialized = initialized;
  const restartOnFailure = shouldRestartOnFailure(pod);
  const start = (i: number, r: StartReason) => { d.init.push(i); d.init_reasons.set(i, r); };

  // Walk backwards: completed init containers may have been garbage collected, the last one tells most.
  for (let i = inits.length - 1; i >= 0; i--) {
    const c = inits[i]!;
    const sidecar = isRestartableInitContainer(c);
    const s = latestStatus(state, c.name);
    if (!s) {
      if (previouslyInitialized && sidecar) start(i, 'New');
      continue;
    }
    if (previouslyInitialized && !sidecar) continue;

    if (s.state === 'CREATED') {
      start(i, 'Created');
    } else if (s.state === 'RUNNING') {
      if (sidecar) sidecarRunning(pod, ctx, d, c, s, i, inits.length, previouslyInitialized, () => { initialized = true; });
    } else if (s.state === 'EXITED') {
      if (sidecar) start(i, 'Exited');
      else if (isInitContainerFailed(s)) {
        if (!restartOnFailure) { d.a.killPod = true; d.init = []; return false; }
        start(i, 'Exited');
      } else if (i === inits.length - 1) initialized = true;
      else start(i + 1, 'New');
    } else {
      // UNKNOWN
      if (!sidecar && !restartOnFailure) { d.a.killPod = true; d.init = []; return false; }
      kill(d, pod, c, s, 'Unknown', unknownMessage('Init container'));
      start(i, 'Unknown');
    }
    previouslyInitialized = true;
  }
  if (!previouslyInitialized) start(0, 'New');
  d.init.reverse();
  return initialized;
}

/** A running sidecar: startup probe gates the next init container; definition change or liveness failure restarts it. */
function sidecarRunning(
  pod: Pod, ctx: PodActionsContext, d: Draft, c: Container, s: ContainerState, i: number, count: number,
  previouslyInitialized: boolean, markInitialized: () => void,
): void {
  const start = (r: StartReason) => { d.init.push(i); d.init_reasons.set(i, r); };
  if (c.startupProbe) {
    const r = ctx.probeResults.get(s.id, 'startup');
    if (r !== 'Success') {
      if (r === 'Failure') { kill(d, pod, c, s, 'StartupProbe', `Init container ${c.name} failed startup probe`); start('StartupProbe'); }
      return;
    }
  }
  if (i === count - 1) markInitialized();
  else if (!previouslyInitialized) { d.init.push(i + 1); d.init_reasons.set(i + 1, 'New'); }
  if (s.hash && s.hash !== containerHash(c)) {
    kill(d, pod, c, s, 'DefinitionChanged', `Init container ${c.name} definition changed`);
    start('DefinitionChanged');
    return;
  }
  if (c.livenessProbe && ctx.probeResults.get(s.id, 'liveness') === 'Failure') {
    kill(d, pod, c, s, 'LivenessProbe', `Init container ${c.name} failed liveness probe`);
    start('LivenessProbe');
  }
}

/** Regular containers, once initialized. */
function mainActions(pod: Pod, state: PodRuntimeState, ctx: PodActionsContext, d: Draft): void {
  let keep = 0;
  (pod.spec?.containers ?? []).forEach((c, idx) => {
    const s = latestStatus(state, c.name);
    if (!s || s.state !== 'RUNNING') {
      if (shouldContainerBeRestarted(c, pod, state)) {
        d.main.push(idx); d.main_reasons.set(idx, startReason(s));
        if (s?.state === 'UNKNOWN') kill(d, pod, c, s, 'Unknown', unknownMessage('Container'));
      }
      return;
    }
    let restart = shouldRestartOnFailure(pod);
    let reason: KillReason;
    let message: string;
    if (s.hash && s.hash !== containerHash(c)) {
      reason = 'DefinitionChanged'; message = `Container ${c.name} definition changed`; restart = true;
    } else if (ctx.probeResults.get(s.id, 'liveness') === 'Failure') {
      reason = 'LivenessProbe'; message = `Container ${c.name} failed liveness probe`;
    } else if (ctx.probeResults.get(s.id, 'startup') === 'Failure') {
      reason = 'StartupProbe'; message = `Container ${c.name} failed startup probe`;
    } else {
      keep++;
      return;
    }
    if (restart) {
      message += ', will be restarted';
      d.main.push(idx); d.main_reasons.set(idx, reason === 'DefinitionChanged' ? 'DefinitionChanged' : reason);
    }
    kill(d, pod, c, s, reason, message);
  });
  if (keep === 0 && d.main.length === 0) {
    d.a.killPod = true;
    d.init = []; // sidecars must not keep a finished pod alive
  }
}

/** Turn the draft into actions: attempts, back-off, kill lists. */
function finish(pod: Pod, state: PodRuntimeState, ctx: PodActionsContext, d: Draft): PodActions {
  const a = d.a;
  const inits = pod.spec?.initContainers ?? [];
  const mains = pod.spec?.containers ?? [];
  let abort = false;
  const minRequeue: number[] = [];
  const mk = (spec: Container, index: number, init: boolean, reason: StartReason): ContainerToStart | undefined => {
    const latest = latestStatus(state, spec.name);
    const entry: ContainerToStart = { name: spec.name, index, init, attempt: latest ? restartCountOf(latest) + 1 : 0, reason };
    const exited = latestExited(state, spec.name);
    if (!exited) return entry;
    const key = backOffKey(pod, spec, containerHash(spec));
    const since = exited.finishedAt ?? exited.createdAt;
    if (ctx.backoff.isInBackOffSince(key, since)) {
      a.waitingReasons[spec.name] = {
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(ctx.backoff.get(key))} restarting failed container=${spec.name} pod=${formatPod(pod)}`,
      };
      minRequeue.push(ctx.backoff.remaining(key, since));
      return undefined;
    }
    entry.backOff = { key, since };
    return entry;
  };
  for (const i of d.init) {
    if (abort) break;
    const spec = inits[i]!;
    const e = mk(spec, i, true, d.init_reasons.get(i) ?? 'New');
    if (e) a.initContainersToStart.push(e);
    else if (!isRestartableInitContainer(spec)) abort = true;
  }
  if (!abort) {
    for (const i of d.main) {
      const e = mk(mains[i]!, i, false, d.main_reasons.get(i) ?? 'New');
      if (e) a.containersToStart.push(e);
    }
  }
  a.nextInitContainerToStart = a.initContainersToStart.find((s) => !isRestartableInitContainer(inits[s.index]!));
  if (!a.nextInitContainerToStart) delete a.nextInitContainerToStart;
  if (minRequeue.length) a.requeueAfterMs = Math.min(...minRequeue);
  if (a.killPod) {
    a.containersToKill = killAll(pod, state, 'PodKill', (c) => `Stopping container ${c.name}`);
    a.sandboxesToStop = sandboxesNewestFirst(state).map((s) => s.id);
  } else {
    a.containersToKill = d.kills.sort((x, y) => x.stage - y.stage);
  }
  return a;
}

/** Decide what to kill, create and start for one pod. */
export function computePodActions(pod: Pod, state: PodRuntimeState, ctx: PodActionsContext): PodActions {
  const d: Draft = {
    a: { killPod: false, createSandbox: false, sandboxId: '', attempt: 0, sandboxesToStop: [], initContainersToStart: [], containersToStart: [], containersToKill: [], waitingReasons: {} },
    init: [], init_reasons: new Map(), main: [], main_reasons: new Map(), kills: [],
  };
  const phase = pod.status?.phase;
  const sb = podSandboxChanged(pod, state);
  d.a.sandboxId = sb.sandboxId;
  d.a.attempt = sb.attempt;

  // Deleted or already terminal: stop everything, start nothing.
  if (pod.metadata?.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed') {
    d.a.killPod = true;
    return finish(pod, state, ctx, d);
  }

  if (sb.changed) {
    d.a.killPod = true;
    d.a.createSandbox = true;
    // A Never pod whose sandbox died after running containers is finished, not restarted.
    if (!shouldRestartOnFailure(pod) && sb.attempt !== 0 && state.containers.length !== 0) {
      d.a.createSandbox = false;
      return finish(pod, state, ctx, d);
    }
    const mains = pod.spec?.containers ?? [];
    const toStart = mains.map((_, i) => i).filter((i) => !(restartPolicy(pod) === 'OnFailure' && containerSucceeded(mains[i]!, state)));
    if (toStart.length === 0 && hasAnyRegularContainerCreated(pod, state)) {
      d.a.createSandbox = false;
      return finish(pod, state, ctx, d);
    }
    if ((pod.spec?.initContainers ?? []).length > 0) {
      d.init = [0];
      d.init_reasons.set(0, latestStatus(state, pod.spec!.initContainers![0]!.name) ? 'Exited' : 'New');
    } else {
      d.main = toStart;
      for (const i of toStart) d.main_reasons.set(i, latestStatus(state, mains[i]!.name) ? 'Exited' : 'New');
    }
    return finish(pod, state, ctx, d);
  }

  const initialized = initActions(pod, state, ctx, d);
  if (!d.a.killPod && initialized) mainActions(pod, state, ctx, d);
  return finish(pod, state, ctx, d);
}

/** Commit the back-off of a container the executor is about to start (kubelet's backOff.Next in doBackOff). */
export function recordBackOff(backoff: BackOff, start: ContainerToStart): void {
  if (start.backOff) backoff.next(start.backOff.key, start.backOff.since);
}
