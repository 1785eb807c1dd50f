// Follows pods through a watch and records, per pod, when it was first seen, bound (spec.nodeName set), Running
// and Ready, and deleted — each as the receipt time of the first event that showed it. Waiters resolve with the
// receipt time of the event that satisfied them, so a phase ends when the watch saw it end, not when we polled.
import { performance } from 'node:perf_hooks';
import type { WatchEventType, WatchedObject } from './objwatch.js';

interface Waiter { pred: () => boolean; resolve(t: number): void; reject(e: Error): void; timer: NodeJS.Timeout }

export class PodTracker {
  readonly added = new Map<string, number>();
  readonly bound = new Map<string, number>();
  readonly running = new Map<string, number>();
  readonly deleted = new Map<string, number>();
  /** Pods present now (ADDED and not yet DELETED). */
  live = 0;
  /** Receipt time of the last event. */
  lastEventAt = performance.now();
  private waiters: Waiter[] = [];

  /** Feed from watchObjects(...).onEvent. */
  onEvent(type: WatchEventType, pod: WatchedObject, t: number): void {
    if (type === 'BOOKMARK') return;
    this.lastEventAt = t;
    const k = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (type === 'DELETED') {
      if (!this.deleted.has(k)) { this.deleted.set(k, t); this.live--; }
    } else {
      if (!this.added.has(k)) { this.added.set(k, t); this.live++; }
      if (pod.spec?.nodeName && !this.bound.has(k)) this.bound.set(k, t);
      const st = pod.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
      if (st?.phase === 'Running' && st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !this.running.has(k)) this.running.set(k, t);
    }
    if (this.waiters.length) this.check(t);
  }

  private check(t: number): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred()) return true;
      clearTimeout(w.timer);
      w.resolve(t);
      return false;
    });
  }

  /** Resolves with the receipt time of the event after which `pred` holds (now, if it already does). */
  waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<number> {
    if (pred()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (added ${this.added.size}, bound ${this.bound.size}, running ${this.running.size}, deleted ${this.deleted.size}, live ${this.live})`));
      }, timeoutMs);
      timer.unref();
      this.waiters.push({ pred, resolve, reject, timer });
    });
  }

  /**
   * Like waitFor, but also gives up when no pod event has arrived for `stallMs` (a stuck control plane), so that a
   * benchmark can record the step as incomplete instead of waiting out the whole timeout.
   */
  async waitOrStall(pred: () => boolean, timeoutMs: number, stallMs: number, what: string): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        if (performance.now() - this.lastEventAt > stallMs) reject(new Error(`stalled: no pod event for ${stallMs / 1000} s while waiting for ${what} (added ${this.added.size}, bound ${this.bound.size}, running ${this.running.size}, deleted ${this.deleted.size}, live ${this.live})`));
      }, 1000);
    });
    try {
      return await Promise.race([this.waitFor(pred, timeoutMs, what), stalled]);
    } finally {
      clearInterval(timer);
    }
  }

  /** How many of `keys` have a time in `m` (e.g. bound pods among the measured ones). */
  static count(m: Map<string, number>, keys: Iterable<string>): number {
    let n = 0;
    for (const k of keys) if (m.has(k)) n++;
    return n;
  }
}

/** Events per 1-second window from `start` (scheduler_perf's throughput samples): counts of times in each window. */
export function perSecond(times: number[], start: number, end: number): number[] {
  const n = Math.max(1, Math.ceil((end - start) / 1000));
  const out = new Array<number>(n).fill(0);
  for (const t of times) {
    const i = Math.floor((t - start) / 1000);
    if (i >= 0 && i < n) out[i]!++;
  }
  return out;
}
