// Group commit: every write queued during one turn of the event loop runs in ONE immediate transaction (one fsync
// under synchronous=FULL), then every promise resolves. Each write still does its own compare-and-swap against the
// newest row of its key, read inside the transaction, so a later write in the batch sees the earlier ones.
import type { Database, Transaction } from 'better-sqlite3';
import { ErrKeyExists, StoreError, type KeyValue, type WatchEvent } from '../backend.js';
import type { Clock } from '../../machinery/clock.js';
import type { Queries } from './queries.js';
import { createRevisionOf, rowKv } from './rows.js';

export type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected: number };

export type WriteResult = { ok: boolean; kv?: KeyValue };

interface Pending { op: WriteOp; resolve(r: WriteResult): void; reject(e: unknown): void; attempts: number }
type Outcome = { result: WriteResult; event?: WatchEvent } | { error: Error };

/** At most this many writes share one transaction; the rest go in the next. */
const MAX_BATCH = 2000;
const BUSY_RETRIES = 20;
const BUSY_RETRY_MS = 20;

export interface GroupCommitStats { transactions: number; writes: number }

export class GroupCommitter {
  readonly stats: GroupCommitStats = { transactions: 0, writes: 0 };
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly runBatch: Transaction<(ops: Pending[]) => Outcome[]>;

  constructor(
    db: Database,
    private readonly q: Queries,
    private readonly clock: Clock,
    /** Called after COMMIT with the batch's events (dense revisions, in order). */
    private readonly onCommit: (events: WatchEvent[]) => void,
  ) {
    this.runBatch = db.transaction((ops: Pending[]) => ops.map((p) => this.apply(p.op)));
  }

  submit(op: WriteOp): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject, attempts: 0 });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Run everything queued now (also used on close). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      let outcomes: Outcome[];
      try {
        outcomes = this.runBatch.immediate(batch);
      } catch (e) {
        this.failed(batch, e);
        continue;
      }
      this.stats.transactions++;
      this.stats.writes += batch.length;
      const events: WatchEvent[] = [];
      for (let i = 0; i < batch.length; i++) {
        const o = outcomes[i]!;
        if ('error' in o) batch[i]!.reject(o.error);
        else {
          batch[i]!.resolve(o.result);
          if (o.event) events.push(o.event);
        }
      }
      if (events.length) this.onCommit(events);
    }
  }

  /** Fail the queued writes (the store is closing). */
  rejectAll(err: Error): void {
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  private failed(batch: Pending[], e: unknown): void {
    const busy = (e as { code?: string }).code?.startsWith('SQLITE_BUSY');
    const retry = busy ? batch.filter((p) => ++p.attempts <= BUSY_RETRIES) : [];
    for (const p of batch) if (!retry.includes(p)) p.reject(e);
    if (!retry.length) return;
    this.clock.setTimeout(() => {
      this.queue.unshift(...retry);
      if (!this.scheduled) this.flush();
    }, BUSY_RETRY_MS);
  }

  private apply(op: WriteOp): Outcome {
    const cur = this.q.latest.get(op.key);
    const live = cur && !cur.deleted ? cur : undefined;
    if (op.kind === 'create') {
      if (live) return { error: ErrKeyExists(op.key) };
      const id = this.insert(op.key, 1, 0, 0, cur?.id ?? 0, op.value, null);
      const kv: KeyValue = { key: op.key, createRevision: id, modRevision: id, value: op.value };
      return { result: { ok: true, kv }, event: { type: 'create', kv: { ...kv } } };
    }
    if (!live) return { result: { ok: false } };
    if (op.expected !== live.id && (op.kind === 'update' || op.expected !== 0)) return { result: { ok: false, kv: rowKv(live) } };
    const createRevision = createRevisionOf(live);
    const prevKv: KeyValue = { key: op.key, createRevision, modRevision: live.id, value: live.value ?? '' };
    const value = op.kind === 'update' ? op.value : prevKv.value;
    const id = this.insert(op.key, 0, op.kind === 'delete' ? 1 : 0, createRevision, live.id, value, prevKv.value);
    const kv: KeyValue = { key: op.key, createRevision, modRevision: id, value };
    return { result: { ok: true, kv }, event: { type: op.kind, kv: { ...kv }, prevKv } };
  }

  private insert(name: string, created: number, deleted: number, createRev: number, prevRev: number, value: string, oldValue: string | null): number {
    return Number(this.q.insert.run(name, created, deleted, createRev, prevRev, value, oldValue).lastInsertRowid);
  }
}

export const closedError = () => new StoreError('Closed', 'store is closed');
