// API container statuses from runtime instances (the kubelet's convertToAPIContainerStatuses plus the probe
// manager's ready/started): newest instance → state, the one before → lastState, waiting reasons from failed or
// backed-off starts, defaults ContainerCreating / PodInitializing.
import type { Container, ContainerState as ApiContainerState, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { isRestartableInitContainer, restartCountOf, shouldContainerBeRestarted, statusesByName } from './podutil.js';
import type { ContainerState, PodRuntimeState, ProbeResults, WaitingReason } from './types.js';

export interface ContainerStatusContext {
  probeResults: ProbeResults;
  /** name → last start failure (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerError, …). */
  waitingReasons?: Record<string, WaitingReason>;
  /** Prefix of containerID. @default 'containerd' */
  runtimeName?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Status = Mutable<ContainerStatus>;

const time = (ms: number | undefined) => (ms === undefined ? undefined : rfc3339(ms));

function apiState(cs: ContainerState, cid: string): ApiContainerState {
  switch (cs.state) {
    case 'RUNNING':
      return { running: { ...(cs.startedAt !== undefined ? { startedAt: time(cs.startedAt) } : {}) } };
    case 'EXITED': {
      const message = cs.terminationMessage || cs.message;
      return {
        terminated: {
          exitCode: cs.exitCode ?? 0,
          ...(cs.reason ? { reason: cs.reason } : {}),
          ...(message ? { message } : {}),
          ...(cs.startedAt !== undefined ? { startedAt: time(cs.startedAt) } : {}),
          ...(cs.finishedAt !== undefined ? { finishedAt: time(cs.finishedAt) } : {}),
          containerID: cid,
        },
      };
    }
    default:
      return { waiting: {} };
  }
}

function convert(cs: ContainerState, spec: Container, old: ContainerStatus | undefined, runtimeName: string): Status {
  const cid = `${runtimeName}://${cs.id}`;
  const image = cs.image && !cs.image.startsWith('sha256:') ? cs.image : spec.image ?? '';
  const s: Status = { name: cs.name, restartCount: restartCountOf(cs), image, imageID: cs.imageRef ?? '', containerID: cid, ready: false, state: apiState(cs, cid) };
  if (cs.state === 'UNKNOWN' && old?.state?.running) {
    // It ran and vanished: report a termination rather than "never ran".
    s.state = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } };
    s.restartCount = old.restartCount + 1;
  }
  return s;
}

/** Ready and started, as the probe manager sets them. */
function applyProbes(s: Status, spec: Container, isInit: boolean, pr: ProbeResults): void {
  const id = s.containerID?.replace(/^[^:]*:\/\//, '') ?? '';
  const running = !!s.state?.running;
  let started = false;
  if (running) {
    const r = spec.startupProbe ? pr.get(id, 'startup') : undefined;
    started = spec.startupProbe ? r === 'Success' : true;
  }
  s.started = started;
  if (isInit && !isRestartableInitContainer(spec)) {
    s.ready = !!s.state?.terminated && s.state.terminated.exitCode === 0;
    return;
  }
  if (!started) { s.ready = false; return; }
  s.ready = spec.readinessProbe ? pr.get(id, 'readiness') === 'Success' : true;
}

/** Statuses for `specs` (regular containers sorted by name, init containers in spec order). */
export function containerStatuses(
  pod: Pod, state: PodRuntimeState, specs: Container[], previous: readonly ContainerStatus[] | undefined,
  isInit: boolean, ctx: ContainerStatusContext,
): ContainerStatus[] {
  const runtimeName = ctx.runtimeName ?? 'containerd';
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const defaultReason = hasInit ? 'PodInitializing' : 'ContainerCreating';
  const oldByName = new Map((previous ?? []).map((s) => [s.name, s]));
  const out: Status[] = [];

  for (const spec of specs) {
    const old = oldByName.get(spec.name);
    const instances = statusesByName(state, spec.name);
    let s: Status = { name: spec.name, image: spec.image ?? '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: defaultReason } } };
    if (old) {
      if (old.state?.terminated) s = structuredClone(old) as Status;
      else {
        s.restartCount = old.restartCount;
        if (old.lastState) s.lastState = old.lastState;
      }
    }
    if (instances.length === 0 && old?.state?.running && s.state?.waiting?.reason === defaultReason && !s.lastState?.terminated) {
      // Known to have run, now gone from the runtime: a termination, not "never started".
      s.lastState = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' } };
      if (!pod.metadata?.deletionTimestamp) s.restartCount += 1;
    }
    if (instances[0]) s = convert(instances[0], spec, old, runtimeName);
    if (instances[1]) s.lastState = convert(instances[1], spec, undefined, runtimeName).state!;

    // A container that will be started again shows why it is waiting.
    const latest = instances[0];
    const skip = isInit && latest?.state === 'EXITED' && (latest.exitCode ?? 0) === 0;
    const reason = ctx.waitingReasons?.[spec.name];
    if (!skip && reason && shouldContainerBeRestarted(spec, pod, state)) {
      if (s.state?.terminated) s.lastState = s.state;
      s.state = { waiting: { reason: reason.reason, ...(reason.message ? { message: reason.message } : {}) } };
    }
    applyProbes(s, spec, isInit, ctx.probeResults);
    out.push(s);
  }
  if (!isInit) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}
