// Rate limiters for the work queue (client-go's workqueue.DefaultControllerRateLimiter): per-item exponential
// backoff combined with an overall token bucket; the longer delay wins.
import type { Clock } from '../machinery/clock.js';

export interface RateLimiter<K = string> {
  /** How long to wait before the item is processed again; records one more failure for it. */
  when(item: K): number;
  /** Stop tracking the item (it succeeded). */
  forget(item: K): void;
  numRequeues(item: K): number;
}

/** baseMs * 2^failures, capped at maxMs. */
export class ItemExponentialRateLimiter<K = string> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  constructor(private readonly baseMs = 5, private readonly maxMs = 1_000_000) {}
  when(item: K): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    return Math.min(this.baseMs * 2 ** n, this.maxMs);
  }
  forget(item: K): void { this.failures.delete(item); }
  numRequeues(item: K): number { return this.failures.get(item) ?? 0; }
}

/** A token bucket of `burst` tokens refilled at `qps`; each when() reserves a token and returns the wait for it. */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  private tokens: number;
  private last: number;
  constructor(private readonly clock: Clock, private readonly qps = 10, private readonly burst = 100) {
    this.tokens = burst;
    this.last = clock.now();
  }
  when(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.qps);
  }
  forget(): void {}
  numRequeues(): number { return 0; }
}

export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];
  constructor(...limiters: RateLimiter<K>[]) { this.limiters = limiters; }
  when(item: K): number { return Math.max(...this.limiters.map((l) => l.when(item))); }
  forget(item: K): void { for (const l of this.limiters) l.forget(item); }
  numRequeues(item: K): number { return Math.max(...this.limiters.map((l) => l.numRequeues(item))); }
}

/** 5 ms → 1000 s per item, and 10 qps / 100 burst overall. */
export function defaultControllerRateLimiter<K = string>(clock: Clock): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialRateLimiter<K>(5, 1_000_000), new BucketRateLimiter<K>(clock, 10, 100));
}
