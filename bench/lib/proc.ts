// Memory and process-tree facts read from /proc: resident set size of a process and of all its descendants, so
// "server RSS" counts every Skiff process (a server that forks helpers is charged for them).
import { readdirSync, readFileSync } from 'node:fs';

/** VmRSS of one process in KiB; NaN when it is gone. */
export function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch { return NaN; }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]); // field 4: ppid
  } catch { return -1; }
}

/** The given process and all its live descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    const pp = parentOf(pid);
    if (pp > 0) children.set(pp, [...(children.get(pp) ?? []), pid]);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Sum of VmRSS over the process trees rooted at `roots`, in MiB (processes that vanished count 0). */
export function treeRssMiB(...roots: number[]): number {
  let kib = 0;
  for (const r of roots) for (const p of processTree(r)) { const v = rssKiB(p); if (Number.isFinite(v)) kib += v; }
  return Math.round(kib / 1024);
}

/** Samples the summed RSS of `roots` every `everyMs` and keeps the peak. */
export function rssPeakSampler(roots: number[], everyMs = 1000): { peakMiB(): number; stop(): number } {
  let peak = treeRssMiB(...roots);
  const t = setInterval(() => { peak = Math.max(peak, treeRssMiB(...roots)); }, everyMs);
  t.unref();
  return { peakMiB: () => peak, stop: () => { clearInterval(t); return peak; } };
}
