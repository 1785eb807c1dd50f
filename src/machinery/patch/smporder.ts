// Element order of merged lists in strategic merge patch (apimachinery strategicpatch: normalizeElementOrder and
// mergeSortedSlice). Items named by the patch (or its $setElementOrder list) keep the patch's order, items only on the
// server keep theirs, and the two runs are interleaved using the server order as the reference.
import { isObject } from './json.js';
import { badArgType, noMergeKey, notAMap } from './smperrors.js';

/** Go's `==` on decoded JSON scalars: nil equals nil (absent and null alike). */
export function goEq(a: unknown, b: unknown): boolean {
  return (a === undefined || a === null) ? (b === undefined || b === null) : a === b;
}

function keyOf(item: unknown, mergeKey: string, isMap: boolean): unknown {
  if (!isMap) return item;
  return isObject(item) ? item[mergeKey] : undefined;
}

/** Position of each element's key in `order` (first occurrence), for O(1) lookups. */
function indexer(order: unknown[], mergeKey: string, isMap: boolean): (item: unknown) => number {
  const NIL = Symbol('nil');
  const pos = new Map<unknown, number>();
  order.forEach((o, i) => {
    const k = keyOf(o, mergeKey, isMap) ?? NIL;
    if (!pos.has(k)) pos.set(k, i);
  });
  return (item) => pos.get(keyOf(item, mergeKey, isMap) ?? NIL) ?? -1;
}

export function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (!isObject(m)) throw notAMap(i);
    if (Object.prototype.hasOwnProperty.call(m, mergeKey) && goEq(m[mergeKey], value)) return i;
  }
  return -1;
}

function validateMergeKeys(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw badArgType('map[string]interface {}', item);
      if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** A stable sort by position in `order`, with Go sort.SliceStable's comparator (unknown items compare "less"). */
function sortByOrder(toSort: unknown[], order: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  let items = toSort.slice();
  const tail: unknown[] = [];
  if (isMap) {
    validateMergeKeys(mergeKey, items, order);
    const keep: unknown[] = [];
    for (const v of items) ((v as Record<string, unknown>)['$patch'] === 'delete' ? tail : keep).push(v);
    items = keep;
  }
  const idx = indexer(order, mergeKey, isMap);
  const less = (a: unknown, b: unknown): boolean => {
    const ia = idx(a);
    const ib = idx(b);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  // Insertion sort, as Go's stable sort does for short runs; equal to any stable sort for a consistent comparator.
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
  return items.concat(tail);
}

/** Interleave server-only items (`left`) into patch items (`right`), keeping both relative orders. */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  const idx = indexer(serverOrder, mergeKey, isMap);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = idx(left[i]);
      const ri = idx(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Sort `patchItems` by `patchOrder` and `serverOnly` by `serverOrder`, then interleave them. */
export function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[],
  serverOrder: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  const p = sortByOrder(patchItems, patchOrder, mergeKey, isMap);
  const s = sortByOrder(serverOnly, serverOrder, mergeKey, isMap);
  return mergeSorted(s, p, serverOrder, mergeKey, isMap);
}

/** Split `list` into the items present in `by` (by merge key, or by value for scalars) and the rest. */
export function partitionByPresence(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const rest: unknown[] = [];
  if (!mergeKey) {
    const set = new Set(by);
    for (const v of list) (set.has(v) ? present : rest).push(v);
    return [present, rest];
  }
  for (const v of list) {
    if (!isObject(v)) throw badArgType('map[string]interface {}', v);
    if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw noMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? present : rest).push(v);
  }
  return [present, rest];
}
