// GET /stats/summary: the kubelet Summary API (stats/v1alpha1) from CRI container stats and the host's /proc.
// usageNanoCores is computed here from two samples of usageCoreNanoSeconds (the runtime's own is 0 on a first call).
import { hostname } from 'node:os';
import { rfc3339, systemClock, type Clock } from '../../machinery/clock.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from '../kubelet/cri.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Container, ContainerStats } from '../runtime/types.js';
import { procHostStats, type HostStatsReader } from './host-stats.js';

import { LABEL_POD_NAME, LABEL_POD_NAMESPACE } from '../kubelet/cri.js';
export { LABEL_POD_NAME, LABEL_POD_NAMESPACE };

export interface CPUStats { time: string; usageNanoCores?: number; usageCoreNanoSeconds?: number }
export interface MemoryStats {
  time: string; availableBytes?: number; usageBytes?: number; workingSetBytes?: number; rssBytes?: number;
  pageFaults?: number; majorPageFaults?: number;
}
export interface ContainerSummary { name: string; startTime: string; cpu?: CPUStats; memory?: MemoryStats }
export interface PodSummary {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerSummary[];
  cpu?: CPUStats;
  memory?: MemoryStats;
}
export interface Summary {
  node: { nodeName: string; startTime: string; cpu?: CPUStats; memory?: MemoryStats };
  pods: PodSummary[];
}

export interface StatsProviderOptions {
  runtime: Pick<Runtime, 'listContainers' | 'listContainerStats'>;
  nodeName?: string;
  hostStats?: HostStatsReader;
  clock?: Clock;
  /** Background sampling period, so that a first request already has a rate. @default 10000 */
  sampleIntervalMs?: number;
}

interface Sample { tNs: number; usage: number }

/** Keeps CPU samples per container (and for the node) and turns them into rates. */
export class StatsProvider {
  private readonly last = new Map<string, Sample>();
  private readonly clock: Clock;
  private readonly host: HostStatsReader;
  private timer: { cancel(): void } | undefined;
  constructor(private readonly opts: StatsProviderOptions) {
    this.clock = opts.clock ?? systemClock;
    this.host = opts.hostStats ?? procHostStats();
  }

  /** Samples now and every sampleIntervalMs until stop(). */
  start(): void {
    const tick = () => {
      void this.summary().catch(() => {});
      this.timer = this.clock.setTimeout(tick, this.opts.sampleIntervalMs ?? 10_000);
    };
    tick();
  }

  stop(): void { this.timer?.cancel(); this.timer = undefined; }

  async summary(): Promise<Summary> {
    const [host, containers, stats] = await Promise.all([
      this.host(), this.opts.runtime.listContainers({ state: { state: 'CONTAINER_RUNNING' } }), this.opts.runtime.listContainerStats(),
    ]);
    const nowMs = this.clock.now();
    const now = rfc3339(nowMs);
    const nodeCpuNs = host.cpuUsageCoreNanoSeconds;
    const node: Summary['node'] = {
      nodeName: this.opts.nodeName ?? hostname(),
      startTime: rfc3339(host.bootTimeMs),
      cpu: { time: now, usageCoreNanoSeconds: nodeCpuNs, usageNanoCores: this.rate('node', nowMs * 1e6, nodeCpuNs) },
      memory: {
        time: now, availableBytes: host.memory.availableBytes, usageBytes: host.memory.usageBytes, workingSetBytes: host.memory.workingSetBytes,
        rssBytes: host.memory.rssBytes, pageFaults: host.memory.pageFaults, majorPageFaults: host.memory.majorPageFaults,
      },
    };
    const byId = new Map(stats.map((s) => [s.attributes?.id ?? '', s]));
    const pods = new Map<string, PodSummary>();
    const seen = new Set<string>(['node']);
    for (const c of containers) {
      const uid = c.labels[LABEL_POD_UID];
      if (!uid) continue;
      seen.add(c.id);
      const pod = pods.get(uid) ?? {
        podRef: { name: c.labels[LABEL_POD_NAME] ?? '', namespace: c.labels[LABEL_POD_NAMESPACE] ?? '', uid },
        startTime: rfc3339(c.createdAt / 1e6), containers: [],
      };
      pods.set(uid, pod);
      if (c.createdAt / 1e6 < Date.parse(pod.startTime)) pod.startTime = rfc3339(c.createdAt / 1e6);
      pod.containers.push(this.containerSummary(c, byId.get(c.id), nowMs));
    }
    for (const id of [...this.last.keys()]) if (!seen.has(id)) this.last.delete(id);
    for (const pod of pods.values()) sumPod(pod, now);
    return { node, pods: [...pods.values()] };
  }

  private containerSummary(c: Container, s: ContainerStats | undefined, nowMs: number): ContainerSummary {
    const out: ContainerSummary = { name: c.labels[LABEL_CONTAINER_NAME] ?? c.metadata?.name ?? '', startTime: rfc3339(c.createdAt / 1e6) };
    if (s?.cpu) {
      const tNs = s.cpu.timestamp || nowMs * 1e6;
      const usage = s.cpu.usageCoreNanoSeconds?.value ?? 0;
      out.cpu = { time: rfc3339(tNs / 1e6), usageCoreNanoSeconds: usage, usageNanoCores: this.rate(c.id, tNs, usage, s.cpu.usageNanoCores?.value) };
    }
    if (s?.memory) {
      const m = s.memory;
      out.memory = {
        time: rfc3339((m.timestamp || nowMs * 1e6) / 1e6),
        workingSetBytes: m.workingSetBytes?.value ?? 0, usageBytes: m.usageBytes?.value ?? 0, rssBytes: m.rssBytes?.value ?? 0,
        pageFaults: m.pageFaults?.value ?? 0, majorPageFaults: m.majorPageFaults?.value ?? 0,
        ...(m.availableBytes?.value ? { availableBytes: m.availableBytes.value } : {}),
      };
    }
    return out;
  }

  /** nano-cores between the kept sample and this one; the kept sample advances once it is ≥ 1 s old. */
  private rate(key: string, tNs: number, usage: number, fallback = 0): number {
    const prev = this.last.get(key);
    if (!prev) { this.last.set(key, { tNs, usage }); return fallback; }
    const dt = tNs - prev.tNs;
    if (dt <= 0) return fallback;
    const value = Math.max(0, Math.round(((usage - prev.usage) * 1e9) / dt));
    if (dt >= 1e9) this.last.set(key, { tNs, usage });
    return value;
  }
}

function sumPod(pod: PodSummary, now: string): void {
  const withCpu = pod.containers.filter((c) => c.cpu);
  if (withCpu.length > 0) {
    pod.cpu = {
      time: now,
      usageNanoCores: withCpu.reduce((a, c) => a + (c.cpu!.usageNanoCores ?? 0), 0),
      usageCoreNanoSeconds: withCpu.reduce((a, c) => a + (c.cpu!.usageCoreNanoSeconds ?? 0), 0),
    };
  }
  const withMem = pod.containers.filter((c) => c.memory);
  if (withMem.length > 0) {
    const sum = (k: keyof MemoryStats) => withMem.reduce((a, c) => a + ((c.memory![k] as number | undefined) ?? 0), 0);
    pod.memory = { time: now, workingSetBytes: sum('workingSetBytes'), usageBytes: sum('usageBytes'), rssBytes: sum('rssBytes'), pageFaults: sum('pageFaults'), majorPageFaults: sum('majorPageFaults') };
  }
}
