// Kubernetes strategic merge patch for built-in kinds (the semantics of apimachinery's strategicpatch.mergeMap as the
// apiserver runs it: parallel lists merged, unmatched nulls ignored). Maps merge recursively and null deletes; lists
// merge by key, union as sets, or are replaced, per smpListInfo; the directives $patch, $retainKeys,
// $setElementOrder/<list> and $deleteFromPrimitiveList/<list> are honoured and never reach the result.
import { badRequest } from './errors.js';
import { clone, isObject, jsonKindWord, type JsonObject } from './json.js';
import { smpListInfo, type GVK } from './listtypes.js';
import {
  badArgType, badPatchType, badPrimitiveList, badRetainKeys, badSetElementOrder, mergeDirectiveInList,
  mixedElementTypes, noElements, noListOfLists, noMergeKey, noMergeKeyDeclared, orderMismatch,
} from './smperrors.js';
import { findByKey, goEq, normalizeElementOrder, partitionByPresence } from './smporder.js';
import { goTypeName } from './gofmt.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder';
const DELETE_FROM = '$deleteFromPrimitiveList';

interface Ctx { gvk: GVK }

function has(o: JsonObject, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** `$setElementOrder/containers` → `containers`; 400 when the key is not `<prefix>/<field>`. */
function extractKey(key: string, prefix: string): string {
  const i = key.indexOf('/');
  if (i < 0 || key.slice(0, i) !== prefix) throw prefix === DELETE_FROM ? badPrimitiveList() : badSetElementOrder();
  return key.slice(i + 1);
}

/** Drops null members everywhere below `v` (a value the patch adds has no deletions to make). */
function discardNulls(v: unknown): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

/** Drops maps carrying `$patch` (and list elements that are such maps); `keep` is false when `v` itself is one. */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = removeDirectives(x);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  if (isObject(v)) {
    if (has(v, PATCH)) return { value: undefined, keep: false };
    for (const [k, x] of Object.entries(v)) {
      const r = removeDirectives(x);
      if (r.keep) v[k] = r.value;
      else delete v[k];
    }
  }
  return { value: v, keep: true };
}

function isDirectiveKey(k: string): boolean {
  return k === PATCH || k === RETAIN_KEYS || k.startsWith(`${SET_ORDER}/`) || k.startsWith(`${DELETE_FROM}/`);
}

/** Removes directive keys left in the result (the typed decode after the merge drops them in the real server). */
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) v.forEach(stripDirectives);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (isDirectiveKey(k)) delete v[k];
      else stripDirectives(x);
    }
  }
  return v;
}

/** The common Go type of all elements, as reflect names it; lists of lists are refused (422). */
function elementType(lists: unknown[][]): string {
  let t: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const cur = goTypeName(v);
      if (t === undefined) {
        t = cur;
        if (Array.isArray(v)) throw noListOfLists();
      } else if (cur !== t) throw mixedElementTypes(lists);
    }
  }
  if (t === undefined) throw noElements();
  return t;
}

const MAP_TYPE = 'map[string]interface {}';

function mergeKeyAt(ctx: Ctx, path: string[]): { merge: boolean; key: string } {
  const info = smpListInfo(ctx.gvk, path);
  return { merge: info !== undefined, key: info?.type === 'map' ? info.keys![0]! : '' };
}

/** `$patch` inside a list: delete elements by key, or replace the whole list; returns [original, patch] to merge. */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const rest: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!has(m, PATCH)) {
      rest.push(v);
      continue;
    }
    switch (m[PATCH]) {
      case 'delete': {
        if (!has(m, mergeKey)) throw noMergeKey(m, mergeKey);
        for (let i = findByKey(original, mergeKey, m[mergeKey]); i >= 0; i = findByKey(original, mergeKey, m[mergeKey])) {
          original = original.filter((_, j) => j !== i);
        }
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw mergeDirectiveInList();
      default:
        throw badPatchType(m[PATCH], m);
    }
  }
  return replace ? [rest, []] : [original, rest];
}

function mergeSlice(ctx: Ctx, path: string[], original: unknown[], patch: unknown[], mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const isMap = elementType([original, patch]) === MAP_TYPE;
  let merged: unknown[];
  if (!isMap) {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => goEq(d, v)));
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => goEq(m, v))) merged.push(v);
  } else {
    if (!mergeKey) throw noMergeKeyDeclared(path.join('.'));
    [original, patch] = applyListDirectives(original, patch, mergeKey);
    merged = original.slice();
    for (const v of patch) {
      const m = v as JsonObject;
      if (!has(m, mergeKey)) throw noMergeKey(m, mergeKey);
      const i = findByKey(merged, mergeKey, m[mergeKey]);
      if (i >= 0) merged[i] = mergeMap(ctx, path, merged[i] as JsonObject, m);
      else {
        discardNulls(m);
        merged.push(m);
      }
    }
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, isMap);
}

