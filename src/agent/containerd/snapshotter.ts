// Chooses containerd's snapshotter: overlayfs where an overlay mount works under the data dir, else native (copies
// whole layers: slower and bigger, but works anywhere).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Snapshotter = 'overlayfs' | 'native';

/** Tries a real overlay mount (two lower dirs, as containerd does) in a scratch dir under `dir`. */
export function overlaySupported(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  const root = mkdtempSync(join(dir, '.overlay-check-'));
  const m = join(root, 'merged');
  try {
    for (const d of ['l1', 'l2', 'upper', 'work', 'merged']) mkdirSync(join(root, d));
    writeFileSync(join(root, 'l1', 'f'), 'ok');
    const opts = `lowerdir=${join(root, 'l2')}:${join(root, 'l1')},upperdir=${join(root, 'upper')},workdir=${join(root, 'work')}`;
    const r = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', opts, m], { encoding: 'utf8' });
    if (r.status !== 0) return false;
    try {
      return readFileSync(join(m, 'f'), 'utf8') === 'ok';
    } finally {
      spawnSync('umount', [m]);
    }
  } catch {
    return false;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function detectSnapshotter(dataDir: string): Snapshotter {
  return overlaySupported(dataDir) ? 'overlayfs' : 'native';
}
