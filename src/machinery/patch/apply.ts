// Server-side apply (PATCH application/apply-patch+yaml): merge the applied configuration into the live object,
// drop what this applier stopped applying, detect conflicts with other managers, and record ownership.
// Semantics after structured-merge-diff's Updater.Apply and apimachinery's fieldmanager chain (skipNonApplied's
// "before-first-apply", lastAppliedManager/lastAppliedUpdater for `kubectl`, the conflict error). See README-apply.md.
import { ApiError, fieldErr, invalid } from '../errors.js';
import type { KObject, StatusCause } from '../../api/types.js';
import type { GVK, ListInfo } from './listtypes.js';
import {
  childSet, compareObjects, deepEqual, difference, fieldSetOf, formatPath, hasPath, intersection, isEmptySet, isObject,
  newFieldSet, Schema, setPaths, union,
} from './fieldset.js';
import type { FieldPath, FieldSet, JsonObject, PathElement } from './fieldset.js';
import {
  apiVersionOf, applyUpdate, decodeManagedFields, describeManager, encodeManagedFields, filterOwned, managerKey,
  withoutManagedFields,
} from './managedfields.js';
import type { ManagerState, Managers } from './managedfields.js';
import { jsonClone } from '../jsonclone.js';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const beforeFirstApply = 'before-first-apply';

export interface ServerSideApplyOptions {
  /** Absent when the object does not exist yet (apply creates it). */
  live?: KObject;
  /** The request body, decoded. */
  applied: KObject;
  /** The fieldManager query parameter. */
  manager: string;
  force: boolean;
  gvk: GVK;
  /** RFC 3339, e.g. rfc3339(clock.now()). */
  now: string;
  subresource?: string;
  /** @default listInfo from ./listtypes.js */
  listInfo?: (gvk: GVK, path: string[]) => ListInfo | undefined;
}

/** 422 for an apply without `?fieldManager=`. */
export function fieldManagerRequired(): ApiError {
  return invalid('PatchOptions', 'meta.k8s.io', '', [fieldErr.required('fieldManager', 'is required for apply patch')]);
}

/** Alias of fieldManagerRequired (the name the PATCH handler imports). */
export const fieldManagerRequiredError = fieldManagerRequired;

export interface ApplyConflict { manager: ManagerState; path: FieldPath }

