// LogRotator: the kubelet's container log manager — every 10 s, a running container's log over containerLogMaxSize is
// renamed to `<path>.<YYYYMMDD-hhmmss>`, the runtime reopens `<path>`, and rotated files beyond
// containerLogMaxFiles - 1 are deleted, oldest first. (No compression.)
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { systemClock, type Clock } from '../../machinery/clock.js';
import type { Runtime } from '../runtime/runtime.js';

export interface LogRotatorOptions {
  runtime: Pick<Runtime, 'listContainers' | 'containerStatus' | 'reopenContainerLog'>;
  /** @default 10 MiB (containerLogMaxSize) */
  maxSizeBytes?: number;
  /** Files kept per container, the live one included. @default 5 (containerLogMaxFiles) */
  maxFiles?: number;
  /** @default 10000 */
  intervalMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** Called with failures of one round (the next round retries). */
  onError?: (err: unknown, containerId?: string) => void;
}

export class LogRotator {
  private timer: { cancel(): void } | undefined;
  private running: Promise<void> | undefined;
  private readonly clock: Clock;
  constructor(private readonly opts: LogRotatorOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.rotateAll().finally(() => { this.running = undefined; if (this.timer) this.timer = this.clock.setTimeout(tick, this.opts.intervalMs ?? 10_000); });
    };
    this.timer = this.clock.setTimeout(tick, this.opts.intervalMs ?? 10_000);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.running;
  }

  /** One round over the running containers. */
  async rotateAll(): Promise<void> {
    let containers;
    try {
      containers = await this.opts.runtime.listContainers({ state: { state: 'CONTAINER_RUNNING' } });
    } catch (err) {
      this.opts.onError?.(err);
      return;
    }
    for (const c of containers) {
      try {
        await this.rotateContainer(c.id);
      } catch (err) {
        this.opts.onError?.(err, c.id);
      }
    }
  }

  /** Rotates one container's log if it is over the limit; returns the rotated file's path, if any. */
  async rotateContainer(containerId: string): Promise<string | undefined> {
    const { status } = await this.opts.runtime.containerStatus(containerId);
    const path = status.logPath;
    if (!path) return undefined;
    const size = await stat(path).then((s) => s.size, () => -1);
    if (size < (this.opts.maxSizeBytes ?? 10 * 1024 * 1024)) return undefined;
    const maxFiles = this.opts.maxFiles ?? 5;
    // Room for the file about to be rotated: keep maxFiles - 2 rotated ones before renaming.
    await removeExcess(path, Math.max(0, maxFiles - 2));
    const rotated = `${path}.${timestampSuffix(this.clock.now())}`;
    await rename(path, rotated);
    try {
      await this.opts.runtime.reopenContainerLog(containerId);
    } catch (err) {
      // As the kubelet does: put the file back so the container keeps a log.
      await rename(rotated, path).catch(() => {});
      throw err;
    }
    return rotated;
  }
}

/** Rotated siblings of `path` (`<name>.<suffix>`), oldest first. */
export async function rotatedFiles(path: string): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp')).sort().map((n) => join(dir, n));
}

async function removeExcess(path: string, keep: number): Promise<void> {
  const rotated = await rotatedFiles(path);
  for (const old of rotated.slice(0, Math.max(0, rotated.length - keep))) await unlink(old).catch(() => {});
}

/** Go layout `20060102-150405` (UTC), the kubelet's rotation suffix. */
export function timestampSuffix(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}
