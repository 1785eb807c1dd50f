// One shared backend watch per served resource: events are decoded once, kept in a bounded buffer (so a client
// resuming from a recent resourceVersion is served from memory) and fanned out to every subscriber.
// Subscribers older than the buffer get their own backend watch (which answers ErrCompacted → 410 when too old).
import type { KObject } from '../../api/types.js';
import { ErrCompacted, type Backend, type KeyValue, type WatchEvent as StoreEvent, type Watcher } from '../../store/backend.js';

export interface HubEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KObject;
  /** The state before this event (for selector transitions). */
  old?: KObject;
  revision: number;
  key: string;
  /** Serialized forms, filled lazily and shared by all subscribers. */
  cache: Map<string, string>;
}

export interface Subscription {
  close(): void;
  /** A revision up to which every event for this subscription has been delivered (for bookmarks). */
  progress(): number;
}

interface Subscriber {
  prefix: string;
  after: number;
  push(events: HubEvent[]): void;
}

export interface WatchHubOptions {
  backend: Backend;
  prefix: string;
  decode: (kv: KeyValue) => KObject;
  /** @default 5000 */
  bufferSize?: number;
}

export class WatchHub {
  private readonly buffer: HubEvent[] = [];
  /** Every event with revision > floor is in the buffer. */
  private floor: number;
  private lastRevision: number;
  private readonly subs = new Set<Subscriber>();
  private readonly watcher: Watcher;
  private readonly size: number;

  constructor(private readonly o: WatchHubOptions) {
    this.size = o.bufferSize ?? 5000;
    this.floor = o.backend.currentRevision();
    this.lastRevision = this.floor;
    this.watcher = o.backend.watch(o.prefix, {
      afterRevision: this.floor,
      onEvents: (evs) => this.onStoreEvents(evs),
      onError: () => { /* the backend closed our watch: nothing buffered is lost; subscribers keep their state */ },
    });
  }

  /** The newest revision this hub has delivered (safe for bookmarks). */
  revision(): number {
    return this.lastRevision;
  }

  close(): void {
    this.watcher.close();
    this.subs.clear();
  }

  subscriberCount(): number {
    return this.subs.size;
  }

  /**
   * Deliver every event under `prefix` (a sub-prefix of the hub's, e.g. one namespace) with revision > after.
   * Throws the backend's ErrCompacted when `after` is older than the store keeps.
   */
  subscribe(prefix: string, after: number, push: (events: HubEvent[]) => void, onError?: (err: Error) => void): Subscription {
    // history the store has compacted away is gone for watchers too (410), even if this buffer still holds it
    const compacted = this.o.backend.compactRevision();
    if (after < compacted) throw ErrCompacted(after, compacted);
    if (after < this.floor) return this.direct(prefix, after, push, onError);
    const sub: Subscriber = { prefix, after, push };
    const replay = this.buffer.filter((e) => e.revision > after && e.key.startsWith(prefix));
    if (replay.length) push(replay);
    this.subs.add(sub);
    return { close: () => { this.subs.delete(sub); }, progress: () => Math.max(after, this.lastRevision) };
  }

  private direct(prefix: string, after: number, push: (events: HubEvent[]) => void, onError?: (err: Error) => void): Subscription {
    let last = after;
    const w = this.o.backend.watch(prefix, {
      afterRevision: after,
      onEvents: (evs) => {
        if (evs.length) last = Math.max(last, evs[evs.length - 1].kv.modRevision);
        push(evs.map((e) => this.toHubEvent(e)));
      },
      onError: (err) => onError?.(err),
    });
    return { close: () => w.close(), progress: () => last };
  }

  private toHubEvent(e: StoreEvent): HubEvent {
    const type = e.type === 'create' ? 'ADDED' : e.type === 'update' ? 'MODIFIED' : 'DELETED';
    return {
      type,
      object: this.o.decode(e.kv),
      old: e.prevKv ? this.o.decode(e.prevKv) : undefined,
      revision: e.kv.modRevision,
      key: e.kv.key,
      cache: new Map(),
    };
  }

  private onStoreEvents(evs: StoreEvent[]): void {
    const out = evs.map((e) => this.toHubEvent(e));
    for (const e of out) {
      this.buffer.push(e);
      if (e.revision > this.lastRevision) this.lastRevision = e.revision;
    }
    while (this.buffer.length > this.size) this.floor = this.buffer.shift()!.revision;
    for (const s of this.subs) {
      // a subscriber that started after a revision still in flight must not see it twice
      const mine = out.filter((e) => e.revision > s.after && e.key.startsWith(s.prefix));
      if (mine.length) s.push(mine);
    }
  }
}
