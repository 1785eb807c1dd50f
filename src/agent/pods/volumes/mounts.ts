// Container volumeMounts → CRI mounts (kubelet_pods.go makeMounts): each mount names a set-up volume; subPath (or
// subPathExpr expanded from the container's env) must be relative without `..`, is created inside the volume with
// the volume's mode when missing, and must not resolve (through symlinks) outside the volume.
import type { Container, VolumeMount } from 'kubernetes-types/core/v1.js';
import { chmod, mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, sep } from 'node:path';
import type { KeyValue, Mount, MountPropagation } from '../cri-types.js';
import { expand } from '../expansion.js';

export interface MountedVolume { hostPath: string; readOnly: boolean }

export function translatePropagation(mode: string | undefined): MountPropagation {
  switch (mode) {
    case undefined: case 'None': return 'PROPAGATION_PRIVATE';
    case 'HostToContainer': return 'PROPAGATION_HOST_TO_CONTAINER';
    case 'Bidirectional': return 'PROPAGATION_BIDIRECTIONAL';
    default: throw new Error(`invalid MountPropagation mode: "${mode}"`);
  }
}

/** ExpandContainerVolumeMounts: `$(VAR)` from the env; a missing or empty variable is an error. */
export function expandSubPathExpr(mount: VolumeMount, envs: KeyValue[]): string {
  const vars = new Map(envs.map((e) => [e.key, e.value]));
  const missing = new Set<string>();
  const out = expand(mount.subPathExpr ?? '', (k) => {
    const v = vars.get(k);
    if (!v) missing.add(k);
    return v ?? '';
  });
  if (missing.size > 0) throw new Error(`missing value for ${[...missing].sort().join(', ')}`);
  return out;
}

async function prepareSubPath(volumePath: string, subPath: string, mountName: string, containerName: string): Promise<string> {
  if (isAbsolute(subPath)) throw new Error(`error SubPath \`${subPath}\` must not be an absolute path`);
  if (subPath.split(/[\\/]/).includes('..')) throw new Error(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
  const hostPath = join(volumePath, subPath);
  const root = await realpath(volumePath);
  const within = (p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  const escape = () => new Error(`subpath "${hostPath}" not within volume path "${volumePath}"`);
  try {
    await stat(hostPath);
  } catch {
    const mode = (await stat(volumePath)).mode & 0o7777;
    try {
      let at = volumePath;
      for (const part of subPath.split('/').filter((x) => x && x !== '.')) {
        at = join(at, part);
        if (await stat(at).then(() => true, () => false)) continue;
        if (!within(await realpath(dirname(at)))) throw escape(); // never create through a symlink that leaves
        await mkdir(at, { mode });
        await chmod(at, mode); // mkdir's mode is cut by the umask
      }
    } catch (e) {
      if ((e as Error).message.startsWith('subpath ')) throw e;
      throw new Error(`failed to create subPath directory for volumeMount "${mountName}" of container "${containerName}"`);
    }
  }
  const resolved = await realpath(hostPath);
  if (!within(resolved)) throw escape();
  return hostPath;
}

/** CRI mounts for the container's volumeMounts, in order. `envs` feeds subPathExpr. */
export async function containerMounts(container: Container, volumes: ReadonlyMap<string, MountedVolume>, envs: KeyValue[] = []): Promise<Mount[]> {
  const out: Mount[] = [];
  for (const m of container.volumeMounts ?? []) {
    const vol = volumes.get(m.name);
    if (!vol) throw new Error(`cannot find volume "${m.name}" to mount into container "${container.name}"`);
    const subPath = m.subPathExpr ? expandSubPathExpr(m, envs) : m.subPath ?? '';
    const hostPath = subPath ? await prepareSubPath(vol.hostPath, subPath, m.name, container.name) : vol.hostPath;
    out.push({
      containerPath: m.mountPath,
      hostPath,
      readonly: m.readOnly === true || vol.readOnly,
      selinuxRelabel: false,
      propagation: translatePropagation(m.mountPropagation),
    });
  }
  return out;
}
