// Finding a containerd we started before (the agent may have been kill -9'd while containerd kept running): a pid
// file plus /proc checks, so a recycled pid or a zombie is never mistaken for it.
import { readFileSync, writeFileSync } from 'node:fs';

/** True while `pid` exists and is not a zombie (a dead child of an init that has not reaped it yet). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((s) => s !== '');
  } catch {
    return [];
  }
}

export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writePidFile(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

/** The pid from `pidFile` if that process is alive and was started with `--config <configFile>`. */
export function findOurProcess(pidFile: string, configFile: string): number | undefined {
  const pid = readPidFile(pidFile);
  if (pid === undefined || !alive(pid)) return undefined;
  const args = cmdline(pid);
  const i = args.indexOf('--config');
  return i >= 0 && args[i + 1] === configFile ? pid : undefined;
}
