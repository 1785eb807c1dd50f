// The kine-shaped storage seam. Keys are strings like `/registry/apps/deployments/default/web`; values are the
// serialized object (JSON text). One global revision orders every write, as in etcd; a key's modRevision is the
// object's resourceVersion.

export interface KeyValue {
  key: string;
  /** Revision at which this key was (last) created. */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
  value: string;
}

export interface WatchEvent {
  type: 'create' | 'update' | 'delete';
  /** The new state; for a delete, the last state with modRevision = the delete's revision. */
  kv: KeyValue;
  /** The state before the write (absent for create). */
  prevKv?: KeyValue;
}

export interface ListResult {
  /** The store revision the list was read at. */
  revision: number;
  kvs: KeyValue[];
  /** True when more keys (after the last returned one) exist under the prefix at this revision. */
  more: boolean;
}

export interface WatchOptions {
  /** Deliver every event with revision > afterRevision. 0 = only new events from now on. */
  afterRevision: number;
  /** Called in revision order; each call carries events of one revision or a batch of increasing revisions. */
  onEvents(events: WatchEvent[]): void;
  /** Called once if the watch cannot continue (e.g. compacted); the watch is then closed. */
  onError?(err: Error): void;
}

export interface Watcher {
  close(): void;
}

export interface Backend {
  /** Open the store (create schema, read the current revision). */
  start(): Promise<void>;
  close(): Promise<void>;
  /** The latest committed revision. */
  currentRevision(): number;
  /** The oldest revision still watchable/readable (events after it are retained). */
  compactRevision(): number;

  /** Read one key at the latest revision (or at `revision`, which must be ≥ compactRevision). */
  get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }>;
  /** Create a key that does not exist. Throws ErrKeyExists. Resolves after the write is durable. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Replace a key's value if its modRevision equals `expectedRevision`.
   * Resolves `{ok:false, kv:current}` on mismatch (kv undefined if the key is gone).
   */
  update(key: string, value: string, expectedRevision: number): Promise<{ ok: boolean; kv?: KeyValue }>;
  /**
   * Delete a key if its modRevision equals `expectedRevision` (0 = unconditionally).
   * Resolves the deleted kv (modRevision = the delete revision), or `{ok:false, kv:current}`.
   */
  delete(key: string, expectedRevision: number): Promise<{ ok: boolean; kv?: KeyValue }>;
  /**
   * Keys starting with `prefix`, in key order, strictly after `startAfter` when given, at most `limit` (0 = all),
   * as of `revision` (0 = latest). Throws ErrCompacted for a revision older than compactRevision, ErrFutureRev for one newer than current.
   */
  list(prefix: string, opts?: { startAfter?: string; limit?: number; revision?: number }): Promise<ListResult>;
  /** Number of keys under prefix at the latest revision. */
  count(prefix: string): Promise<{ revision: number; count: number }>;
  /**
   * Watch keys under `prefix`. Throws ErrCompacted synchronously if afterRevision < compactRevision
   * (the events after it are no longer all retained).
   */
  watch(prefix: string, opts: WatchOptions): Watcher;
  /** Drop history (old versions and delete tombstones) at or below `revision`. */
  compact(revision: number): Promise<void>;
}

export class StoreError extends Error {
  constructor(readonly code: 'KeyExists' | 'Compacted' | 'FutureRev' | 'Closed', message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
export const ErrKeyExists = (key: string) => new StoreError('KeyExists', `key exists: ${key}`);
export const ErrCompacted = (rev: number, compacted: number) => new StoreError('Compacted', `required revision ${rev} has been compacted (compact revision ${compacted})`);
export const ErrFutureRev = (rev: number, current: number) => new StoreError('FutureRev', `required revision ${rev} is a future revision (current ${current})`);
export function isStoreError(e: unknown, code?: StoreError['code']): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
