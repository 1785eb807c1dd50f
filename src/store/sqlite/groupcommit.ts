// Group commit through the writer thread (writer-worker.ts): writes queue up on the main thread; one batch (up to
// MAX_BATCH) is in flight at a time, so revisions stay in submission order and every compare-and-swap sees the
// writes before it; whatever queued while a batch was committing becomes the next batch. Promises resolve only
// after COMMIT (and its fsync) returned in the writer.
import { Worker } from 'node:worker_threads';
import { StoreError, ErrKeyExists, type WatchEvent } from '../backend.js';
import type { Outcome, OpError, WriteOp, WriteResult } from './batch.js';
import type { WriterInit, WriterReply } from './writer-worker.js';

export type { WriteOp, WriteResult } from './batch.js';

interface Pending { op: WriteOp; resolve(r: WriteResult): void; reject(e: unknown): void }

/** At most this many writes share one transaction; the rest go in the next. */
const MAX_BATCH = 2000;

export interface GroupCommitStats { transactions: number; writes: number }

export class GroupCommitter {
  readonly stats: GroupCommitStats = { transactions: 0, writes: 0 };
  private queue: Pending[] = [];
  private inFlight: Pending[] | undefined;
  private scheduled = false;
  private nextId = 1;
  private readonly worker: Worker;
  private idle: (() => void)[] = [];
  private dead: Error | undefined;

  constructor(
    init: WriterInit,
    /** Called after COMMIT with the batch's events (dense revisions, in order). */
    private readonly onCommit: (events: WatchEvent[]) => void,
  ) {
    // not the parent's --input-type (Node refuses it for a worker's entry module); other flags carry over
    this.worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: init, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
    this.worker.on('message', (m: WriterReply) => this.reply(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => { if (!this.dead) this.fail(new Error(`the SQLite writer thread exited (code ${code})`)); });
    this.worker.unref();
  }

  submit(op: WriteOp): Promise<WriteResult> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      // writes queued in the same turn of the event loop share a batch
      if (!this.inFlight && !this.scheduled) {
        this.scheduled = true;
        this.worker.ref();
        setImmediate(() => { this.scheduled = false; if (!this.inFlight) this.send(); });
      }
    });
  }

  /** Resolves when nothing is queued or in flight. */
  drained(): Promise<void> {
    if (!this.inFlight && !this.queue.length && !this.scheduled) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Fail what is queued and stop the writer (after `drained()` for a clean close). */
  async close(err: Error): Promise<void> {
    for (const p of this.queue.splice(0)) p.reject(err);
    this.dead ??= err;
    this.worker.ref();
    this.worker.postMessage('close');
    await new Promise<void>((r) => { this.worker.once('exit', () => r()); setTimeout(() => { void this.worker.terminate().then(() => r()); }, 5000).unref(); });
  }

  private send(): void {
    if (!this.queue.length) {
      this.worker.unref();
      for (const r of this.idle.splice(0)) r();
      return;
    }
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight = batch;
    this.worker.ref(); // a commit in flight keeps the process alive until it is acknowledged
    this.worker.postMessage({ id: this.nextId++, ops: batch.map((p) => p.op) });
  }

  private reply(m: WriterReply): void {
    const batch = this.inFlight!;
    this.inFlight = undefined;
    if ('fatal' in m) {
      const e = Object.assign(new Error(m.fatal.message), { code: m.fatal.code });
      for (const p of batch) p.reject(e);
    } else {
      this.stats.transactions++;
      this.stats.writes += batch.length;
      const events: WatchEvent[] = [];
      for (let i = 0; i < batch.length; i++) {
        const o: Outcome = m.outcomes[i]!;
        if ('error' in o) batch[i]!.reject(toError(o.error));
        else {
          batch[i]!.resolve(o.result);
          if (o.event) events.push(o.event);
        }
      }
      if (events.length) this.onCommit(events);
    }
    this.send();
  }

  private fail(e: Error): void {
    this.dead = e;
    for (const p of [...(this.inFlight ?? []), ...this.queue.splice(0)]) p.reject(e);
    this.inFlight = undefined;
    for (const r of this.idle.splice(0)) r();
  }
}

function toError(e: OpError): Error {
  if ('keyExists' in e) return ErrKeyExists(e.keyExists);
  return Object.assign(new Error(e.message), { code: e.code });
}

export const closedError = () => new StoreError('Closed', 'store is closed');
