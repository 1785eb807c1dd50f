// What the machine looked like while a benchmark ran: Node.js version, cores, and whether other load was present
// (load average, and the busiest processes that are not ours), sampled at start and end.
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';

export interface LoadSample { at: string; loadavg1: number; otherBusyProcesses: string[] }

export interface Environment {
  node: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  load: LoadSample[];
}

export function describeEnvironment(): Environment {
  return {
    node: process.version,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    load: [],
  };
}

/** Processes using ≥ 5 % CPU (averaged over their life, as ps reports) other than the given pids. */
export function sampleLoad(ourPids: number[] = []): LoadSample {
  let busy: string[] = [];
  try {
    const ps = execFileSync('ps', ['-eo', 'pid=,pcpu=,comm=', '--sort=-pcpu'], { encoding: 'utf8', timeout: 5000 });
    busy = ps.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 3)
      .filter(([pid, cpu]) => Number(cpu) >= 5 && !ourPids.includes(Number(pid)) && Number(pid) !== process.pid)
      .slice(0, 6).map(([, cpu, comm]) => `${comm} ${cpu}%`);
  } catch { /* ps missing: leave empty */ }
  return { at: new Date().toISOString(), loadavg1: Number(loadavg()[0]!.toFixed(2)), otherBusyProcesses: busy };
}
