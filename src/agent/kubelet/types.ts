// The observed runtime state of one pod, normalised from CRI (see cri.ts), and the decisions made from it.
// Times are milliseconds since the epoch; everything here is plain data.

/** One pod sandbox as the runtime reports it (CRI PodSandboxStatus, normalised). */
export interface SandboxState {
  id: string;
  state: 'READY' | 'NOTREADY';
  /** Primary pod IP; empty or absent when the sandbox has none. */
  ip?: string;
  /** Further IPs (CRI `network.additionalIps`). */
  additionalIps?: string[];
  createdAt: number;
  attempt: number;
  /** True when the sandbox shares the node's network namespace (CRI `linux.namespaces.options.network == NODE`). */
  hostNetwork?: boolean;
}

export type ContainerRuntimeState = 'CREATED' | 'RUNNING' | 'EXITED' | 'UNKNOWN';

/** One container instance as the runtime reports it (CRI ContainerStatus, normalised). */
export interface ContainerState {
  id: string;
  name: string;
  /** CRI `metadata.attempt`. */
  attempt: number;
  /** The restart count the agent stored on the container (annotation); defaults to `attempt`. */
  restartCount?: number;
  state: ContainerRuntimeState;
  exitCode?: number;
  /** `OOMKilled`, `Error`, `Completed`, … as the runtime reports it. */
  reason?: string;
  message?: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Image name the runtime reports. */
  image?: string;
  /** Resolved image (digest) reference: becomes `imageID`. */
  imageRef?: string;
  /** Spec hash stored in an annotation at creation (see hash.ts); absent means "unknown, do not compare". */
  hash?: string;
  /** Content of the container's terminationMessagePath file, read by the executor. */
  terminationMessage?: string;
}

/** Everything the runtime knows about one pod. Order does not matter; helpers sort by createdAt. */
export interface PodRuntimeState {
  sandboxes: SandboxState[];
  containers: ContainerState[];
}

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/** Current probe results by container instance id. `undefined` = no result recorded for that container. */
export interface ProbeResults {
  get(containerId: string, kind: ProbeKind): ProbeResult | undefined;
}

/** No probe has ever run. */
export const noProbeResults: ProbeResults = { get: () => undefined };

/** Why a container is (re)started. */
export type StartReason = 'New' | 'Exited' | 'Created' | 'Unknown' | 'DefinitionChanged' | 'LivenessProbe' | 'StartupProbe';

export interface ContainerToStart {
  name: string;
  /** Index into spec.containers or spec.initContainers. */
  index: number;
  init: boolean;
  /** The CRI attempt (= restart count) to create it with. */
  attempt: number;
  reason: StartReason;
  /** When set, call `backoff.next(backOff.key, backOff.since)` just before starting (see recordBackOff). */
  backOff?: { key: string; since: number };
}

/** Why a container is killed; the first four match kubelet's containerKillReason. */
export type KillReason = 'StartupProbe' | 'LivenessProbe' | 'Unknown' | 'DefinitionChanged' | 'PodKill';

export interface ContainerToKill {
  id: string;
  name: string;
  reason: KillReason;
  message: string;
  gracePeriodSeconds: number;
  /** Kill in ascending stage order, waiting for a stage to finish: regular containers 0, then sidecars last-first. */
  stage: number;
}

export interface WaitingReason { reason: string; message: string }

export interface PodActions {
  /** Stop every container (containersToKill lists them) and every sandbox (sandboxesToStop). */
  killPod: boolean;
  createSandbox: boolean;
  /** The sandbox to start containers in ('' when one is to be created). */
  sandboxId: string;
  /** Sandbox attempt to create with. */
  attempt: number;
  sandboxesToStop: string[];
  /** Init containers to start now, in spec order (restartable ones may be several). */
  initContainersToStart: ContainerToStart[];
  /** The first non-restartable init container to start, if any (the kubelet's NextInitContainerToStart). */
  nextInitContainerToStart?: ContainerToStart;
  containersToStart: ContainerToStart[];
  containersToKill: ContainerToKill[];
  /** Containers not started because of back-off: name → waiting reason for the status. */
  waitingReasons: Record<string, WaitingReason>;
  /** Sync again after this long (the shortest remaining back-off). */
  requeueAfterMs?: number;
}
