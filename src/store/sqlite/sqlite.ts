// SQLite Backend (better-sqlite3, synchronous): one kine-shaped table, WAL with synchronous=FULL, group commit,
// batched compaction, and a poller that feeds watchers with rows other processes wrote to the same file.
import Database from 'better-sqlite3';
import {
  ErrCompacted, ErrFutureRev, StoreError,
  type Backend, type KeyValue, type ListResult, type WatchEvent, type WatchOptions, type Watcher,
} from '../backend.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { compareKeys, prefixEnd } from '../keys.js';
import { WatchHub } from '../watchhub.js';
import { GroupCommitter, closedError, type GroupCommitStats, type WriteOp, type WriteResult } from './groupcommit.js';
import { prepareQueries, type Queries } from './queries.js';
import { rowEvent, rowKv } from './rows.js';
import { SCHEMA_SQL } from './schema.js';

export interface SqliteBackendOptions {
  /** Database file. */
  path: string;
  /** How often to look for rows written by other processes. @default 100 */
  pollIntervalMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** How long a statement waits for another process's lock before SQLITE_BUSY. @default 5000 */
  busyTimeoutMs?: number;
}

/** A Backend with counters for tests and metrics. */
export interface SqliteBackend extends Backend {
  /** Group-commit counters: `writes / transactions` is the mean batch size. */
  stats(): GroupCommitStats;
}

export function createSqliteBackend(opts: SqliteBackendOptions): SqliteBackend {
  return new SqliteStore(opts);
}

/** Revisions compacted per transaction, so writers never wait long behind a compaction. */
const COMPACT_BATCH = 500;
/** Rows read per step when catching up with the table. */
const CATCH_UP_BATCH = 1000;

