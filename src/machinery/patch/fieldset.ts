// Field sets in the FieldsV1 shape of server-side apply (sigs.k8s.io/structured-merge-diff `fieldpath.Set`),
// plus the two walks over objects that produce them: the set of fields an object sets (`fieldSetOf`, SMD's
// ToFieldSet) and the difference between two objects (`compareObjects`, SMD's Compare).
//
// A path element is kept in its serialized FieldsV1 spelling: `f:<field>`, `k:{"name":"web"}` (associative list
// item, key fields sorted by name), `v:<json>` (set item), `i:<n>` (index). A set is a tree: `members` are the paths
// that end here, `children` the ones that continue. As in SMD, a member may also have children (FieldsV1 then
// writes `".": {}` beside them), and inserting a path does not make its parents members.
import { listInfo as defaultListInfo } from './listtypes.js';
import type { GVK, ListInfo } from './listtypes.js';

export type PathElement = string;
export type FieldPath = PathElement[];

export interface FieldSet {
  members: Set<PathElement>;
  /** Never holds an empty set. */
  children: Map<PathElement, FieldSet>;
}

export function newFieldSet(...paths: FieldPath[]): FieldSet {
  const s: FieldSet = { members: new Set(), children: new Map() };
  for (const p of paths) insertPath(s, p);
  return s;
}

/** Adds `p`. The empty path (the whole object) is never tracked, as in SMD. */
export function insertPath(s: FieldSet, p: FieldPath): void {
  if (p.length === 0) return;
  let cur = s;
  for (let i = 0; i < p.length - 1; i++) {
    let next = cur.children.get(p[i]);
    if (!next) { next = newFieldSet(); cur.children.set(p[i], next); }
    cur = next;
  }
  cur.members.add(p[p.length - 1]);
}

export function hasPath(s: FieldSet, p: FieldPath): boolean {
  if (p.length === 0) return false;
  let cur: FieldSet | undefined = s;
  for (let i = 0; i < p.length - 1 && cur; i++) cur = cur.children.get(p[i]);
  return !!cur && cur.members.has(p[p.length - 1]);
}

/** The subtree below `p` (paths relative to it), if any path continues past `p`. */
export function childSet(s: FieldSet, p: FieldPath): FieldSet | undefined {
  let cur: FieldSet | undefined = s;
  for (const pe of p) { cur = cur?.children.get(pe); if (!cur) return undefined; }
  return cur;
}

export function isEmptySet(s: FieldSet): boolean {
  return s.members.size === 0 && s.children.size === 0;
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out = newFieldSet();
  for (const m of a.members) out.members.add(m);
  for (const m of b.members) out.members.add(m);
  for (const [pe, c] of a.children) out.children.set(pe, c);
  for (const [pe, c] of b.children) {
    const mine = out.children.get(pe);
    out.children.set(pe, mine ? union(mine, c) : c);
  }
  return out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out = newFieldSet();
  for (const m of a.members) if (b.members.has(m)) out.members.add(m);
  for (const [pe, c] of a.children) {
    const other = b.children.get(pe);
    if (!other) continue;
    const i = intersection(c, other);
    if (!isEmptySet(i)) out.children.set(pe, i);
  }
  return out;
}

/** Paths of `a` not in `b`, path by path: removing a child keeps its parent, removing a parent keeps its children. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out = newFieldSet();
  for (const m of a.members) if (!b.members.has(m)) out.members.add(m);
  for (const [pe, c] of a.children) {
    const other = b.children.get(pe);
    const d = other ? difference(c, other) : c;
    if (!isEmptySet(d)) out.children.set(pe, d);
  }
  return out;
}

/** Like difference, but a member of `b` also removes everything below it from `a`. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  const out = newFieldSet();
  for (const m of a.members) if (!b.members.has(m)) out.members.add(m);
  for (const [pe, c] of a.children) {
    if (b.members.has(pe)) continue;
    const other = b.children.get(pe);
    const d = other ? recursiveDifference(c, other) : c;
    if (!isEmptySet(d)) out.children.set(pe, d);
  }
  return out;
}

export function setsEqual(a: FieldSet, b: FieldSet): boolean {
  return isEmptySet(difference(a, b)) && isEmptySet(difference(b, a));
}

const kindOrder: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** SMD's path-element order: field names, then keys, then values, then indices. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const ka = kindOrder[a[0]] ?? 9;
  const kb = kindOrder[b[0]] ?? 9;
  if (ka !== kb) return ka - kb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every member path, in SMD's Iterate order (at each level the members first, then each child subtree). */
