// Normalising CRI runtime.v1 statuses (camelCase, as @grpc/proto-loader produces them) into PodRuntimeState.
// Local structural types: only the fields used here, tolerant of enum names or numbers and of int64 as
// number, string, bigint or Long.
import type { ContainerRuntimeState, ContainerState, PodRuntimeState, SandboxState } from './types.js';

/** Annotation / label keys the agent puts on containers, as the kubelet names them. */
export const ANNOTATION_HASH = 'io.kubernetes.container.hash';
export const ANNOTATION_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const ANNOTATION_TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';

type Int64 = number | string | bigint | { toString(): string };

export interface CriPodSandboxStatus {
  id: string;
  metadata?: { name?: string; uid?: string; namespace?: string; attempt?: number } | null;
  state?: string | number;
  createdAt?: Int64;
  network?: { ip?: string; additionalIps?: { ip?: string }[] } | null;
  linux?: { namespaces?: { options?: { network?: string | number } | null } | null } | null;
}

export interface CriContainerStatus {
  id: string;
  metadata?: { name?: string; attempt?: number } | null;
  state?: string | number;
  createdAt?: Int64;
  startedAt?: Int64;
  finishedAt?: Int64;
  exitCode?: number;
  image?: { image?: string } | null;
  imageRef?: string;
  reason?: string;
  message?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Nanoseconds (any int64 shape) → milliseconds; 0 and absent → undefined. */
export function nsToMs(v: Int64 | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(BigInt(v.toString()) / 1_000_000n);
  const ms = typeof v === 'number' ? Math.floor(n / 1e6) : n;
  return ms > 0 ? ms : undefined;
}

const CONTAINER_STATES: ContainerRuntimeState[] = ['CREATED', 'RUNNING', 'EXITED', 'UNKNOWN'];

function containerState(s: string | number | undefined): ContainerRuntimeState {
  if (typeof s === 'number') return CONTAINER_STATES[s] ?? 'UNKNOWN';
  const short = (s ?? '').replace(/^CONTAINER_/, '');
  return (CONTAINER_STATES as string[]).includes(short) ? (short as ContainerRuntimeState) : 'UNKNOWN';
}

export function sandboxFromCri(s: CriPodSandboxStatus): SandboxState {
  const ready = s.state === 'SANDBOX_READY' || s.state === 0;
  const net = s.linux?.namespaces?.options?.network;
  const extra = (s.network?.additionalIps ?? []).map((x) => x.ip ?? '').filter(Boolean);
  return {
    id: s.id,
    state: ready ? 'READY' : 'NOTREADY',
    ip: s.network?.ip ?? '',
    ...(extra.length ? { additionalIps: extra } : {}),
    createdAt: nsToMs(s.createdAt) ?? 0,
    attempt: s.metadata?.attempt ?? 0,
    hostNetwork: net === 'NODE' || net === 2,
  };
}

/** terminationMessages: container id → content of its termination message file (read by the executor). */
export function containerFromCri(c: CriContainerStatus, terminationMessage?: string): ContainerState {
  const ann = c.annotations ?? {};
  const attempt = c.metadata?.attempt ?? 0;
  const rc = ann[ANNOTATION_RESTART_COUNT];
  const out: ContainerState = {
    id: c.id,
    name: c.metadata?.name ?? c.labels?.[LABEL_CONTAINER_NAME] ?? '',
    attempt,
    restartCount: rc !== undefined && /^\d+$/.test(rc) ? Number(rc) : attempt,
    state: containerState(c.state),
    createdAt: nsToMs(c.createdAt) ?? 0,
  };
  const startedAt = nsToMs(c.startedAt);
  const finishedAt = nsToMs(c.finishedAt);
  if (startedAt !== undefined) out.startedAt = startedAt;
  if (out.state !== 'RUNNING') {
    if (finishedAt !== undefined) out.finishedAt = finishedAt;
    if (c.exitCode !== undefined) out.exitCode = c.exitCode;
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
  }
  if (c.image?.image) out.image = c.image.image;
  if (c.imageRef) out.imageRef = c.imageRef;
  if (ann[ANNOTATION_HASH]) out.hash = ann[ANNOTATION_HASH];
  if (terminationMessage) out.terminationMessage = terminationMessage;
  return out;
}

export function podStateFromCri(
  sandboxes: CriPodSandboxStatus[],
  containers: CriContainerStatus[],
  terminationMessages: Record<string, string> = {},
): PodRuntimeState {
  return {
    sandboxes: sandboxes.map(sandboxFromCri),
    containers: containers.map((c) => containerFromCri(c, terminationMessages[c.id])),
  };
}
