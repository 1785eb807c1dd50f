// Builders that give FakeRuntime's answers the exact shape the CRI client decodes (every scalar, list and map
// present; absent nested messages null), so code tested against the fake sees what it will see from containerd.
import type {
  ContainerStats, FilesystemUsage, LinuxContainerResources, Mount, PodSandboxConfig, UInt64Value,
} from './types.js';

export function u64(value: number): UInt64Value {
  return { value };
}

export function fullMount(m: Mount): Required<Mount> {
  return {
    containerPath: m.containerPath, hostPath: m.hostPath, readonly: m.readonly ?? false,
    selinuxRelabel: m.selinuxRelabel ?? false, propagation: m.propagation ?? 'PROPAGATION_PRIVATE',
  };
}

export function fullResources(r: LinuxContainerResources): Required<LinuxContainerResources> {
  return {
    cpuPeriod: r.cpuPeriod ?? 0, cpuQuota: r.cpuQuota ?? 0, cpuShares: r.cpuShares ?? 0,
    memoryLimitInBytes: r.memoryLimitInBytes ?? 0, oomScoreAdj: r.oomScoreAdj ?? 0,
    cpusetCpus: r.cpusetCpus ?? '', cpusetMems: r.cpusetMems ?? '',
    hugepageLimits: (r.hugepageLimits ?? []).map((h) => ({ ...h })), unified: { ...r.unified },
    memorySwapLimitInBytes: r.memorySwapLimitInBytes ?? 0,
  };
}

/** The sandbox's network namespace mode (CRI default POD). */
export function sandboxNetworkMode(config: PodSandboxConfig): string {
  return config.linux?.securityContext?.namespaceOptions?.network ?? 'POD';
}

/** The name containerd reserves for a sandbox: `name_namespace_uid_attempt`. */
export function sandboxName(config: PodSandboxConfig): string {
  const m = config.metadata;
  return `${m.name}_${m.namespace}_${m.uid}_${m.attempt}`;
}

/** The name containerd reserves for a container: `name_sandboxname_namespace_uid_attempt`. */
export function containerName(name: string, attempt: number, sandbox: PodSandboxConfig): string {
  const m = sandbox.metadata;
  return `${name}_${m.name}_${m.namespace}_${m.uid}_${attempt}`;
}

/** Usage figures a test sets for a container. */
export interface FakeUsage {
  /** Cumulative CPU time in ns. @default 0 */
  cpuCoreNanoSeconds?: number;
  /** @default 0 */
  cpuNanoCores?: number;
  /** @default 0 */
  memoryWorkingSetBytes?: number;
  /** @default 0 */
  writableLayerBytes?: number;
}

export function statsShape(
  attributes: ContainerStats['attributes'], usage: FakeUsage, nowNs: number, memoryLimit: number,
): ContainerStats {
  const ws = usage.memoryWorkingSetBytes ?? 0;
  return {
    attributes,
    cpu: { timestamp: nowNs, usageCoreNanoSeconds: u64(usage.cpuCoreNanoSeconds ?? 0), usageNanoCores: u64(usage.cpuNanoCores ?? 0) },
    memory: {
      timestamp: nowNs, workingSetBytes: u64(ws), availableBytes: memoryLimit ? u64(Math.max(0, memoryLimit - ws)) : null,
      usageBytes: u64(ws), rssBytes: u64(ws), pageFaults: u64(0), majorPageFaults: u64(0),
    },
    writableLayer: fsUsage(nowNs, '/var/lib/skiff/fake/snapshots', usage.writableLayerBytes ?? 0, 0),
  };
}

export function fsUsage(nowNs: number, mountpoint: string, bytes: number, inodes: number): FilesystemUsage {
  return { timestamp: nowNs, fsId: { mountpoint }, usedBytes: u64(bytes), inodesUsed: u64(inodes) };
}