export function setPaths(s: FieldSet, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [];
  for (const m of [...s.members].sort(comparePathElements)) out.push([...prefix, m]);
  for (const pe of [...s.children.keys()].sort(comparePathElements)) out.push(...setPaths(s.children.get(pe)!, [...prefix, pe]));
  return out;
}

/** The FieldsV1 JSON object: `{"f:spec":{"f:replicas":{}}}`, `".": {}` marking a member that also has children. */
export function toFieldsV1(s: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...s.members, ...s.children.keys()]);
  for (const pe of [...keys].sort(comparePathElements)) {
    const child = s.children.get(pe);
    if (!child) { out[pe] = {}; continue; }
    const inner = toFieldsV1(child);
    out[pe] = s.members.has(pe) ? { '.': {}, ...inner } : inner;
  }
  return out;
}

export function fromFieldsV1(v: unknown): FieldSet {
  const out = newFieldSet();
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [pe, inner] of Object.entries(v as Record<string, unknown>)) {
    if (pe === '.') continue;
    const keys = inner && typeof inner === 'object' ? Object.keys(inner) : [];
    if (keys.length === 0 || keys.includes('.')) out.members.add(pe);
    const child = fromFieldsV1(inner);
    if (!isEmptySet(child)) out.children.set(pe, child);
  }
  return out;
}

