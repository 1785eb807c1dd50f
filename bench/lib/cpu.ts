// CPU time of a process (from /proc/<pid>/stat) and of this one, to tell whether the server or the load generator
// was the bottleneck: on a 2-core machine a Node.js process near 100 % of one core is saturated.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND; // utime, stime (fields 14 and 15)
  } catch { return NaN; }
}

export interface CpuMeter { stop(): { serverPercent: number; clientPercent: number } }

/** Starts measuring the server's and this process's CPU use, in percent of one core. */
export function meterCpu(serverPid: number): CpuMeter {
  const t0 = performance.now();
  const s0 = cpuSeconds(serverPid);
  const c0 = process.cpuUsage();
  return {
    stop() {
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      return {
        serverPercent: Math.round(((cpuSeconds(serverPid) - s0) / wall) * 100),
        clientPercent: Math.round(((c.user + c.system) / 1e6 / wall) * 100),
      };
    },
  };
}
