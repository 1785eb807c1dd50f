// Every process that belongs to one `skiff server` with its embedded agent: the server's node process (and any
// child it has, e.g. a `ctr import`), the containerd it started (found by its pid file and `--config`, as `skiff
// killall` does: containerd runs detached, so it is not in the server's process tree) and that containerd's
// shims (`containerd-shim-runc-v2 … -address <socket>`, reparented away from containerd) with their pods.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDirFor } from '../../src/agent/agent.js';
import { cmdline, findOurProcess } from '../../src/agent/containerd/pidfile.js';
import { processTree, rssKiB } from './proc.js';

/** Disjoint pid sets. */
export interface SkiffProcesses { server: number[]; containerd: number[]; shims: number[] }

export function containerdSocket(agentDir: string): string {
  return join(stateDirFor(agentDir), 'containerd', 'containerd.sock');
}

export function skiffProcesses(serverPid: number, agentDir: string): SkiffProcesses {
  const cdir = join(stateDirFor(agentDir), 'containerd');
  const containerd = findOurProcess(join(cdir, 'skiff-containerd.pid'), join(cdir, 'config.toml'));
  const socket = join(cdir, 'containerd.sock');
  const shimRoots: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const args = cmdline(Number(d));
    if (args[0]?.endsWith('containerd-shim-runc-v2') && args.includes(socket)) shimRoots.push(Number(d));
  }
  // containerd is spawned detached (own session) but stays the server's child, so it is in the server's tree:
  // each pid is charged to exactly one group
  const shims = [...new Set(shimRoots.flatMap((p) => processTree(p)))];
  const cd = containerd === undefined ? [] : [containerd];
  const taken = new Set([...cd, ...shims]);
  return { server: processTree(serverPid).filter((p) => !taken.has(p)), containerd: cd, shims };
}

/** utime + stime of one process in clock ticks (USER_HZ = 100); NaN when it is gone. */
export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch { return NaN; }
}

export const TICKS_PER_SECOND = 100;

export function sumRssMiB(pids: number[]): number {
  let kib = 0;
  for (const p of pids) { const v = rssKiB(p); if (Number.isFinite(v)) kib += v; }
  return kib / 1024;
}

export function sumTicks(pids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of pids) { const t = cpuTicks(p); if (Number.isFinite(t)) m.set(p, t); }
  return m;
}

/** CPU seconds used between two tick snapshots (pids new in `after` count from 0: they started in between). */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [p, t] of after) ticks += t - (before.get(p) ?? 0);
  return ticks / TICKS_PER_SECOND;
}
