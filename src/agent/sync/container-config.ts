// Pod + container spec → CRI ContainerConfig (the kubelet's generateContainerConfig): resolved env and expanded
// command/args, volume mounts plus /etc/hosts and the termination-log file, log path `<name>/<attempt>.log`,
// identity labels, the annotations a restarted agent reads back (spec hash, restart count, termination message
// path and policy), cgroup resources and the Linux security context.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import {
  ANNOTATION_HASH, ANNOTATION_RESTART_COUNT, ANNOTATION_TERMINATION_MESSAGE_PATH, LABEL_CONTAINER_NAME,
} from '../kubelet/cri.js';
import { containerHash } from '../kubelet/hash.js';
import { resolveEnv, type PodEvent } from '../pods/env.js';
import type { ObjectLookups } from '../pods/lookups.js';
import { linuxResources } from '../pods/resources.js';
import { linuxSecurityContext, type ImageUser } from '../pods/security.js';
import type { MountedVolume } from '../pods/volumes/mounts.js';
import type { VolumeManager } from '../pods/volumes/manager.js';
import type { ContainerConfig } from '../runtime/types.js';
import { ANNOTATION_TERMINATION_MESSAGE_POLICY } from './runtime-state.js';
import { podIdentityLabels } from './sandbox-config.js';

export interface ContainerConfigInput {
  pod: Pod;
  container: Container;
  attempt: number;
  /** The image reference to create from (what the pull resolved to). */
  imageRef: string;
  imageUser: ImageUser;
  podIPs: string[];
  hostIPs: string[];
  nodeName: string;
  volumes: ReadonlyMap<string, MountedVolume>;
  serviceEnv?: Record<string, string>;
  capabilities: string[];
}

export type ContainerConfigResult =
  | { ok: true; config: ContainerConfig; events: PodEvent[] }
  | { ok: false; message: string; events: PodEvent[] };

export async function buildContainerConfig(
  i: ContainerConfigInput, lookups: ObjectLookups, volumes: VolumeManager,
): Promise<ContainerConfigResult> {
  const { pod, container: c } = i;
  const env = await resolveEnv(pod, c, lookups, {
    podIP: i.podIPs[0] ?? '', podIPs: i.podIPs, hostIP: i.hostIPs[0] ?? '', hostIPs: i.hostIPs, nodeName: i.nodeName,
    ...(i.serviceEnv ? { serviceEnv: i.serviceEnv } : {}),
  });
  if (env.errors.length) return { ok: false, message: env.errors[0]!, events: env.events };
  let security;
  let files;
  try {
    security = linuxSecurityContext(pod, c, { capabilities: i.capabilities, imageUser: i.imageUser });
    files = await volumes.prepareContainer(pod, c, i.volumes, { podIPs: i.podIPs, envs: env.envs });
  } catch (e) {
    return { ok: false, message: (e as Error).message, events: env.events };
  }
  const config: ContainerConfig = {
    metadata: { name: c.name, attempt: i.attempt },
    image: { image: i.imageRef },
    command: env.command,
    args: env.args,
    workingDir: c.workingDir ?? '',
    envs: env.envs,
    mounts: files.mounts,
    labels: { ...podIdentityLabels(pod), [LABEL_CONTAINER_NAME]: c.name },
    annotations: {
      [ANNOTATION_HASH]: containerHash(c),
      [ANNOTATION_RESTART_COUNT]: String(i.attempt),
      [ANNOTATION_TERMINATION_MESSAGE_PATH]: c.terminationMessagePath ?? '/dev/termination-log',
      [ANNOTATION_TERMINATION_MESSAGE_POLICY]: c.terminationMessagePolicy ?? 'File',
      'io.kubernetes.pod.terminationGracePeriod': String(pod.spec?.terminationGracePeriodSeconds ?? 30),
    },
    logPath: `${c.name}/${i.attempt}.log`,
    stdin: c.stdin === true,
    stdinOnce: c.stdinOnce === true,
    tty: c.tty === true,
    linux: { resources: linuxResources(c, pod), securityContext: security },
  };
  return { ok: true, config, events: env.events };
}
