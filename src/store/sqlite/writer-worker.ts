// The SQLite writer thread: owns a second connection to the same database file and runs each batch the main thread
// sends in ONE immediate transaction (one fsync under synchronous=FULL). The event loop of the API server therefore
// never waits for the disk: it parses, validates and serves reads while a commit is in flight, and the writes that
// arrive meanwhile form the next batch.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareQueries } from './queries.js';
import { applyOp, type Outcome, type WriteOp } from './batch.js';

export interface WriterInit { path: string; busyTimeoutMs: number }
export type WriterRequest = { id: number; ops: WriteOp[] };
export type WriterReply = { id: number; outcomes: Outcome[] } | { id: number; fatal: { message: string; code?: string } };

const BUSY_RETRIES = 20;
const BUSY_RETRY_MS = 20;

const init = workerData as WriterInit;
const db = new Database(init.path);
db.pragma(`busy_timeout = ${init.busyTimeoutMs}`);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const q = prepareQueries(db);
const run = db.transaction((ops: WriteOp[]) => ops.map((op) => applyOp(q, op)));
const pause = new Int32Array(new SharedArrayBuffer(4));

parentPort!.on('message', (m: WriterRequest | 'close') => {
  if (m === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const outcomes: Outcome[] = run.immediate(m.ops);
      parentPort!.postMessage({ id: m.id, outcomes } satisfies WriterReply);
      return;
    } catch (e) {
      const err = e as { message?: string; code?: string };
      if (err.code?.startsWith('SQLITE_BUSY') && attempt < BUSY_RETRIES) {
        Atomics.wait(pause, 0, 0, BUSY_RETRY_MS);
        continue;
      }
      parentPort!.postMessage({ id: m.id, fatal: { message: err.message ?? String(e), code: err.code } } satisfies WriterReply);
      return;
    }
  }
});
