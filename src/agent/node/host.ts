// Reading the host: CPU count, /proc/meminfo, hugepages, statfs of the data dir, pids. Paths are injectable so tests
// feed their own files.
import { cpus } from 'node:os';
import { readFileSync, readdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

export interface HostPaths {
  /** @default '/proc' */
  procRoot?: string;
  /** @default '/sys' */
  sysRoot?: string;
  /** The agent's data dir: its filesystem is the node's ephemeral storage. */
  rootDir: string;
}

export function readText(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

/** /proc/meminfo as bytes per key (values given in kB are multiplied by 1024; counts such as HugePages_Total are not). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
  }
  return out;
}

/** Logical CPUs: `processor` entries of <procRoot>/cpuinfo, else os.cpus(). */
export function cpuCount(procRoot = '/proc'): number {
  const text = readText(join(procRoot, 'cpuinfo'));
  const n = text ? text.split('\n').filter((l) => /^processor\s*:/.test(l)).length : 0;
  return n || cpus().length || 1;
}

/** Hugepage pools: page size in bytes → total bytes (nr_hugepages × size), from <sysRoot>/kernel/mm/hugepages. */
export function hugepagePools(sysRoot = '/sys'): Map<number, number> {
  const out = new Map<number, number>();
  const dir = join(sysRoot, 'kernel/mm/hugepages');
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    const m = /^hugepages-(\d+)kB$/.exec(name);
    if (!m) continue;
    const size = Number(m[1]) * 1024;
    const nr = Number(readText(join(dir, name, 'nr_hugepages'))?.trim() ?? '0') || 0;
    out.set(size, nr * size);
  }
  return out;
}

export interface FsStats { capacityBytes: number; availableBytes: number; inodes: number; inodesFree: number }

export function fsStats(path: string): FsStats {
  const s = statfsSync(path);
  return { capacityBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize, inodes: s.files, inodesFree: s.ffree };
}

export interface HostStats {
  memoryCapacityBytes: number;
  /** MemAvailable (the kernel's estimate of memory available without swapping). */
  memoryAvailableBytes: number;
  fs: FsStats;
  /** pid_max minus the number of tasks (threads) now: what the kubelet's pid.available signal measures. */
  pidsAvailable: number;
  pidMax: number;
}

/** What the pressure conditions look at, read now. */
export function hostStats(o: HostPaths): HostStats {
  const proc = o.procRoot ?? '/proc';
  const mem = parseMeminfo(readText(join(proc, 'meminfo')) ?? '');
  const pidMax = Number(readText(join(proc, 'sys/kernel/pid_max'))?.trim() ?? '32768') || 32768;
  const tasks = Number(/^\S+ \S+ \S+ \d+\/(\d+)/.exec(readText(join(proc, 'loadavg')) ?? '')?.[1] ?? '0');
  return {
    memoryCapacityBytes: mem.get('MemTotal') ?? 0,
    memoryAvailableBytes: mem.get('MemAvailable') ?? mem.get('MemFree') ?? 0,
    fs: fsStats(o.rootDir),
    pidsAvailable: pidMax - tasks,
    pidMax,
  };
}
