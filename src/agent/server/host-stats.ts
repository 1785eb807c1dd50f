// Node-level CPU and memory for /stats/summary, from /proc (what cAdvisor reports for the root container).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HostStats {
  /** Cumulative CPU time of all CPUs, ns (user+nice+system+irq+softirq+steal). */
  cpuUsageCoreNanoSeconds: number;
  memory: { capacityBytes: number; usageBytes: number; workingSetBytes: number; availableBytes: number; rssBytes: number; pageFaults: number; majorPageFaults: number };
  /** Boot time, ms since the epoch. */
  bootTimeMs: number;
}

export type HostStatsReader = () => Promise<HostStats>;

const USER_HZ = 100;

/** Reads /proc/stat, /proc/meminfo and /proc/vmstat under `procRoot`. */
export function procHostStats(procRoot = '/proc'): HostStatsReader {
  return async () => {
    const [stat, meminfo, vmstat] = await Promise.all(['stat', 'meminfo', 'vmstat'].map((f) => readFile(join(procRoot, f), 'utf8').catch(() => '')));
    return parseHostStats(stat!, meminfo!, vmstat!);
  };
}

/** Pure: the three files' text → HostStats. Working set = usage − inactive file pages, as cAdvisor computes it. */
export function parseHostStats(stat: string, meminfo: string, vmstat: string): HostStats {
  const cpu = stat.split('\n').find((l) => l.startsWith('cpu '))?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  const jiffies = user + nice + system + irq + softirq + steal;
  const btime = Number(/^btime (\d+)/m.exec(stat)?.[1] ?? 0);
  const kb = (key: string) => Number(new RegExp(`^${key.replace(/[()]/g, '\\$&')}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0) * 1024;
  const capacityBytes = kb('MemTotal');
  const usageBytes = Math.max(0, capacityBytes - kb('MemFree'));
  const workingSetBytes = Math.max(0, usageBytes - kb('Inactive(file)'));
  const vm = (key: string) => Number(new RegExp(`^${key} (\\d+)`, 'm').exec(vmstat)?.[1] ?? 0);
  return {
    cpuUsageCoreNanoSeconds: Math.round((jiffies * 1e9) / USER_HZ),
    memory: {
      capacityBytes, usageBytes, workingSetBytes,
      availableBytes: Math.max(0, capacityBytes - workingSetBytes),
      rssBytes: kb('AnonPages'),
      pageFaults: vm('pgfault'), majorPageFaults: vm('pgmajfault'),
    },
    bootTimeMs: btime * 1000,
  };
}
