// Per-pod serialisation (the kubelet's pod_workers.go, reduced to keys): at most one sync of a pod runs at a time;
// updates that arrive while it runs collapse into one more sync afterwards (the newest state supersedes queued
// ones, because syncs read the latest pod, not the event). Different pods sync concurrently. Delayed re-syncs keep
// one timer per pod (the earliest wins).
import type { Clock } from '../../machinery/clock.js';
import type { Logger } from '../../machinery/log.js';

interface Worker { running: boolean; dirty: boolean; forgotten?: boolean; timer?: { at: number; cancel(): void } }

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly sync: (uid: string) => Promise<void>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Sync `uid` now (or right after the running sync). */
  enqueue(uid: string): void {
    if (this.stopped) return;
    const w = this.worker(uid);
    w.forgotten = false;
    if (w.running) { w.dirty = true; return; }
    void this.run(uid, w);
  }

  /** Sync `uid` after `ms` unless an earlier timer is already set. */
  enqueueAfter(uid: string, ms: number): void {
    if (this.stopped) return;
    const w = this.worker(uid);
    const at = this.clock.now() + Math.max(0, ms);
    if (w.timer && w.timer.at <= at) return;
    w.timer?.cancel();
    const t = this.clock.setTimeout(() => {
      if (w.timer === handle) delete w.timer;
      this.enqueue(uid);
    }, Math.max(0, ms));
    const handle = { at, cancel: () => t.cancel() };
    w.timer = handle;
  }

  /** Forget a pod: cancels its timer (a running sync finishes). */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    if (!w) return;
    w.timer?.cancel();
    if (!w.running) this.workers.delete(uid);
    else { delete w.timer; w.forgotten = true; }
  }

  has(uid: string): boolean { return this.workers.has(uid); }
  isBusy(): boolean { return [...this.workers.values()].some((w) => w.running || w.dirty); }

  /** Resolves when no sync is running or queued (timers do not count). */
  whenIdle(): Promise<void> {
    if (!this.isBusy()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers.values()) w.timer?.cancel();
  }

  private worker(uid: string): Worker {
    let w = this.workers.get(uid);
    if (!w) { w = { running: false, dirty: false }; this.workers.set(uid, w); }
    return w;
  }

  private async run(uid: string, w: Worker): Promise<void> {
    w.running = true;
    do {
      w.dirty = false;
      try {
        await this.sync(uid);
      } catch (e) {
        this.log.error('Pod sync failed', { podUID: uid, err: (e as Error).message });
      }
    } while (w.dirty && !this.stopped);
    w.running = false;
    if (w.forgotten && !w.dirty && this.workers.get(uid) === w) this.workers.delete(uid);
    if (!this.isBusy()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const r of waiters) r();
    }
  }
}
