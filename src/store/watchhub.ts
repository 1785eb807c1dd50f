// In-process watch fan-out shared by every backend. One feed of committed events goes in (in revision order);
// each watcher gets the events under its prefix, in order, without gaps or duplicates.
//
// Cheap for many watchers: watchers are grouped by prefix, each event batch is filtered once per distinct prefix,
// and the filtered array is shared by every watcher of the group (events are read-only: never mutate them).
// Delivery never runs on the writer's stack: publish() only queues, and one setImmediate drains every queue, so a
// write's promise resolves before any watcher callback runs and a throwing consumer cannot hurt a writer.
import { StoreError, type WatchEvent, type WatchOptions, type Watcher } from './backend.js';

interface Subscriber {
  readonly prefix: string;
  readonly opts: WatchOptions;
  /** Highest revision queued to this watcher; later duplicates are dropped. */
  lastRev: number;
  pending: WatchEvent[][];
  closed: boolean;
}

export class WatchHub {
  private readonly groups = new Map<string, Set<Subscriber>>();
  private dirty: Subscriber[] = [];
  private scheduled = false;

  /** @param lastRevision the revision up to which events are considered published (nothing before is fed). */
  constructor(public lastRevision = 0) {}

  /** Number of open watchers. */
  get size(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.size;
    return n;
  }

  /** Feed committed events, in increasing revision order, all above lastRevision. */
  publish(events: WatchEvent[]): void {
    if (!events.length) return;
    this.lastRevision = events[events.length - 1]!.kv.modRevision;
    for (const [prefix, subs] of this.groups) {
      const matched = prefix === '' ? events : events.filter((e) => e.kv.key.startsWith(prefix));
      if (!matched.length) continue;
      for (const s of subs) this.enqueue(s, matched);
    }
  }

  /**
   * Add a watcher. `replay` holds the retained events with revision in (opts.afterRevision, lastRevision] under the
   * prefix, in order; the watcher then continues with live events. With afterRevision 0 only new events are seen.
   */
  subscribe(prefix: string, opts: WatchOptions, replay: WatchEvent[] = []): Watcher {
    const s: Subscriber = { prefix, opts, lastRev: opts.afterRevision, pending: [], closed: false };
    if (replay.length) this.enqueue(s, replay);
    s.lastRev = Math.max(s.lastRev, this.lastRevision);
    let g = this.groups.get(prefix);
    if (!g) this.groups.set(prefix, (g = new Set()));
    g.add(s);
    return { close: () => this.remove(s) };
  }

  /** Close every watcher, telling each one why when `err` is given. */
  closeAll(err?: Error): void {
    const all = [...this.groups.values()].flatMap((g) => [...g]);
    for (const s of all) {
      this.remove(s);
      if (err) s.opts.onError?.(err);
    }
  }

  private remove(s: Subscriber): void {
    if (s.closed) return;
    s.closed = true;
    s.pending = [];
    const g = this.groups.get(s.prefix);
    g?.delete(s);
    if (g && !g.size) this.groups.delete(s.prefix);
  }

  private enqueue(s: Subscriber, events: WatchEvent[]): void {
    if (events[0]!.kv.modRevision <= s.lastRev) {
      events = events.filter((e) => e.kv.modRevision > s.lastRev);
      if (!events.length) return;
    }
    s.lastRev = events[events.length - 1]!.kv.modRevision;
    if (!s.pending.length) this.dirty.push(s);
    s.pending.push(events);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const dirty = this.dirty;
    this.dirty = [];
    for (const s of dirty) {
      if (s.closed || !s.pending.length) continue;
      const batch = s.pending.length === 1 ? s.pending[0]! : s.pending.flat();
      s.pending = [];
      try {
        s.opts.onEvents(batch);
      } catch (e) {
        this.remove(s);
        s.opts.onError?.(e instanceof Error ? e : new StoreError('Closed', String(e)));
      }
    }
  }
}
