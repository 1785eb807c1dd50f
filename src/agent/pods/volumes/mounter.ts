// tmpfs mounts for memory-backed volumes, through mount(8)/umount(8) (a library would need native bindings for
// mount(2); the binaries are on every machine and a mount happens once per volume). Mount points are found in
// /proc/self/mountinfo, so teardown unmounts exactly what is mounted under a pod's directory.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Mounter {
  /** Mounts a tmpfs at `path` (which exists); `sizeBytes` caps it. */
  mountTmpfs(path: string, sizeBytes?: number): Promise<void>;
  unmount(path: string): Promise<void>;
  /** Mount points at or below `dir`, deepest first. */
  mountPointsUnder(dir: string): Promise<string[]>;
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMountPoints(mountinfo: string): string[] {
  return mountinfo.split('\n').filter(Boolean).map((l) => unescape(l.split(' ')[4] ?? '')).filter(Boolean);
}

export const systemMounter: Mounter = {
  async mountTmpfs(path, sizeBytes) {
    const opts = sizeBytes && sizeBytes > 0 ? ['-o', `size=${sizeBytes}`] : [];
    await run('mount', ['-t', 'tmpfs', ...opts, 'tmpfs', path]);
  },
  async unmount(path) {
    await run('umount', [path]);
  },
  async mountPointsUnder(dir) {
    const root = dir.replace(/\/+$/, '');
    const points = parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8'));
    return [...new Set(points.filter((p) => p === root || p.startsWith(root + '/')))].sort((a, b) => b.length - a.length);
  },
};