/** `$retainKeys: [...]` clears the original's keys not listed; every key the patch sets must be listed (400). */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badRetainKeys();
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw badRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Checks that the patch list's items appear in the $setElementOrder list, in the same relative order. */
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    items = patchList.filter((v) => {
      if (!isObject(v)) throw badArgType(MAP_TYPE, v);
      return v[PATCH] !== 'delete';
    });
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isObject(item) && has(item, PATCH)) {
      p++;
      continue;
    }
    let equal: boolean;
    if (!mergeKey) equal = goEq(item, order[o]);
    else {
      const l = item as JsonObject;
      const r = order[o];
      if (!isObject(r)) throw badArgType(MAP_TYPE, r);
      if (!has(l, mergeKey)) throw noMergeKey(l, mergeKey);
      if (!has(r, mergeKey)) throw noMergeKey(r, mergeKey);
      equal = goEq(l[mergeKey], r[mergeKey]);
    }
    if (equal) p++;
    o++;
  }
  if (p < items.length && o >= order.length) throw orderMismatch(patchList, order);
}

/** Processes every `$setElementOrder/<field>` with its list: merges the list and puts it in the requested order. */
function applySetElementOrder(ctx: Ctx, path: string[], original: JsonObject, patch: JsonObject): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const field = extractKey(key, SET_ORDER);
    const inOriginal = has(original, field);
    const inPatch = has(patch, field);
    const ol = original[field];
    const pl = patch[field];
    if (inOriginal && !Array.isArray(ol)) throw badArgType('[]interface {}', ol);
    if (inPatch && !Array.isArray(pl)) throw badArgType('[]interface {}', pl);
    const origList = (ol as unknown[] | undefined) ?? [];
    const patchList = (pl as unknown[] | undefined) ?? [];
    const { merge, key: mergeKey } = mergeKeyAt(ctx, [...path, field]);
    validateOrder(patchList, order, mergeKey);
    let merged: unknown[];
    if (inOriginal && !inPatch) merged = origList;
    else if (!inOriginal && inPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (inOriginal && inPatch) merged = merge ? mergeSlice(ctx, [...path, field], origList, patchList, mergeKey, false) : patchList;
    else continue;
    const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const isMap = elementType([origList, patchList]) === MAP_TYPE;
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, origList, mergeKey, isMap);
    delete patch[field];
  }
}

function takePatchValue(original: JsonObject, k: string, pv: unknown): void {
  discardNulls(pv);
  const r = removeDirectives(pv);
  if (r.keep) original[k] = r.value;
  else delete original[k];
}

function mergeMap(ctx: Ctx, path: string[], original: JsonObject | undefined, patch: JsonObject): JsonObject {
  if (has(patch, PATCH)) {
    const directive = patch[PATCH];
    if (directive === 'replace') {
      delete patch[PATCH];
      return patch;
    }
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }
  const orig = original ?? {};
  applyRetainKeys(orig, patch);
  applySetElementOrder(ctx, path, orig, patch);
  for (const [rawKey, pv] of Object.entries(patch)) {
    let k = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM)) {
      k = extractKey(rawKey, DELETE_FROM);
      isDeleteList = true;
    }
    if (pv === null) {
      delete orig[k];
      continue;
    }
    if (!has(orig, k) || goTypeName(orig[k]) !== goTypeName(pv)) {
      if (!isDeleteList) takePatchValue(orig, k, pv);
      continue;
    }
    const ov = orig[k];
    const sub = [...path, k];
    if (isObject(ov)) orig[k] = mergeMap(ctx, sub, ov, pv as JsonObject);
    else if (Array.isArray(ov)) {
      const { merge, key } = mergeKeyAt(ctx, sub);
      orig[k] = merge || isDeleteList ? mergeSlice(ctx, sub, ov, pv as unknown[], key, isDeleteList) : pv;
    } else orig[k] = pv;
  }
  return orig;
}

/**
 * Apply a strategic merge patch (already JSON-decoded) to `doc`, an object of the built-in kind `gvk`, and return the
 * new object; neither input is modified. A null patch changes nothing. Throws ApiError as the apiserver answers:
 * 400 for a patch that is not an object and for malformed $retainKeys / $setElementOrder / $deleteFromPrimitiveList,
 * 422 for lists of lists, and 500 (no reason) for the rest, e.g. a list element without its merge key.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, gvk: GVK): unknown {
  if (patch === null || patch === undefined) return clone(doc);
  if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type map[string]interface {}`);
  const original = isObject(doc) ? clone(doc) : {};
  return stripDirectives(mergeMap({ gvk }, [], original, clone(patch)));
}
