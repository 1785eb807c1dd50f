// Builders shared by this folder's tests (and handy for the integrator's): pods and runtime states in one line each.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { containerHash } from './hash.js';
import type { ContainerState, PodRuntimeState, ProbeKind, ProbeResult, ProbeResults, SandboxState } from './types.js';

export interface PodOptions {
  containers?: Container[];
  initContainers?: Container[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  deleting?: boolean;
  hostNetwork?: boolean;
}

export const c = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: `img/${name}`, ...extra });
export const sidecar = (name: string, extra: Partial<Container> = {}): Container => c(name, { restartPolicy: 'Always', ...extra });

export function makePod(o: PodOptions = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'uid1', ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } : {}) },
    spec: {
      containers: o.containers ?? [c('web')],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      restartPolicy: o.restartPolicy ?? 'Always',
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
    },
  };
}

export const readySandbox = (extra: Partial<SandboxState> = {}): SandboxState => ({ id: 'sb1', state: 'READY', ip: '10.42.0.5', createdAt: 1000, attempt: 0, ...extra });

let seq = 0;
/** A container instance whose hash matches `spec` unless told otherwise. */
export function inst(spec: Container, state: ContainerState['state'], extra: Partial<ContainerState> = {}): ContainerState {
  seq++;
  const base: ContainerState = { id: `${spec.name}-${seq}`, name: spec.name, attempt: 0, state, createdAt: 2000 + seq, hash: containerHash(spec) };
  if (state === 'RUNNING' || state === 'EXITED') base.startedAt = 2000 + seq;
  if (state === 'EXITED') { base.finishedAt = 3000 + seq; base.exitCode = 0; base.reason = 'Completed'; }
  return { ...base, ...extra };
}

export const runtime = (containers: ContainerState[], sandboxes: SandboxState[] = [readySandbox()]): PodRuntimeState => ({ sandboxes, containers });

export function probes(map: Record<string, Partial<Record<ProbeKind, ProbeResult>>>): ProbeResults {
  return { get: (id, kind) => map[id]?.[kind] };
}
