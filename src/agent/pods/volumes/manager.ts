// Sets up, refreshes and tears down a pod's volumes under `<rootDir>/<podUid>/volumes/kubernetes.io~<plugin>/<name>`,
// as the kubelet's volume manager does, and prepares each container's mounts, /etc/hosts and termination-log file.
// Secret, projected and downwardAPI volumes live on tmpfs (as the kubelet wraps them in a memory emptyDir) when the
// mount succeeds, on disk otherwise; configMap volumes are on disk.
import type { Container, PersistentVolumeClaimVolumeSource, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { chmod, mkdir, readFile, rm, stat, writeFile, open } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../../machinery/clock.js';
import { parseQuantity, toInt } from '../../../machinery/quantity.js';
import type { KeyValue, Mount } from '../cri-types.js';
import { notFoundMessage, type VolumeLookups } from '../lookups.js';
import { podTotals } from '../resources.js';
import { setGroupOwnership, writePayloadAtomically, type Payload } from './atomic-writer.js';
import { checkHostPathType } from './hostpath.js';
import { hostNetworkHostsContent, managedHostsContent, podHostnameAndDomain } from './hosts.js';
import { systemMounter, type Mounter } from './mounter.js';
import { containerMounts, type MountedVolume } from './mounts.js';
import { configMapVolumePayload, downwardAPIPayload, projectedPayload, secretVolumePayload, DEFAULT_MODE } from './payload.js';

export type { MountedVolume } from './mounts.js';

export interface VolumeManagerOptions {
  /** @default mount(8)/umount(8) */
  mounter?: Mounter;
  /** For token refresh. @default systemClock */
  clock?: Clock;
  /** @default 'cluster.local' */
  clusterDomain?: string;
  /** The node's hosts file, copied for hostNetwork pods. @default '/etc/hosts' */
  nodeHostsFile?: string;
}

/** Volumes that failed to set up; the message is the kubelet's FailedMount event text for the first one. */
export class VolumeSetUpError extends Error {
  constructor(readonly failures: { volume: string; message: string }[]) {
    super(failures.map((f) => `MountVolume.SetUp failed for volume "${f.volume}" : ${f.message}`)[0]);
    this.name = 'VolumeSetUpError';
  }
}

export interface ContainerFiles {
  mounts: Mount[];
  /** Host file behind terminationMessagePath (read it for the termination message), if any. */
  terminationMessageHostPath?: string;
  /** Host file mounted at /etc/hosts, if any. */
  hostsFilePath?: string;
}

export interface PrepareContainerOptions {
  /** The pod's IPs; /etc/hosts is only managed once the sandbox has one. */
  podIPs: string[];
  /** The container's resolved env, for subPathExpr. */
  envs?: KeyValue[];
}

type Kind = 'empty-dir' | 'host-path' | 'configmap' | 'secret' | 'downward-api' | 'projected' | 'pvc';
const PLUGIN_DIR: Record<Kind, string> = {
  'empty-dir': 'kubernetes.io~empty-dir', 'host-path': '', configmap: 'kubernetes.io~configmap', secret: 'kubernetes.io~secret',
  'downward-api': 'kubernetes.io~downward-api', projected: 'kubernetes.io~projected', pvc: '',
};
const ON_TMPFS: ReadonlySet<Kind> = new Set(['secret', 'projected', 'downward-api']);

function kindOf(v: Volume): Kind | undefined {
  if (v.emptyDir) return 'empty-dir';
  if (v.hostPath) return 'host-path';
  if (v.configMap) return 'configmap';
  if (v.secret) return 'secret';
  if (v.downwardAPI) return 'downward-api';
  if (v.projected) return 'projected';
  if (v.persistentVolumeClaim) return 'pvc';
  return undefined;
}

interface CachedToken { token: string; at: number; ttlMs: number }
const MAX_TOKEN_AGE_MS = 24 * 3600 * 1000;

async function isDir(p: string): Promise<boolean> {
  try { return (await stat(p)).isDirectory(); } catch { return false; }
}

export class VolumeManager {
  private readonly mounter: Mounter;
  private readonly clock: Clock;
  private readonly tokens = new Map<string, CachedToken>();
  /** Memory-backed volume dirs that could not get a tmpfs (reported, used as plain dirs). */
  readonly notOnTmpfs = new Set<string>();

  constructor(readonly rootDir: string, private readonly lookups: VolumeLookups, private readonly opts: VolumeManagerOptions = {}) {
    this.mounter = opts.mounter ?? systemMounter;
    this.clock = opts.clock ?? systemClock;
  }

  podDir(podUid: string): string {
    if (!podUid || podUid.includes('/') || podUid.startsWith('.')) throw new Error(`invalid pod uid "${podUid}"`);
    return join(this.rootDir, podUid);
  }

  private volumeDir(podUid: string, kind: Kind, name: string): string {
    return join(this.podDir(podUid), 'volumes', PLUGIN_DIR[kind], name);
  }

  /** Sets up every volume of the pod (idempotent: safe on every sync and after an agent restart). */
  async setUp(pod: Pod): Promise<Map<string, MountedVolume>> {
    const result = new Map<string, MountedVolume>();
    const failures: { volume: string; message: string }[] = [];
    for (const v of pod.spec?.volumes ?? []) {
      try {
        const mv = await this.setUpOne(pod, v);
        if (mv) result.set(v.name, mv);
      } catch (e) {
        failures.push({ volume: v.name, message: (e as Error).message });
      }
    }
    if (failures.length > 0) throw new VolumeSetUpError(failures);
    return result;
  }

  /** Rewrites configMap/secret/downwardAPI/projected contents whose sources changed; returns the volumes rewritten. */
  async refresh(pod: Pod): Promise<string[]> {
    const changed: string[] = [];
    const failures: { volume: string; message: string }[] = [];
    const uid = pod.metadata?.uid ?? '';
    for (const v of pod.spec?.volumes ?? []) {
      const kind = kindOf(v);
      if (kind !== 'configmap' && kind !== 'secret' && kind !== 'downward-api' && kind !== 'projected') continue;
      const dir = this.volumeDir(uid, kind, v.name);
      if (!(await isDir(dir))) continue; // not set up yet
      try {
        if (await this.writeContents(pod, v, kind, dir)) changed.push(v.name);
      } catch (e) {
        failures.push({ volume: v.name, message: (e as Error).message });
      }
    }
    if (failures.length > 0) throw new VolumeSetUpError(failures);
    return changed;
  }

  /** Unmounts whatever is mounted under the pod's directory, then removes it. */
  async tearDown(podUid: string): Promise<void> {
    const dir = this.podDir(podUid);
    for (const p of await this.mounter.mountPointsUnder(dir)) await this.mounter.unmount(p);
    const left = await this.mounter.mountPointsUnder(dir);
    if (left.length > 0) throw new Error(`cannot remove pod directory ${dir}: still mounted: ${left.join(', ')}`);
    await rm(dir, { recursive: true, force: true });
    for (const k of [...this.tokens.keys()]) if (k.startsWith(podUid + '/')) this.tokens.delete(k);
    for (const d of [...this.notOnTmpfs]) if (d.startsWith(dir + '/')) this.notOnTmpfs.delete(d);
  }

  /** CRI mounts for the container's volumeMounts (see mounts.ts). */
  mounts(container: Container, volumes: ReadonlyMap<string, MountedVolume>, envs: KeyValue[] = []): Promise<Mount[]> {
    return containerMounts(container, volumes, envs);
  }

  /** Mounts plus the managed /etc/hosts and a fresh termination-log file for one container instance. */
  async prepareContainer(pod: Pod, container: Container, volumes: ReadonlyMap<string, MountedVolume>, opts: PrepareContainerOptions): Promise<ContainerFiles> {
    const mounts = await containerMounts(container, volumes, opts.envs ?? []);
    const out: ContainerFiles = { mounts };
    const podDir = this.podDir(pod.metadata?.uid ?? '');
    const ips = opts.podIPs.filter(Boolean);
    if (ips.length > 0 && !(container.volumeMounts ?? []).some((m) => m.mountPath === '/etc/hosts')) {
      const { hostname, domain } = podHostnameAndDomain(pod, this.opts.clusterDomain);
      const content = pod.spec?.hostNetwork
        ? hostNetworkHostsContent(await readFile(this.opts.nodeHostsFile ?? '/etc/hosts', 'utf8'), pod.spec.hostAliases)
        : managedHostsContent(ips, hostname, domain, pod.spec?.hostAliases);
      const path = join(podDir, 'etc-hosts');
      await mkdir(podDir, { recursive: true });
      await writeFile(path, content);
      await chmod(path, 0o644);
      mounts.push({ containerPath: '/etc/hosts', hostPath: path, readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' });
      out.hostsFilePath = path;
    }
    const tmp = container.terminationMessagePath ?? '/dev/termination-log';
    if (tmp !== '') {
      const dir = join(podDir, 'containers', container.name);
      await mkdir(dir, { recursive: true });
      const path = join(dir, randomBytes(4).toString('hex'));
      await (await open(path, 'w')).close();
      await chmod(path, 0o666);
      mounts.push({ containerPath: tmp, hostPath: path, readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' });
      out.terminationMessageHostPath = path;
    }
    return out;
  }

  private async setUpOne(pod: Pod, v: Volume): Promise<MountedVolume | undefined> {
    const kind = kindOf(v);
    const uid = pod.metadata?.uid ?? '';
    switch (kind) {
      case undefined:
        throw new Error('unsupported volume type');
      case 'host-path':
        await checkHostPathType(v.hostPath!.path, v.hostPath!.type);
        return { hostPath: v.hostPath!.path, readOnly: false };
      case 'pvc':
        return this.setUpClaim(pod, v.persistentVolumeClaim!);
      case 'empty-dir':
        return this.setUpEmptyDir(pod, v);
    }
    const dir = this.volumeDir(uid, kind, v.name);
    await mkdir(dir, { recursive: true });
    if (ON_TMPFS.has(kind)) await this.ensureTmpfs(dir, undefined, true);
    await this.writeContents(pod, v, kind, dir);
    return { hostPath: dir, readOnly: true };
  }

  private async ensureTmpfs(dir: string, sizeBytes: number | undefined, fallbackToDisk: boolean): Promise<boolean> {
    if ((await this.mounter.mountPointsUnder(dir)).includes(dir)) return false;
    try {
      await this.mounter.mountTmpfs(dir, sizeBytes);
      this.notOnTmpfs.delete(dir);
      return true;
    } catch (e) {
      if (!fallbackToDisk) throw e;
      this.notOnTmpfs.add(dir);
      return false;
    }
  }

  private async setUpEmptyDir(pod: Pod, v: Volume): Promise<MountedVolume> {
    const src = v.emptyDir!;
    const dir = this.volumeDir(pod.metadata?.uid ?? '', 'empty-dir', v.name);
    const fresh = !(await isDir(dir));
    await mkdir(dir, { recursive: true });
    if (src.medium === 'Memory') {
      let size = src.sizeLimit ? Number(toInt(parseQuantity(src.sizeLimit))) : 0;
      if (!size) size = podTotals(pod, 'limits').memory; // the pod's memory limit, if any, as the kubelet sizes it
      if (await this.ensureTmpfs(dir, size || undefined, false)) await chmod(dir, 0o777);
    } else if (src.medium && src.medium !== '') {
      throw new Error(`unsupported emptyDir medium "${src.medium}"`);
    }
    if (fresh) {
      await chmod(dir, 0o777);
      const gid = pod.spec?.securityContext?.fsGroup;
      if (gid !== undefined) await setGroupOwnership(dir, gid, false);
    }
    return { hostPath: dir, readOnly: false };
  }

  private async setUpClaim(pod: Pod, src: PersistentVolumeClaimVolumeSource): Promise<MountedVolume> {
    const ns = pod.metadata?.namespace ?? 'default';
    const where = `error processing PVC ${ns}/${src.claimName}`;
    const pvc = await this.lookups.persistentVolumeClaim?.(ns, src.claimName);
    if (!pvc) throw new Error(`${where}: failed to fetch PVC from API server: ${notFoundMessage('persistentvolumeclaims', src.claimName)}`);
    if (pvc.metadata?.deletionTimestamp) throw new Error(`${where}: PVC is being deleted`);
    const pvName = pvc.spec?.volumeName;
    if (!pvName || pvc.status?.phase !== 'Bound') throw new Error(`${where}: PVC is not bound`);
    const pv = await this.lookups.persistentVolume?.(pvName);
    if (!pv) throw new Error(`${where}: failed to fetch PV ${pvName} from API server: ${notFoundMessage('persistentvolumes', pvName)}`);
    const path = pv.spec?.local?.path ?? pv.spec?.hostPath?.path;
    if (!path) throw new Error(`${where}: PV ${pvName} has no local or hostPath source, the only kinds this node can mount`);
    if (pv.spec?.hostPath) await checkHostPathType(path, pv.spec.hostPath.type);
    else if (!(await isDir(path)) && !(await stat(path).catch(() => undefined))) throw new Error(`path "${path}" does not exist`);
    return { hostPath: path, readOnly: src.readOnly === true };
  }

  private async writeContents(pod: Pod, v: Volume, kind: Kind, dir: string): Promise<boolean> {
    const gid = pod.spec?.securityContext?.fsGroup;
    let payload: Payload;
    switch (kind) {
      case 'configmap':
        payload = await configMapVolumePayload(pod, v.configMap!, this.lookups);
        break;
      case 'secret':
        payload = await secretVolumePayload(pod, v.secret!, this.lookups);
        break;
      case 'downward-api':
        payload = downwardAPIPayload(pod, v.downwardAPI!.items, v.downwardAPI!.defaultMode ?? DEFAULT_MODE, await this.allocatable());
        break;
      case 'projected':
        payload = await projectedPayload(pod, v.projected!, {
          lookups: this.lookups,
          allocatable: await this.allocatable(),
          hasFsOwnership: gid !== undefined,
          token: (aud, exp, path) => this.token(pod, v.name, aud, exp, path),
        });
        break;
      default:
        return false;
    }
    return writePayloadAtomically(dir, payload, { gid });
  }

  private async allocatable(): Promise<Record<string, string> | undefined> {
    return (await this.lookups.node?.())?.status?.allocatable;
  }

  /** A cached bound token, renewed after 80% of its lifetime or 24 h (the kubelet's token manager rule). */
  private async token(pod: Pod, volume: string, audience: string | undefined, expirationSeconds: number, path: string): Promise<string> {
    const key = `${pod.metadata?.uid}/${volume}/${path}/${audience ?? ''}`;
    const now = this.clock.now();
    const cached = this.tokens.get(key);
    if (cached && now - cached.at < Math.min(cached.ttlMs * 0.8, MAX_TOKEN_AGE_MS)) return cached.token;
    if (!this.lookups.requestToken) throw new Error('cannot request a service account token: no token requester configured');
    const token = await this.lookups.requestToken(audience, expirationSeconds, pod);
    this.tokens.set(key, { token, at: now, ttlMs: expirationSeconds * 1000 });
    return token;
  }
}
