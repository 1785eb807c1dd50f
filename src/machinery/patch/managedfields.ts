// metadata.managedFields: who owns which fields. Decoding/encoding the entries, and the ownership bookkeeping of
// non-apply writes (POST/PUT/PATCH), after k8s.io/apimachinery/pkg/util/managedfields (FieldManager.Update with its
// stripMeta, managedFieldsUpdater and reset-fields steps) and structured-merge-diff's Updater.Update.
import type { KObject, ManagedFieldsEntry } from '../../api/types.js';
import type { GVK, ListInfo } from './listtypes.js';
import {
  compareObjects, difference, fromFieldsV1, isEmptySet, newFieldSet, recursiveDifference, Schema, toFieldsV1, union,
} from './fieldset.js';
import type { FieldPath, FieldSet } from './fieldset.js';

export type { GVK } from './listtypes.js';

/** One manager's ownership, keyed by `managerKey`. */
export interface ManagerState {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

export type Managers = Map<string, ManagerState>;

export function apiVersionOf(gvk: GVK): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** The manager identifier of apimachinery's BuildManagerIdentifier: the entry's JSON without fields and time, and
 * without apiVersion for appliers. Conflict messages sort managers by it. */
export function managerKey(m: Pick<ManagerState, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const o: Record<string, string> = { manager: m.manager, operation: m.operation };
  if (m.operation !== 'Apply' && m.apiVersion) o.apiVersion = m.apiVersion;
  if (m.subresource) o.subresource = m.subresource;
  return JSON.stringify(o);
}

/** `"kubectl-client-side-apply" using apps/v1`, `"kubectl"`, `"x" with subresource "status" using v1` (printManager). */
export function describeManager(m: ManagerState): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}

export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): Managers {
  const out: Managers = new Map();
  for (const e of entries ?? []) {
    const st: ManagerState = {
      manager: e.manager ?? '', operation: e.operation === 'Apply' ? 'Apply' : 'Update', apiVersion: e.apiVersion ?? '',
      subresource: e.subresource || undefined, time: e.time, set: fromFieldsV1(e.fieldsV1),
    };
    const key = managerKey(st);
    const prev = out.get(key);
    out.set(key, prev ? { ...prev, set: union(prev.set, st.set) } : st);
  }
  return out;
}

/** Entries sorted as apimachinery sorts them: operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const list = [...managers.values()].filter((m) => !isEmptySet(m.set));
  list.sort((p, q) => cmp(p.operation, q.operation) || secs(p.time) - secs(q.time) || cmp(p.manager, q.manager)
    || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''));
  return list.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = toFieldsV1(m.set);
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Never owned (apimachinery stripMeta): removed from every set, path by path. */
export const strippedFields: FieldSet = newFieldSet(
  ['f:apiVersion'], ['f:kind'], ['f:metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']
    .map((f): FieldPath => ['f:metadata', `f:${f}`]),
);

/** Fields the registry strategy resets, so nobody owns them through this endpoint: `status` on the main resource,
 * `spec` on /status. Removed recursively. */
export function resetFields(subresource: string | undefined): FieldSet {
  if (!subresource) return newFieldSet(['f:status']);
  if (subresource === 'status') return newFieldSet(['f:spec']);
  return newFieldSet();
}

export function filterOwned(set: FieldSet, subresource: string | undefined): FieldSet {
  return recursiveDifference(difference(set, strippedFields), resetFields(subresource));
}

/** The object with metadata.managedFields removed (a shallow copy of the parts touched). */
export function withoutManagedFields(obj: KObject | undefined): KObject | undefined {
  if (!obj?.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _drop, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

/** `[]` or `[{}]`: the client asks to clear managedFields (isResetManagedFields). */
function isReset(entries: ManagedFieldsEntry[] | undefined): boolean {
  if (!entries) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && Object.keys(entries[0]).length === 0;
}

export interface UpdateManagedFieldsOptions {
  /** Absent on create. */
  live?: KObject;
  /** The object about to be stored (after the patch, defaulting and the strategy). */
  updated: KObject;
  manager: string;
  operation: 'Update';
  subresource?: string;
  gvk: GVK;
  /** RFC 3339, e.g. rfc3339(clock.now()). */
  now: string;
  /** @default listInfo from ./listtypes.js */
  listInfo?: (gvk: GVK, path: string[]) => ListInfo | undefined;
}

/** Where the managers of a write come from (decodeLiveOrNew): the request's own managedFields when it carries a
 * decodable, non-empty list on the main resource (direct edits), else the live object's. */
function managersForWrite(opts: UpdateManagedFieldsOptions): Managers | 'reset' {
  const live = decodeManagedFields(opts.live?.metadata?.managedFields);
  if (opts.subresource) return live;
  const sent = opts.updated.metadata?.managedFields;
  if (isReset(sent)) return 'reset';
  const decoded = decodeManagedFields(sent);
  return decoded.size > 0 ? decoded : live;
}

/**
 * The managedFields to store after a POST, PUT or non-apply PATCH. The manager takes every field whose value it
 * added or changed (all fields on create, defaults included) and keeps what it had, minus removed fields; other
 * managers lose those fields; empty entries disappear. The writer's `time` moves only when it took fields.
 */
export function updateManagedFields(opts: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  const start = managersForWrite(opts);
  if (start === 'reset') return [];
  const schema = new Schema({ gvk: opts.gvk, listInfo: opts.listInfo });
  const c = compareObjects(withoutManagedFields(opts.live) ?? {}, withoutManagedFields(opts.updated), schema);
  const managers = applyUpdate(start, c.added, c.modified, c.removed, opts.subresource);
  const taken = filterOwned(union(c.modified, c.added), opts.subresource);
  if (!isEmptySet(taken)) {
    const me: ManagerState = { manager: opts.manager, operation: 'Update', apiVersion: apiVersionOf(opts.gvk), subresource: opts.subresource || undefined, set: taken, time: opts.now };
    const key = managerKey(me);
    const prev = managers.get(key);
    managers.set(key, prev ? { ...me, set: union(prev.set, taken) } : me);
  }
  return encodeManagedFields(managers);
}

/** Every manager loses the changed (added/modified) and removed fields; empty managers are dropped. */
export function applyUpdate(managers: Managers, added: FieldSet, modified: FieldSet, removed: FieldSet, subresource: string | undefined, skip?: string): Managers {
  const lost = filterOwned(union(union(added, modified), removed), subresource);
  const out: Managers = new Map();
  for (const [key, m] of managers) {
    const set = key === skip ? m.set : difference(m.set, lost);
    if (!isEmptySet(set)) out.set(key, { ...m, set });
  }
  return out;
}
