// One write batch against a connection: every op does its own compare-and-swap against the newest row of its key,
// read inside the (caller's) transaction, so a later write in the batch sees the earlier ones. Outcomes are plain
// data so they can cross a worker-thread boundary.
import type { KeyValue, WatchEvent } from '../backend.js';
import type { Queries } from './queries.js';
import { createRevisionOf, rowKv } from './rows.js';

export type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected: number };

export type WriteResult = { ok: boolean; kv?: KeyValue };

/** A failed op: `keyExists` becomes the store's KeyExists error on the other side. */
export type OpError = { keyExists: string } | { message: string; code?: string };
export type Outcome = { result: WriteResult; event?: WatchEvent } | { error: OpError };

export function applyOp(q: Queries, op: WriteOp): Outcome {
  const cur = q.latest.get(op.key);
  const live = cur && !cur.deleted ? cur : undefined;
  const insert = (created: number, deleted: number, createRev: number, prevRev: number, value: string, oldValue: string | null) =>
    Number(q.insert.run(op.key, created, deleted, createRev, prevRev, value, oldValue).lastInsertRowid);
  if (op.kind === 'create') {
    if (live) return { error: { keyExists: op.key } };
    const id = insert(1, 0, 0, cur?.id ?? 0, op.value, null);
    const kv: KeyValue = { key: op.key, createRevision: id, modRevision: id, value: op.value };
    return { result: { ok: true, kv }, event: { type: 'create', kv: { ...kv } } };
  }
  if (!live) return { result: { ok: false } };
  if (op.expected !== live.id && (op.kind === 'update' || op.expected !== 0)) return { result: { ok: false, kv: rowKv(live) } };
  const createRevision = createRevisionOf(live);
  const prevKv: KeyValue = { key: op.key, createRevision, modRevision: live.id, value: live.value ?? '' };
  const value = op.kind === 'update' ? op.value : prevKv.value;
  const id = insert(0, op.kind === 'delete' ? 1 : 0, createRevision, live.id, value, prevKv.value);
  const kv: KeyValue = { key: op.key, createRevision, modRevision: id, value };
  return { result: { ok: true, kv }, event: { type: op.kind, kv: { ...kv }, prevKv } };
}
