// Periodic compaction, as kube-apiserver runs it against etcd: every interval, drop history older than the newest
// `retainRevisions` revisions. Watches and lists at retained revisions keep working; older ones get ErrCompacted
// (410 Gone at the API), and clients relist.
import type { Backend } from './backend.js';
import { isStoreError } from './backend.js';
import { systemClock, type Clock } from '../machinery/clock.js';

export interface CompactorOptions {
  /** @default 300000 (5 minutes) */
  intervalMs?: number;
  /** Keep at least this many recent revisions. @default 10000 */
  retainRevisions?: number;
  /** @default systemClock */
  clock?: Clock;
  /** Told about a failed compaction; the compactor keeps running and tries again next interval. */
  onError?(err: unknown): void;
}

/** The revision to compact to now, or undefined when nothing is old enough. Pure. */
export function compactionTarget(current: number, compacted: number, retain: number): number | undefined {
  const target = current - retain;
  return target > compacted ? target : undefined;
}

export function startCompactor(backend: Backend, opts: CompactorOptions = {}): { stop(): void } {
  const clock = opts.clock ?? systemClock;
  const intervalMs = opts.intervalMs ?? 5 * 60_000;
  const retain = opts.retainRevisions ?? 10_000;
  let timer: { cancel(): void } | undefined;
  let stopped = false;

  const tick = async () => {
    const target = compactionTarget(backend.currentRevision(), backend.compactRevision(), retain);
    if (target !== undefined) {
      try {
        await backend.compact(target);
      } catch (e) {
        if (!isStoreError(e, 'Closed')) opts.onError?.(e);
      }
    }
    if (!stopped) timer = clock.setTimeout(() => void tick(), intervalMs);
  };
  timer = clock.setTimeout(() => void tick(), intervalMs);
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
