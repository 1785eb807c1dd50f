// The Node this agent registers and keeps current: host capacity, addresses, nodeInfo from the runtime's version,
// conditions from host pressure signals and the runtime's RuntimeReady/NetworkReady, images from the runtime.
import { hostname } from 'node:os';
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { Runtime } from './runtime/runtime.js';
import { allocatable, buildNode, hostCapacity, hostStats, nodeAddresses, nodeConditions, nodeImages, nodeInfo } from './node/index.js';

export interface NodeBuilderOptions {
  name: string;
  runtime: Runtime;
  /** The agent data dir (its filesystem is the node's ephemeral storage). */
  rootDir: string;
  nodeIP?: string;
  labels: Record<string, string>;
  taints: Taint[];
  controlPlane: boolean;
  kubeletPort: () => number;
}

export function nodeBuilder(o: NodeBuilderOptions): (current: Node | undefined, now: number) => Promise<Node> {
  const capacity = hostCapacity({ rootDir: o.rootDir });
  const alloc = allocatable(capacity);
  return async (current, now) => {
    const stats = hostStats({ rootDir: o.rootDir });
    let runtimeReady = false;
    let runtimeCondition;
    let networkReady = false;
    let networkCondition;
    let version;
    let images: Awaited<ReturnType<Runtime['listImages']>> = [];
    try {
      const st = await o.runtime.status();
      for (const c of st.status?.conditions ?? []) {
        if (c.type === 'RuntimeReady') { runtimeReady = c.status; runtimeCondition = c; }
        if (c.type === 'NetworkReady') { networkReady = c.status; networkCondition = c; }
      }
      version = await o.runtime.version();
      images = await o.runtime.listImages();
    } catch (e) {
      runtimeCondition = { type: 'RuntimeReady', status: false, reason: 'RuntimeUnreachable', message: (e as Error).message };
    }
    const conditions = nodeConditions({
      now, previous: current?.status?.conditions,
      memAvailable: stats.memoryAvailableBytes, memCapacity: stats.memoryCapacityBytes,
      diskAvailable: stats.fs.availableBytes, diskCapacity: stats.fs.capacityBytes,
      pidsAvailable: stats.pidsAvailable, pidMax: stats.pidMax,
      runtimeReady, runtimeCondition, networkReady, networkCondition,
    });
    return buildNode({
      name: o.name, labels: o.labels, taints: o.taints, controlPlane: o.controlPlane,
      capacity, allocatable: alloc, conditions,
      addresses: nodeAddresses({ hostname: hostname(), nodeIP: o.nodeIP }),
      nodeInfo: nodeInfo(version ? { runtime: version } : {}),
      images: nodeImages(images.map((i) => ({ repoTags: i.repoTags, repoDigests: i.repoDigests, size: i.size }))),
      kubeletPort: o.kubeletPort(),
    });
  };
}