/** 409 in the shape of apimachinery's NewConflictError: managers sorted by identifier, paths in set order. */
export function applyConflictError(conflicts: ApplyConflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: formatPath(c.path),
  }));
  if (conflicts.length === 1) {
    const c = conflicts[0];
    return new ApiError(409, 'Conflict', `Apply failed with 1 conflict: conflict with ${describeManager(c.manager)}: ${formatPath(c.path)}`, { causes });
  }
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) {
    const k = managerKey(c.manager);
    byManager.set(k, [...(byManager.get(k) ?? []), c]);
  }
  const lines: string[] = [];
  for (const k of [...byManager.keys()].sort()) {
    const group = byManager.get(k)!;
    lines.push(`conflicts with ${describeManager(group[0].manager)}:`);
    for (const c of group) lines.push(`- ${formatPath(c.path)}`);
  }
  return new ApiError(409, 'Conflict', `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, { causes });
}

/** Metadata the server owns: never merged from an applied body, never owned. */
const serverMetadata = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function configOf(applied: KObject, subresource: string | undefined): JsonObject {
  const cfg = jsonClone(applied) as JsonObject;
  if (isObject(cfg.metadata)) for (const f of serverMetadata) delete cfg.metadata[f];
  if (!subresource) delete cfg.status;
  else if (subresource === 'status') delete cfg.spec;
  return cfg;
}

/**
 * Applies `applied` as `manager`. Returns the object to store, with metadata.managedFields set; the caller still runs
 * the strategy, validation and the resourceVersion precondition. Throws 409 Conflict (FieldManagerConflict causes)
 * when the apply changes a field another manager owns and `force` is false, and 422 when `manager` is empty.
 */
export function serverSideApply(opts: ServerSideApplyOptions): { object: KObject } {
  if (!opts.manager) throw fieldManagerRequired();
  const schema = new Schema({ gvk: opts.gvk, listInfo: opts.listInfo });
  const apiVersion = apiVersionOf(opts.gvk);
  const live = (withoutManagedFields(opts.live) ?? {}) as JsonObject;
  const config = configOf(opts.applied, opts.subresource);

  let managers = decodeManagedFields(opts.live?.metadata?.managedFields);
  if (opts.live && managers.size === 0) managers = ownEverything(live, schema, apiVersion, opts.now);

  const key = managerKey({ manager: opts.manager, operation: 'Apply', apiVersion, subresource: opts.subresource });
  const previous = managers.get(key);
  const appliedSet = filterOwned(fieldSetOf(config, schema), opts.subresource);
  managers.set(key, { manager: opts.manager, operation: 'Apply', apiVersion, subresource: opts.subresource || undefined, time: previous?.time, set: appliedSet });

  const merged = mergeValue(live, config, [], schema) as JsonObject;
  const pruned = previous ? prune(merged, previous.set, managers, schema) : merged;

  const c = compareObjects(live, pruned, schema);
  const changed = filterOwned(union(c.modified, c.added), opts.subresource);
  let conflicts = findConflicts(managers, key, changed);
  if (conflicts.length > 0 && !opts.force && opts.manager === 'kubectl') {
    const allowed = allowedFromLastApplied(live, apiVersion, schema);
    if (allowed) conflicts = conflicts.filter((x) => !hasPath(allowed, x.path));
  }
  if (conflicts.length > 0 && !opts.force) throw applyConflictError(conflicts);

  const result = applyUpdate(managers, c.added, c.modified, c.removed, opts.subresource, key);
  const mine = result.get(key);
  if (mine) mine.time = !deepEqual(live, pruned) || !mine.time ? opts.now : mine.time;

  const object = pruned as KObject;
  if (opts.manager === 'kubectl' && opts.live?.metadata?.annotations?.[lastAppliedAnnotation]) setLastApplied(object, opts.applied);
  object.metadata = { ...(object.metadata ?? {}), managedFields: encodeManagedFields(result) };
  return { object };
}

/** An object tracked before server-side apply: every field it has goes to `before-first-apply` (Update). */
function ownEverything(live: JsonObject, schema: Schema, apiVersion: string, now: string): Managers {
  const c = compareObjects({}, live, schema);
  const set = filterOwned(union(c.added, c.modified), undefined);
  const m: ManagerState = { manager: beforeFirstApply, operation: 'Update', apiVersion, time: now, set };
  return isEmptySet(set) ? new Map() : new Map([[managerKey(m), m]]);
}

function findConflicts(managers: Managers, self: string, changed: FieldSet): ApplyConflict[] {
  const out: ApplyConflict[] = [];
  for (const k of [...managers.keys()].sort()) {
    if (k === self) continue;
    const m = managers.get(k)!;
    for (const path of setPaths(intersection(m.set, changed))) out.push({ manager: m, path });
  }
  return out;
}

/** `kubectl` upgrading from client-side apply: fields whose live value still equals the last-applied annotation
 * may be taken without a conflict (lastAppliedManager). Undefined when there is no usable annotation. */
function allowedFromLastApplied(live: JsonObject, apiVersion: string, schema: Schema): FieldSet | undefined {
  const raw = (live.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.[lastAppliedAnnotation];
  if (!raw) return undefined;
  let last: unknown;
  try { last = JSON.parse(raw); } catch { return undefined; }
  if (!isObject(last) || last.apiVersion !== apiVersion) return undefined;
  const c = compareObjects(last, live, schema);
  return difference(difference(difference(fieldSetOf(last, schema), c.modified), c.added), c.removed);
}

/** kubectl's annotation follows what `kubectl` server-side applies (lastAppliedUpdater). Go's JSON: sorted keys. */
function setLastApplied(object: KObject, applied: KObject): void {
  const body = jsonClone(applied) as JsonObject;
  const meta = isObject(body.metadata) ? body.metadata : undefined;
  const ann = meta && isObject(meta.annotations) ? meta.annotations : undefined;
  if (ann) delete ann[lastAppliedAnnotation];
  object.metadata = { ...(object.metadata ?? {}), annotations: { ...(object.metadata?.annotations ?? {}), [lastAppliedAnnotation]: sortedJson(body) } };
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

// ---- merge ----

function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
  return out;
}

/** live.Merge(config): maps merge key by key (null removes), associative lists merge item by item, sets union,
 * scalars, atomic lists and atomic maps are replaced. */
export function mergeValue(l: unknown, r: unknown, names: string[], schema: Schema): unknown {
  if (r === undefined) return l;
  if (isObject(l) && isObject(r) && !schema.atomicMap(names, l) && !schema.atomicMap(names, r)) {
    const out: JsonObject = { ...l };
    for (const [k, v] of Object.entries(r)) {
      if (v === null) delete out[k];
      else out[k] = mergeValue(l[k], v, [...names, k], schema);
    }
    return out;
  }
  if (Array.isArray(l) && Array.isArray(r)) {
    const lp = schema.itemElements(names, l);
    const rp = schema.itemElements(names, r);
    if (lp && rp) return mergeLists(l, lp, r, rp, names, schema);
  }
  return stripNulls(jsonClone(r));
}

function firstByElement(pes: PathElement[], list: unknown[]): { order: PathElement[]; items: Map<PathElement, unknown> } {
  const items = new Map<PathElement, unknown>();
  pes.forEach((pe, i) => { if (!items.has(pe)) items.set(pe, list[i]); });
  return { order: [...items.keys()], items };
}

/** Item order as SMD merges: live-only items keep their place, shared and new items follow the applied order. */
function mergeLists(l: unknown[], lp: PathElement[], r: unknown[], rp: PathElement[], names: string[], schema: Schema): unknown[] {
  const L = firstByElement(lp, l);
  const R = firstByElement(rp, r);
  const shared = R.order.filter((pe) => L.items.has(pe));
  let s = 0;
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const take = (pe: PathElement) => {
    done.add(pe);
    out.push(mergeValue(L.items.get(pe), R.items.get(pe), names, schema));
    if (shared[s] === pe) s++;
  };
  let li = 0;
  let ri = 0;
  while (li < L.order.length || ri < R.order.length) {
    if (li < L.order.length && ri < R.order.length) {
      const pe = L.order[li];
      if (pe === R.order[ri]) { take(pe); li++; ri++; continue; }
      if (R.items.has(pe) && s < shared.length && shared[s] !== pe) { li++; continue; }
    }
    if (li < L.order.length) {
      const pe = L.order[li];
      if (!R.items.has(pe)) { out.push(L.items.get(pe)); li++; continue; }
      if (done.has(pe)) li++;
    }
    if (ri < R.order.length) { take(R.order[ri]); ri++; }
  }
  return out;
}

// ---- prune ----

/** Removes what this applier owned last time, no longer applies, and nobody else (nor the new config) owns, nor
 * owns anything below. Maps and lists emptied this way go too, unless someone owns them. */
function prune(merged: JsonObject, last: FieldSet, managers: Managers, schema: Schema): JsonObject {
  let owned = newFieldSet();
  for (const m of managers.values()) owned = union(owned, m.set);
  const out = jsonClone(merged);
  for (const p of setPaths(last)) {
    if (hasPath(owned, p) || childSet(owned, p)) continue;
    removePath(out, p, owned, last, schema);
  }
  return out;
}

function removePath(root: JsonObject, path: FieldPath, owned: FieldSet, last: FieldSet, schema: Schema): void {
  const chain: unknown[] = [root];
  const names: string[] = [];
  let cur: unknown = root;
  for (const pe of path) {
    const next = stepInto(cur, pe, names, schema);
    if (next === undefined) return;
    chain.push(next);
    cur = next;
  }
  for (let depth = path.length; depth >= 1; depth--) {
    const prefix = path.slice(0, depth);
    if (depth < path.length) {
      const node = chain[depth];
      const empty = (Array.isArray(node) && node.length === 0) || (isObject(node) && Object.keys(node).length === 0);
      if (!empty || hasPath(owned, prefix) || !childSet(last, prefix)) return;
    }
    deleteChild(chain[depth - 1], path[depth - 1], prefix, schema);
  }
}

function listNames(path: FieldPath): string[] {
  return path.filter((pe) => pe.startsWith('f:')).map((pe) => pe.slice(2));
}

function indexOfElement(list: unknown[], pe: PathElement, names: string[], schema: Schema): number {
  if (pe.startsWith('i:')) return Number(pe.slice(2));
  const pes = schema.itemElements(names, list);
  return pes ? pes.indexOf(pe) : -1;
}

function stepInto(cur: unknown, pe: PathElement, names: string[], schema: Schema): unknown {
  if (pe.startsWith('f:')) {
    if (!isObject(cur)) return undefined;
    names.push(pe.slice(2));
    return cur[pe.slice(2)];
  }
  if (!Array.isArray(cur)) return undefined;
  const i = indexOfElement(cur, pe, names, schema);
  return i >= 0 ? cur[i] : undefined;
}

function deleteChild(parent: unknown, pe: PathElement, prefix: FieldPath, schema: Schema): void {
  if (pe.startsWith('f:')) { if (isObject(parent)) delete parent[pe.slice(2)]; return; }
  if (!Array.isArray(parent)) return;
  const i = indexOfElement(parent, pe, listNames(prefix), schema);
  if (i >= 0) parent.splice(i, 1);
}
