// Per-key exponential back-off with an injected clock, shaped like client-go's flowcontrol.Backoff as the kubelet
// uses it for CrashLoopBackOff: 10 s doubling to 300 s; an entry is forgotten once the event it is asked about
// happened more than 2 × max after the last restart (the container ran well for 10 minutes).
import type { Clock } from '../../machinery/clock.js';

export interface BackOffOptions {
  clock: Clock;
  /** @default 10_000 */ initialMs?: number;
  /** @default 300_000 */ maxMs?: number;
}

interface Entry { backoffMs: number; lastUpdate: number }

export class BackOff {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  readonly initialMs: number;
  readonly maxMs: number;

  constructor(opts: BackOffOptions) {
    this.clock = opts.clock;
    this.initialMs = opts.initialMs ?? 10_000;
    this.maxMs = opts.maxMs ?? 300_000;
  }

  /** Current back-off for key, 0 when none. */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** True while `now - eventTime` is shorter than the key's back-off (and the entry has not expired). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return this.clock.now() - eventTime < e.backoffMs;
  }

  /** Milliseconds left of the back-off measured from eventTime (0 when not backing off). */
  remaining(key: string, eventTime: number): number {
    if (!this.isInBackOffSince(key, eventTime)) return 0;
    return this.get(key) - (this.clock.now() - eventTime);
  }

  /** Record a (re)start: first or expired → initial, otherwise double up to max. */
  next(key: string, eventTime: number): void {
    const e = this.entries.get(key);
    const backoffMs = !e || this.expired(eventTime, e) ? this.initialMs : Math.min(e.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, lastUpdate: this.clock.now() });
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drop entries not updated for 2 × max. */
  gc(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (now - e.lastUpdate > 2 * this.maxMs) this.entries.delete(k);
  }

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }
}

/** Go's time.Duration.String() for whole-second durations: `10s`, `1m20s`, `5m0s`, `1h0m0s`. */
export function goDuration(ms: number): string {
  let s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return h > 0 ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}
