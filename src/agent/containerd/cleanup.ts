// Removing a containerd root (tests, `skiff agent` uninstall): unmount everything mounted under it, deepest first
// (overlay snapshots of running containers, netns bind mounts, shm), then delete it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

/** Mount points from /proc/self/mountinfo (field 5, with the kernel's octal escapes undone). */
export function mountPoints(mountinfo: string): string[] {
  return mountinfo.split('\n').filter((l) => l.trim() !== '').map((l) => l.split(' ')[4]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

/** Mount points strictly under `root`, deepest first. */
export function mountsUnder(root: string, mountinfo: string): string[] {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return [...new Set(mountPoints(mountinfo).filter((m) => m.startsWith(prefix)))].sort((a, b) => b.length - a.length);
}

/** Unmounts everything under `root` (lazily if busy); returns the mount points it unmounted. */
export function unmountUnder(root: string): string[] {
  const done: string[] = [];
  for (const m of mountsUnder(root, readFileSync('/proc/self/mountinfo', 'utf8'))) {
    if (spawnSync('umount', [m]).status !== 0) spawnSync('umount', ['-l', m]);
    done.push(m);
  }
  return done;
}

/** Unmounts everything under each dir, then removes it. */
export function removeDirs(...dirs: string[]): void {
  for (const d of dirs) {
    unmountUnder(d);
    rmSync(d, { recursive: true, force: true });
  }
}
