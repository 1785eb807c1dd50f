// Node-level aggregate (kube-scheduler framework.NodeInfo): the node, its pods, what they request, the host ports
// they hold, and which of them carry (anti-)affinity. Mutated only by the cache; the per-cycle snapshot holds clones.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { Resource, nodeAllocatable } from './resource.js';
import type { PodInfo, HostPort } from './pod-info.js';
import type { Labels } from './affinity-term.js';

/** An image present on nodes: its size and the set of nodes holding it (shared across NodeInfos). */
export interface ImageState {
  size: number;
  nodes: Set<string>;
}

const EMPTY_LABELS: Labels = Object.freeze({}) as Labels;
const EMPTY_TAINTS: Taint[] = [];

let generationSeq = 0;
export function nextGeneration(): number {
  return ++generationSeq;
}

export class NodeInfo {
  node: Node | undefined;
  name: string;
  labels: Labels = EMPTY_LABELS;
  taints: Taint[] = EMPTY_TAINTS;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** ip → "protocol/port" → count. */
  usedPorts = new Map<string, Map<string, number>>();
  requested = new Resource();
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  images = new Map<string, ImageState>();
  generation = nextGeneration();

  constructor(node?: Node, name?: string) {
    this.name = name ?? node?.metadata?.name ?? '';
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata?.name ?? this.name;
    this.labels = (node.metadata?.labels as Labels | undefined) ?? EMPTY_LABELS;
    this.taints = node.spec?.taints ?? EMPTY_TAINTS;
    this.allocatable = nodeAllocatable(node);
    this.generation = nextGeneration();
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with this key; false when it is not here. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods.splice(i, 1);
    if (pi.hasAffinity) this.podsWithAffinity = this.podsWithAffinity.filter((p) => p.key !== key);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p.key !== key);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    this.nonZeroRequested.milliCPU += sign * pi.nonZero.milliCPU;
    this.nonZeroRequested.memory += sign * pi.nonZero.memory;
    for (const hp of pi.ports) this.updatePort(hp, sign);
    this.generation = nextGeneration();
  }

  private updatePort(hp: HostPort, sign: 1 | -1): void {
    const pp = `${hp.protocol}/${hp.port}`;
    let m = this.usedPorts.get(hp.ip);
    if (!m) this.usedPorts.set(hp.ip, (m = new Map()));
    const n = (m.get(pp) ?? 0) + sign;
    if (n <= 0) m.delete(pp);
    else m.set(pp, n);
    if (m.size === 0) this.usedPorts.delete(hp.ip);
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP on the same protocol/port. */
  portConflicts(hp: HostPort): boolean {
    if (hp.port <= 0) return false;
    const pp = `${hp.protocol}/${hp.port}`;
    if (hp.ip === '0.0.0.0') {
      for (const m of this.usedPorts.values()) if (m.has(pp)) return true;
      return false;
    }
    return !!(this.usedPorts.get('0.0.0.0')?.has(pp) || this.usedPorts.get(hp.ip)?.has(pp));
  }

  clone(): NodeInfo {
    const c = new NodeInfo(undefined, this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.allocatable = this.allocatable;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    for (const [ip, m] of this.usedPorts) c.usedPorts.set(ip, new Map(m));
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.images = this.images;
    c.generation = this.generation;
    return c;
  }
}