class SqliteStore implements SqliteBackend {
  private db?: Database.Database;
  private q!: Queries;
  private writer!: GroupCommitter;
  private hub = new WatchHub(0);
  private readonly clock: Clock;
  private readonly pollMs: number;
  private pollTimer?: { cancel(): void };
  private dataVersion = 0;
  private compacting: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: SqliteBackendOptions) {
    this.clock = opts.clock ?? systemClock;
    this.pollMs = opts.pollIntervalMs ?? 100;
  }

  async start(): Promise<void> {
    if (this.db) return;
    const db = new Database(this.opts.path);
    this.db = db;
    db.pragma(`busy_timeout = ${this.opts.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.transaction(() => db.exec(SCHEMA_SQL)).immediate();
    this.q = prepareQueries(db);
    this.writer = new GroupCommitter({ path: this.opts.path, busyTimeoutMs: this.opts.busyTimeoutMs ?? 5000 }, (events) => this.committed(events));
    this.hub = new WatchHub(this.currentRevision());
    this.dataVersion = this.q.dataVersion.get()!;
    this.schedulePoll();
  }

  async close(): Promise<void> {
    if (!this.db || this.closed) return;
    this.pollTimer?.cancel();
    await this.writer.drained();
    this.closed = true;
    await this.writer.close(closedError());
    await this.compacting;
    this.hub.closeAll(closedError());
    this.db.close();
  }

  stats(): GroupCommitStats {
    return { ...this.writer.stats };
  }

  currentRevision(): number {
    return this.open().currentRevision.get() ?? 0;
  }

  compactRevision(): number {
    return this.open().compactRevision.get() ?? 0;
  }

  async get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }> {
    const q = this.open();
    return this.db!.transaction(() => {
      const rev = this.readRevision(revision);
      const row = q.at.get(key, rev);
      return { revision: rev, kv: row && !row.deleted ? rowKv(row) : undefined };
    })();
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.write({ kind: 'create', key, value }).then((r) => r.kv!);
  }

  update(key: string, value: string, expectedRevision: number): Promise<{ ok: boolean; kv?: KeyValue }> {
    return this.write({ kind: 'update', key, value, expected: expectedRevision });
  }

  delete(key: string, expectedRevision: number): Promise<{ ok: boolean; kv?: KeyValue }> {
    return this.write({ kind: 'delete', key, expected: expectedRevision });
  }

  async list(prefix: string, opts: { startAfter?: string; limit?: number; revision?: number } = {}): Promise<ListResult> {
    const q = this.open();
    const limit = opts.limit ?? 0;
    const strict = opts.startAfter !== undefined && compareKeys(opts.startAfter, prefix) >= 0;
    const hi = prefixEnd(prefix);
    const stmt = q.list[strict ? 1 : 0]![hi === undefined ? 0 : 1]!;
    return this.db!.transaction(() => {
      const rev = this.readRevision(opts.revision);
      const params = { lo: strict ? opts.startAfter! : prefix, rev, limit: limit > 0 ? limit + 1 : -1, ...(hi === undefined ? {} : { hi }) };
      const rows = stmt.all(params);
      const more = limit > 0 && rows.length > limit;
      if (more) rows.length = limit;
      return { revision: rev, kvs: rows.map(rowKv), more };
    })();
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    const q = this.open();
    const hi = prefixEnd(prefix);
    return this.db!.transaction(() => ({
      revision: this.currentRevision(),
      count: q.count[hi === undefined ? 0 : 1]!.get({ lo: prefix, ...(hi === undefined ? {} : { hi }) }) ?? 0,
    }))();
  }

  watch(prefix: string, opts: WatchOptions): Watcher {
    const q = this.open();
    const compacted = this.compactRevision();
    if (opts.afterRevision < compacted) throw ErrCompacted(opts.afterRevision, compacted);
    let replay: WatchEvent[] = [];
    if (opts.afterRevision > 0 && opts.afterRevision < this.hub.lastRevision) {
      const hi = prefixEnd(prefix);
      const params = { after: opts.afterRevision, upto: this.hub.lastRevision, lo: prefix, ...(hi === undefined ? {} : { hi }) };
      replay = q.since[hi === undefined ? 0 : 1]!.all(params).map(rowEvent);
    }
    return this.hub.subscribe(prefix, opts, replay);
  }

  /**
   * Removes superseded rows and tombstones at or below `revision`, COMPACT_BATCH revisions per transaction, yielding
   * to writers between batches. At or below the compact revision it is a no-op; above the current one, ErrFutureRev.
   */
  compact(revision: number): Promise<void> {
    const run = this.compacting.then(() => this.compactTo(revision));
    this.compacting = run.catch(() => undefined);
    return run;
  }

  private async compactTo(revision: number): Promise<void> {
    const q = this.open();
    const current = this.currentRevision();
    if (revision > current) throw ErrFutureRev(revision, current);
    const step = this.db!.transaction((hi: number) => {
      const lo = q.compactRevision.get() ?? 0;
      if (lo >= hi) return false;
      q.compactDelete.run({ lo, hi: Math.min(hi, lo + COMPACT_BATCH) });
      q.setCompactRevision.run(Math.min(hi, lo + COMPACT_BATCH));
      return true;
    });
    // Between batches, let queued writes commit first: the writer thread would otherwise keep losing the write lock
    // to the next batch (SQLite's busy handler sleeps while this thread takes the lock again at once).
    while (!this.closed && step.immediate(revision)) {
      await new Promise((r) => setImmediate(r));
      await this.writer.drained();
    }
  }

  private write(op: WriteOp): Promise<WriteResult> {
    if (this.closed || !this.db) return Promise.reject(closedError());
    return this.writer.submit(op);
  }

  private open(): Queries {
    if (this.closed || !this.db) throw closedError();
    return this.q;
  }

  private readRevision(revision: number | undefined): number {
    const current = this.currentRevision();
    if (!revision) return current;
    const compacted = this.compactRevision();
    if (revision < compacted) throw ErrCompacted(revision, compacted);
    if (revision > current) throw ErrFutureRev(revision, current);
    return revision;
  }

  /** Our own batch committed: publish it directly when it follows what we published, else read the gap too. */
  private committed(events: WatchEvent[]): void {
    if (events[0]!.kv.modRevision === this.hub.lastRevision + 1) this.hub.publish(events);
    else this.catchUp();
  }

  /** Publish every row above the last published revision, in revision order. */
  private catchUp(): void {
    // One read transaction: the rows and the sequence come from the same snapshot.
    this.db!.transaction(() => {
      for (;;) {
        const rows = this.q.after.all(this.hub.lastRevision, CATCH_UP_BATCH);
        if (rows.length) this.hub.publish(rows.map(rowEvent));
        if (rows.length < CATCH_UP_BATCH) break;
      }
      // The bookkeeping row may be the newest: count it as seen so our next batch is contiguous again.
      this.hub.lastRevision = Math.max(this.hub.lastRevision, this.currentRevision());
    })();
  }

  private schedulePoll(): void {
    this.pollTimer = this.clock.setTimeout(() => {
      if (this.closed) return;
      try {
        this.poll();
      } finally {
        this.schedulePoll();
      }
    }, this.pollMs);
  }

  /** Another connection committed: feed its rows to our watchers (cheap check first). */
  poll(): void {
    const v = this.open().dataVersion.get()!;
    if (v === this.dataVersion) return;
    this.dataVersion = v;
    const compacted = this.compactRevision();
    if (compacted > this.hub.lastRevision) {
      // Another process compacted history we never published: our watchers cannot continue without a gap.
      this.hub.closeAll(ErrCompacted(this.hub.lastRevision, compacted));
      this.hub = new WatchHub(this.currentRevision());
      return;
    }
    this.catchUp();
  }
}
