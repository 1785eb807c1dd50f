// ControllerExpectations (client-go): before creating or deleting N objects for a key, a controller records that it
// expects to observe N adds/deletes; until the informer has shown them (or the TTL ran out), satisfied(key) is false
// and the controller must not act on a cache that is behind its own writes.
import { systemClock, type Clock } from '../../machinery/clock.js';
import type { ObjectKey } from '../../client/cache.js';
import { keyString } from './reconciler.js';

interface Record_ { add: number; del: number; at: number }

export interface ExpectationsOptions {
  /** @default systemClock */
  clock?: Clock;
  /** Expectations older than this count as satisfied. @default 300000 (5 minutes) */
  ttlMs?: number;
}

export class Expectations {
  private readonly records = new Map<string, Record_>();
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(opts: ExpectationsOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.ttlMs = opts.ttlMs ?? 300_000;
  }

  /** Replaces the key's expectations with `n` creations. */
  expectCreations(key: ObjectKey | string, n: number): void { this.set(key, n, 0); }
  /** Replaces the key's expectations with `n` deletions. */
  expectDeletions(key: ObjectKey | string, n: number): void { this.set(key, 0, n); }

  /** Adds to the pending counts (keeps the timestamp fresh). */
  raise(key: ObjectKey | string, add: number, del: number): void {
    const r = this.records.get(k(key));
    if (!r) { this.set(key, add, del); return; }
    r.add += add; r.del += del;
  }

  creationObserved(key: ObjectKey | string): void { this.lower(key, 1, 0); }
  deletionObserved(key: ObjectKey | string): void { this.lower(key, 0, 1); }

  /** Lowers the pending counts, e.g. when a create failed and will never be observed. */
  lower(key: ObjectKey | string, add: number, del: number): void {
    const r = this.records.get(k(key));
    if (!r) return;
    r.add -= add; r.del -= del;
  }

  /** True when nothing is pending, the key has no record, or the record expired. */
  satisfied(key: ObjectKey | string): boolean {
    const r = this.records.get(k(key));
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.clock.now() - r.at > this.ttlMs;
  }

  pending(key: ObjectKey | string): { add: number; del: number } | undefined {
    const r = this.records.get(k(key));
    return r ? { add: r.add, del: r.del } : undefined;
  }

  delete(key: ObjectKey | string): void { this.records.delete(k(key)); }

  private set(key: ObjectKey | string, add: number, del: number): void {
    this.records.set(k(key), { add, del, at: this.clock.now() });
  }
}

function k(key: ObjectKey | string): string { return typeof key === 'string' ? key : keyString(key); }
