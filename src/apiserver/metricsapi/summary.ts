// The part of the kubelet Summary API (stats/v1alpha1, GET /stats/summary) that resource metrics need, and its
// reduction to usage points. Structural copies of the agent's types: the API server does not import the agent.

export interface CPUStats { time?: string; usageNanoCores?: number }
export interface MemoryStats { time?: string; workingSetBytes?: number }
export interface ContainerStats { name: string; cpu?: CPUStats; memory?: MemoryStats }
export interface PodStats { podRef: { name: string; namespace: string; uid?: string }; containers?: ContainerStats[] }
export interface Summary {
  node: { nodeName?: string; cpu?: CPUStats; memory?: MemoryStats };
  pods?: PodStats[];
}

/** One measurement: CPU in nano-cores, memory working set in bytes, taken at `timeMs`. */
export interface UsagePoint { nanoCores: number; workingSetBytes: number; timeMs: number }
export interface ContainerUsage extends UsagePoint { name: string }
export interface PodUsage { uid?: string; timeMs: number; containers: ContainerUsage[] }

function point(cpu: CPUStats | undefined, mem: MemoryStats | undefined, fallbackMs: number): UsagePoint | undefined {
  if (typeof cpu?.usageNanoCores !== 'number' || typeof mem?.workingSetBytes !== 'number') return undefined;
  const t = Date.parse(cpu.time ?? mem.time ?? '');
  return { nanoCores: cpu.usageNanoCores, workingSetBytes: mem.workingSetBytes, timeMs: Number.isNaN(t) ? fallbackMs : t };
}

/** The node's usage, or undefined when CPU or memory is missing (metrics-server skips such nodes). */
export function nodeUsage(s: Summary, scrapedMs: number): UsagePoint | undefined {
  return point(s.node?.cpu, s.node?.memory, scrapedMs);
}

/** `namespace/name` → usage of each container that reports both CPU and memory; pods with none are left out. */
export function podUsages(s: Summary, scrapedMs: number): Map<string, PodUsage> {
  const out = new Map<string, PodUsage>();
  for (const p of s.pods ?? []) {
    const containers: ContainerUsage[] = [];
    for (const c of p.containers ?? []) {
      const u = point(c.cpu, c.memory, scrapedMs);
      if (u) containers.push({ name: c.name, ...u });
    }
    if (!containers.length) continue;
    containers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    out.set(`${p.podRef.namespace}/${p.podRef.name}`, { uid: p.podRef.uid || undefined, timeMs: Math.max(...containers.map((c) => c.timeMs)), containers });
  }
  return out;
}
