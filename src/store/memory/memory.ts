// In-memory Backend for unit tests: every key keeps its versions since the compact revision, and a revision log of
// events feeds watches that start in the past. Writes apply synchronously, so revisions are dense and in call order.
import {
  ErrCompacted, ErrFutureRev, ErrKeyExists, StoreError,
  type Backend, type KeyValue, type ListResult, type WatchEvent, type WatchOptions, type Watcher,
} from '../backend.js';
import type { Clock } from '../../machinery/clock.js';
import { compareKeys } from '../keys.js';
import { WatchHub } from '../watchhub.js';

interface Version {
  modRevision: number;
  createRevision: number;
  value: string;
  deleted: boolean;
}

export interface MemoryBackendOptions {
  /** Unused today; accepted so every backend takes the same options shape. @default systemClock */
  clock?: Clock;
}

export function createMemoryBackend(_opts: MemoryBackendOptions = {}): Backend {
  return new MemoryBackend();
}

/** Index of the first element for which `before` is false (elements must be partitioned). */
function partition<T>(arr: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(arr[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const kvOf = (key: string, v: Version): KeyValue => ({ key, createRevision: v.createRevision, modRevision: v.modRevision, value: v.value });

class MemoryBackend implements Backend {
  private rev = 0;
  private compacted = 0;
  private closed = false;
  private readonly history = new Map<string, Version[]>();
  /** Every key with retained versions, in code-point order. */
  private readonly keys: string[] = [];
  /** Events with revision > compacted, in revision order. */
  private log: WatchEvent[] = [];
  private readonly hub = new WatchHub(0);

  async start(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll(new StoreError('Closed', 'store is closed'));
  }

  currentRevision(): number { return this.rev; }
  compactRevision(): number { return this.compacted; }

  async get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }> {
    const rev = this.readRevision(revision);
    const v = this.versionAt(key, rev);
    return { revision: rev, kv: v && !v.deleted ? kvOf(key, v) : undefined };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.checkOpen();
    const cur = this.latest(key);
    if (cur && !cur.deleted) throw ErrKeyExists(key);
    const rev = ++this.rev;
    const v: Version = { modRevision: rev, createRevision: rev, value, deleted: false };
    this.append(key, v, { type: 'create', kv: kvOf(key, v) });
    return kvOf(key, v);
  }

  async update(key: string, value: string, expectedRevision: number): Promise<{ ok: boolean; kv?: KeyValue }> {
    this.checkOpen();
    const cur = this.latest(key);
    if (!cur || cur.deleted) return { ok: false };
    if (cur.modRevision !== expectedRevision) return { ok: false, kv: kvOf(key, cur) };
    const v: Version = { modRevision: ++this.rev, createRevision: cur.createRevision, value, deleted: false };
    this.append(key, v, { type: 'update', kv: kvOf(key, v), prevKv: kvOf(key, cur) });
    return { ok: true, kv: kvOf(key, v) };
  }

  async delete(key: string, expectedRevision: number): Promise<{ ok: boolean; kv?: KeyValue }> {
    this.checkOpen();
    const cur = this.latest(key);
    if (!cur || cur.deleted) return { ok: false };
    if (expectedRevision !== 0 && cur.modRevision !== expectedRevision) return { ok: false, kv: kvOf(key, cur) };
    const v: Version = { modRevision: ++this.rev, createRevision: cur.createRevision, value: cur.value, deleted: true };
    this.append(key, v, { type: 'delete', kv: kvOf(key, v), prevKv: kvOf(key, cur) });
    return { ok: true, kv: kvOf(key, v) };
  }

  async list(prefix: string, opts: { startAfter?: string; limit?: number; revision?: number } = {}): Promise<ListResult> {
    const rev = this.readRevision(opts.revision);
    const limit = opts.limit ?? 0;
    const after = opts.startAfter;
    const start = after !== undefined && compareKeys(after, prefix) >= 0
      ? partition(this.keys, (k) => compareKeys(k, after) <= 0)
      : partition(this.keys, (k) => compareKeys(k, prefix) < 0);
    const kvs: KeyValue[] = [];
    for (let i = start; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (!key.startsWith(prefix)) break;
      const v = this.versionAt(key, rev);
      if (!v || v.deleted) continue;
      if (limit > 0 && kvs.length === limit) return { revision: rev, kvs, more: true };
      kvs.push(kvOf(key, v));
    }
    return { revision: rev, kvs, more: false };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    let count = 0;
    for (let i = partition(this.keys, (k) => compareKeys(k, prefix) < 0); i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (!key.startsWith(prefix)) break;
      if (!this.latest(key)!.deleted) count++;
    }
    return { revision: this.rev, count };
  }

  watch(prefix: string, opts: WatchOptions): Watcher {
    this.checkOpen();
    if (opts.afterRevision < this.compacted) throw ErrCompacted(opts.afterRevision, this.compacted);
    if (opts.afterRevision === 0) return this.hub.subscribe(prefix, opts);
    const from = partition(this.log, (e) => e.kv.modRevision <= opts.afterRevision);
    const replay = this.log.slice(from).filter((e) => e.kv.key.startsWith(prefix));
    return this.hub.subscribe(prefix, opts, replay);
  }

  /** Compacting at or below the compact revision is a no-op; above the current revision it throws ErrFutureRev. */
  async compact(revision: number): Promise<void> {
    if (revision <= this.compacted) return;
    if (revision > this.rev) throw ErrFutureRev(revision, this.rev);
    this.compacted = revision;
    this.log = this.log.slice(partition(this.log, (e) => e.kv.modRevision <= revision));
    const gone = new Set<string>();
    for (const [key, versions] of this.history) {
      // Keep the newest version at or below the revision (the state as of it) unless it is a tombstone.
      const atRev = partition(versions, (v) => v.modRevision <= revision) - 1;
      if (atRev < 0) continue;
      const drop = versions[atRev]!.deleted ? atRev + 1 : atRev;
      if (drop === 0) continue;
      versions.splice(0, drop);
      if (!versions.length) gone.add(key);
    }
    if (!gone.size) return;
    for (const key of gone) this.history.delete(key);
    const kept = this.keys.filter((k) => !gone.has(k));
    this.keys.length = 0;
    this.keys.push(...kept);
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('Closed', 'store is closed');
  }

  /** The revision a read runs at: the latest for 0/undefined, else checked against the retained window. */
  private readRevision(revision: number | undefined): number {
    this.checkOpen();
    if (!revision) return this.rev;
    if (revision < this.compacted) throw ErrCompacted(revision, this.compacted);
    if (revision > this.rev) throw ErrFutureRev(revision, this.rev);
    return revision;
  }

  private latest(key: string): Version | undefined {
    const vs = this.history.get(key);
    return vs?.[vs.length - 1];
  }

  private versionAt(key: string, rev: number): Version | undefined {
    const vs = this.history.get(key);
    if (!vs) return undefined;
    const i = partition(vs, (v) => v.modRevision <= rev) - 1;
    return i >= 0 ? vs[i] : undefined;
  }

  private append(key: string, v: Version, event: WatchEvent): void {
    let vs = this.history.get(key);
    if (!vs) {
      this.history.set(key, (vs = []));
      this.keys.splice(partition(this.keys, (k) => compareKeys(k, key) < 0), 0, key);
    }
    vs.push(v);
    this.log.push(event);
    this.hub.publish([event]);
  }
}
