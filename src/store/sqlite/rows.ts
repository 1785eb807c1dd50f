// Turning table rows into KeyValues and watch events. Values stay JSON text: nothing here parses them.
import type { KeyValue, WatchEvent } from '../backend.js';

export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string | null;
  old_value: string | null;
}

export const createRevisionOf = (r: Pick<Row, 'id' | 'created' | 'create_revision'>): number =>
  r.created ? r.id : r.create_revision;

export function rowKv(r: Row): KeyValue {
  return { key: r.name, createRevision: createRevisionOf(r), modRevision: r.id, value: r.value ?? '' };
}

export function rowEvent(r: Row): WatchEvent {
  const kv = rowKv(r);
  if (r.created) return { type: 'create', kv };
  const prevKv: KeyValue = { key: r.name, createRevision: kv.createRevision, modRevision: r.prev_revision, value: r.old_value ?? '' };
  return { type: r.deleted ? 'delete' : 'update', kv, prevKv };
}