/** Go's %v of a value inside a path string (value.ToString): strings quoted, numbers and bools bare. */
function valueString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${valueString(x)}`).join('');
  return String(v);
}

/** The path as SMD prints it: `.spec.template.spec.containers[name="web"].image`, `.metadata.finalizers[="x"]`. */
export function formatPath(p: FieldPath): string {
  return p.map((pe) => {
    const body = pe.slice(2);
    switch (pe[0]) {
      case 'f': return `.${body}`;
      case 'k': return `[${Object.entries(JSON.parse(body) as Record<string, unknown>).map(([k, v]) => `${k}=${valueString(v)}`).join(',')}]`;
      case 'v': return `[=${valueString(JSON.parse(body))}]`;
      case 'i': return `[${body}]`;
      default: return pe;
    }
  }).join('');
}

// ---- the schema stand-in: which lists merge by key, which maps are atomic ----

export interface SchemaOptions {
  gvk: GVK;
  /** @default listInfo from ./listtypes.js */
  listInfo?: (gvk: GVK, path: string[]) => ListInfo | undefined;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Without OpenAPI schemas: list semantics come from listInfo; LabelSelector-shaped maps and Service
 * `spec.selector` are atomic (their Go types carry `structType`/`mapType: atomic`); every other map is granular. */
export class Schema {
  private readonly lookup: (gvk: GVK, path: string[]) => ListInfo | undefined;
  constructor(readonly opts: SchemaOptions) { this.lookup = opts.listInfo ?? defaultListInfo; }

  atomicMap(names: string[], v: JsonObject): boolean {
    if (this.opts.gvk.kind === 'Service' && this.opts.gvk.group === '' && names.join('.') === 'spec.selector') return true;
    const keys = Object.keys(v);
    return keys.length > 0 && keys.every((k) => k === 'matchLabels' || k === 'matchExpressions');
  }

  /** The path element of each item, or undefined when the list is atomic (or an item cannot be keyed). */
  itemElements(names: string[], list: unknown[]): PathElement[] | undefined {
    const info = this.lookup(this.opts.gvk, names);
    if (!info || info.type === 'atomic') return undefined;
    const out: PathElement[] = [];
    for (const item of list) {
      const pe = itemElement(info, item);
      if (pe === undefined) return undefined;
      out.push(pe);
    }
    return out;
  }
}

/** `k:{...}` with the key fields sorted by name (SMD sorts them); a missing `protocol` key defaults to TCP, as the
 * OpenAPI default does for every ports list. `v:<json>` for set items. */
export function itemElement(info: ListInfo, item: unknown): PathElement | undefined {
  if (info.type === 'set') return isObject(item) || Array.isArray(item) ? undefined : `v:${JSON.stringify(item)}`;
  if (info.type !== 'map' || !isObject(item)) return undefined;
  const fields: [string, unknown][] = [];
  for (const k of info.keys ?? []) {
    if (item[k] !== undefined && item[k] !== null) fields.push([k, item[k]]);
    else if (k === 'protocol') fields.push([k, 'TCP']);
  }
  if (!fields.some(([k]) => item[k] !== undefined && item[k] !== null)) return undefined;
  fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `k:${JSON.stringify(Object.fromEntries(fields))}`;
}

function indexItems(pes: PathElement[], list: unknown[]): Map<PathElement, unknown> {
  const m = new Map<PathElement, unknown>();
  pes.forEach((pe, i) => { if (!m.has(pe)) m.set(pe, list[i]); });
  return m;
}

// ---- object → field set ----

/** The fields `obj` sets (SMD ToFieldSet): scalars, atomic lists and maps, list items (with their own fields), and
 * null or empty-map values. The parents of those paths are not members. */
export function fieldSetOf(obj: unknown, schema: Schema): FieldSet {
  const set = newFieldSet();
  walkFields(obj, [], [], set, schema);
  return set;
}

function walkFields(v: unknown, names: string[], path: FieldPath, set: FieldSet, schema: Schema): void {
  if (isObject(v)) {
    if (schema.atomicMap(names, v)) { insertPath(set, path); return; }
    for (const [k, child] of Object.entries(v)) {
      const p = [...path, `f:${k}`];
      walkFields(child, [...names, k], p, set, schema);
      if (child === null || (isObject(child) && Object.keys(child).length === 0)) insertPath(set, p);
    }
    return;
  }
  if (Array.isArray(v)) {
    const pes = schema.itemElements(names, v);
    if (!pes) { insertPath(set, path); return; }
    for (const [pe, item] of indexItems(pes, v)) {
      const p = [...path, pe];
      walkFields(item, names, p, set, schema);
      insertPath(set, p);
    }
    return;
  }
  insertPath(set, path);
}

// ---- compare two objects ----

export interface Comparison { added: FieldSet; modified: FieldSet; removed: FieldSet }

/** What changed from `lhs` to `rhs` (SMD Compare). Leaves are compared by value; a map or list item that appears
 * or disappears is itself added/removed. A map that appears is a member only when it looks like a Go map (all values
 * scalar) or is a list item: the stand-in for SMD seeing Go zero values of non-pointer structs. */
export function compareObjects(lhs: unknown, rhs: unknown, schema: Schema): Comparison {
  const c: Comparison = { added: newFieldSet(), modified: newFieldSet(), removed: newFieldSet() };
  walkCompare(lhs, rhs, [], [], false, c, schema);
  return c;
}

function isEmptyContainer(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

function walkCompare(l: unknown, r: unknown, names: string[], path: FieldPath, isItem: boolean, c: Comparison, schema: Schema): void {
  const bothObjects = (l === undefined || isObject(l)) && (r === undefined || isObject(r));
  const bothLists = (l === undefined || Array.isArray(l)) && (r === undefined || Array.isArray(r));
  let leaf = !(bothObjects || bothLists) || (isEmptyContainer(l) && isEmptyContainer(r));
  let lPes: PathElement[] | undefined;
  let rPes: PathElement[] | undefined;
  if (!leaf && bothObjects) leaf = (isObject(l) && schema.atomicMap(names, l)) || (isObject(r) && schema.atomicMap(names, r));
  if (!leaf && bothLists) {
    lPes = schema.itemElements(names, (l as unknown[] | undefined) ?? []);
    rPes = schema.itemElements(names, (r as unknown[] | undefined) ?? []);
    leaf = !lPes || !rPes;
  }
  if (leaf) {
    if (l === undefined) insertPath(c.added, path);
    else if (r === undefined) insertPath(c.removed, path);
    else if (!deepEqual(l, r)) insertPath(c.modified, path);
    return;
  }
  if (bothObjects) {
    const lo = (l ?? {}) as JsonObject;
    const ro = (r ?? {}) as JsonObject;
    for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
      walkCompare(lo[k], ro[k], [...names, k], [...path, `f:${k}`], false, c, schema);
    }
  } else {
    const lm = indexItems(lPes!, (l as unknown[] | undefined) ?? []);
    const rm = indexItems(rPes!, (r as unknown[] | undefined) ?? []);
    for (const pe of new Set([...lm.keys(), ...rm.keys()])) walkCompare(lm.get(pe), rm.get(pe), names, [...path, pe], true, c, schema);
  }
  if (l === undefined) {
    if (isItem || (isObject(r) && Object.values(r).every((x) => x === null || typeof x !== 'object'))) insertPath(c.added, path);
  } else if (r === undefined) insertPath(c.removed, path);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
