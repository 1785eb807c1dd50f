// A stingy work queue with client-go semantics: a key added several times before it is processed is processed once,
// and never by two workers at once (dirty/processing sets). Delays (addAfter) run on the injected Clock; addRateLimited
// delays by the rate limiter. Handlers add keys; workers loop get → work → forget|addRateLimited → done.
import { systemClock, type Clock } from '../machinery/clock.js';
import { defaultControllerRateLimiter, type RateLimiter } from './ratelimit.js';

export interface WorkQueueHooks<K> {
  add?(key: K): void;
  /** A worker took the key after it waited `queuedMs`. */
  get?(key: K, queuedMs: number): void;
  /** The worker finished after `workMs`. */
  done?(key: K, workMs: number): void;
  retry?(key: K): void;
  depth?(n: number): void;
}

export interface WorkQueueOptions<K> {
  /** @default systemClock */
  clock?: Clock;
  /** @default defaultControllerRateLimiter(clock) */
  rateLimiter?: RateLimiter<K>;
  hooks?: WorkQueueHooks<K>;
}

export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly addedAt = new Map<K, number>();
  private readonly startedAt = new Map<K, number>();
  private readonly waiting = new Map<K, { at: number; timer: { cancel(): void } }>();
  private getters: ((k: K | undefined) => void)[] = [];
  private shutDown = false;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<K>;
  private readonly hooks: WorkQueueHooks<K>;
  private drainWaiters: (() => void)[] = [];

  constructor(opts: WorkQueueOptions<K> = {}) {
    this.clock = opts.clock ?? systemClock;
    this.limiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>(this.clock);
    this.hooks = opts.hooks ?? {};
  }

  add(key: K): void {
    if (this.shutDown || this.dirty.has(key)) return;
    this.hooks.add?.(key);
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    if (this.processing.has(key)) return; // re-queued by done()
    this.push(key);
  }

  /** Waits for a key; resolves undefined once the queue is shut down and empty. */
  get(): Promise<K | undefined> {
    if (this.length() > 0) return Promise.resolve(this.take());
    if (this.shutDown) return Promise.resolve(undefined);
    return new Promise((r) => this.getters.push(r));
  }

  /** The worker finished with `key`; if it was added meanwhile it goes back on the queue. */
  done(key: K): void {
    this.processing.delete(key);
    const s = this.startedAt.get(key);
    this.startedAt.delete(key);
    if (s !== undefined) this.hooks.done?.(key, this.clock.now() - s);
    if (this.dirty.has(key)) this.push(key);
    else if (this.processing.size === 0 && this.drainWaiters.length) { const w = this.drainWaiters; this.drainWaiters = []; for (const f of w) f(); }
  }

  /** Adds the key once `ms` have passed on the clock; an earlier pending time for the same key wins. */
  addAfter(key: K, ms: number): void {
    if (this.shutDown) return;
    if (ms <= 0) { this.add(key); return; }
    const at = this.clock.now() + ms;
    const cur = this.waiting.get(key);
    if (cur && cur.at <= at) return;
    cur?.timer.cancel();
    const timer = this.clock.setTimeout(() => { this.waiting.delete(key); this.add(key); }, ms);
    this.waiting.set(key, { at, timer });
  }

  addRateLimited(key: K): void {
    this.hooks.retry?.(key);
    this.addAfter(key, this.limiter.when(key));
  }

  forget(key: K): void { this.limiter.forget(key); }
  numRequeues(key: K): number { return this.limiter.numRequeues(key); }

  /** Keys waiting to be handed out (not counting those in progress or delayed). */
  len(): number { return this.length(); }

  /** Stops accepting keys; blocked get() calls resolve undefined once the queue is empty. Delayed keys are dropped. */
  shutdown(): void {
    this.shutDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    if (this.length() === 0) { const g = this.getters; this.getters = []; for (const r of g) r(undefined); }
  }

  isShuttingDown(): boolean { return this.shutDown; }

  /** Resolves when no key is being processed (for a graceful stop). */
  drained(): Promise<void> {
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  private length(): number { return this.queue.length - this.head; }

  private push(key: K): void {
    const g = this.getters.shift();
    if (g) { this.queue.push(key); g(this.take()); return; }
    this.queue.push(key);
    this.hooks.depth?.(this.length());
  }

  private take(): K {
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue.splice(0, this.head); this.head = 0; }
    this.processing.add(key);
    this.dirty.delete(key);
    const a = this.addedAt.get(key);
    this.addedAt.delete(key);
    const now = this.clock.now();
    this.startedAt.set(key, now);
    this.hooks.get?.(key, a === undefined ? 0 : now - a);
    if (this.shutDown && this.length() === 0) { const g = this.getters; this.getters = []; for (const r of g) r(undefined); }
    return key;
  }
}
