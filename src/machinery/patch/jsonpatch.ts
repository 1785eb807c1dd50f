// RFC 6902 JSON Patch with the semantics of gopkg.in/evanphx/json-patch.v4 (what kube-apiserver uses), including its
// departures from the RFC that clients can observe: negative array indices count from the end, `replace` of a
// missing object member adds it, `copy` from a missing member copies null, and a path's first segment before the
// leading "/" is ignored. Errors are shaped as the apiserver shapes them.
import { ApiError } from '../errors.js';
import { badRequest, patchRejected, strictDecoding, type PatchOptions } from './errors.js';
import { clone, deepEqual, isObject, jsonKindWord, type JsonObject } from './json.js';

/** The apiserver refuses JSON patches with more operations than this (413). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = JsonObject | unknown[];
type Op = JsonObject | null;

class OpFailed extends Error {}

function decodeOps(patch: unknown, strict: boolean): Op[] {
  if (patch === null || patch === undefined) return [];
  if (!Array.isArray(patch)) {
    throw badRequest(strict
      ? `error decoding patch: json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type []handlers.jsonPatchOp`
      : `json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type jsonpatch.Patch`);
  }
  return patch.map((op) => {
    if (op === null) return null;
    if (!isObject(op)) {
      throw badRequest(strict
        ? `error decoding patch: json: cannot unmarshal ${jsonKindWord(op)} into Go value of type handlers.jsonPatchOp`
        : `json: cannot unmarshal ${jsonKindWord(op)} into Go value of type jsonpatch.Operation`);
    }
    if (strict) {
      for (const f of ['op', 'path', 'from'] as const) {
        const v = op[f];
        if (v !== undefined && v !== null && typeof v !== 'string') {
          throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonKindWord(v)} into Go struct field jsonPatchOp.${f} of type string`);
        }
      }
    }
    return op;
  });
}

function decodeKey(k: string): string {
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** Go's strconv.Atoi: optional sign, then decimal digits. */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function stringField(op: JsonObject, name: 'path' | 'from'): string {
  const v = op[name];
  if (v === undefined || v === null) throw new OpFailed(`operation missing ${name} field`);
  if (typeof v !== 'string') throw new OpFailed(`operation ${name} field is not a string`);
  return v;
}

function get(c: Container, key: string): unknown {
  if (!Array.isArray(c)) return c[key];
  let i = atoi(key);
  if (i === undefined) throw new OpFailed(`invalid array index: ${key}`);
  if (i < 0) {
    if (i < -c.length) throw new OpFailed(`Unable to access invalid index: ${i}`);
    i += c.length;
  }
  if (i >= c.length) throw new OpFailed(`Unable to access invalid index: ${i}`);
  return c[i];
}

function add(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  if (key === '-') {
    c.push(value);
    return;
  }
  let i = atoi(key);
  if (i === undefined) throw new OpFailed(`value was not a proper array index: '${key}'`);
  if (i > c.length || i < -(c.length + 1)) throw new OpFailed(`Unable to access invalid index: ${i}`);
  if (i < 0) i += c.length + 1;
  c.splice(i, 0, value);
}

function remove(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!Object.prototype.hasOwnProperty.call(c, key)) throw new OpFailed(`Unable to remove nonexistent key: ${key}`);
    delete c[key];
    return;
  }
  let i = atoi(key);
  if (i === undefined) throw new OpFailed(`invalid array index: ${key}`);
  if (i >= c.length || i < -c.length) throw new OpFailed(`Unable to access invalid index: ${i}`);
  if (i < 0) i += c.length;
  c.splice(i, 1);
}

function set(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  get(c, key); // validates the index
  let i = atoi(key)!;
  if (i < 0) i += c.length;
  c[i] = value;
}

/** The container holding the last segment of `path`, and that segment decoded; throws when the parent is missing. */
function findObject(root: Container, path: string, opName: string): [Container, string] {
  const split = path.split('/');
  if (split.length < 2) throw new OpFailed(`${opName} operation does not apply: doc is missing path: "${path}"`);
  let doc: Container = root;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(doc, decodeKey(part));
    } catch {
      next = undefined;
    }
    if (!isObject(next) && !Array.isArray(next)) {
      throw new OpFailed(`${opName} operation does not apply: doc is missing path: "${path}"`);
    }
    doc = next;
  }
  return [doc, decodeKey(split[split.length - 1]!)];
}

function valueOf(op: JsonObject): unknown {
  // An absent "value" behaves as null, as in the Go library.
  return op.value === undefined ? null : clone(op.value);
}

function applyOp(root: Container, op: Op): Container {
  const kind = op && typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add': {
      const [c, k] = findObject(root, stringField(op!, 'path'), 'add');
      add(c, k, valueOf(op!));
      return root;
    }
    case 'remove': {
      const [c, k] = findObject(root, stringField(op!, 'path'), 'remove');
      remove(c, k);
      return root;
    }
    case 'replace': {
      const path = stringField(op!, 'path');
      if (path === '') {
        const v = valueOf(op!);
        if (!isObject(v) && !Array.isArray(v)) throw new OpFailed('replace operation value must be object or array');
        return v;
      }
      const [c, k] = findObject(root, path, 'replace');
      set(c, k, valueOf(op!));
      return root;
    }
    case 'move': {
      const [from, fk] = findObject(root, stringField(op!, 'from'), 'move');
      const v = get(from, fk);
      remove(from, fk);
      const [to, tk] = findObject(root, stringField(op!, 'path'), 'move');
      add(to, tk, v);
      return root;
    }
    case 'copy': {
      const [from, fk] = findObject(root, stringField(op!, 'from'), 'copy');
      const v = clone(get(from, fk) ?? null);
      const [to, tk] = findObject(root, stringField(op!, 'path'), 'copy');
      add(to, tk, v);
      return root;
    }
    case 'test': {
      const path = stringField(op!, 'path');
      if (path === '') {
        if (!deepEqual(root, op!.value)) throw new OpFailed(`testing value ${path} failed`);
        return root;
      }
      const [c, k] = findObject(root, path, 'test');
      const actual = get(c, k);
      if (actual === undefined || actual === null) {
        // A missing or null member passes a test against an explicit null.
        if (op!.value === null) return root;
        throw new OpFailed(`testing value ${path} failed`);
      }
      if (op!.value === undefined || !deepEqual(actual, op!.value)) throw new OpFailed(`testing value ${path} failed`);
      return root;
    }
    default:
      throw new OpFailed(`Unexpected kind: ${kind}`);
  }
}

/**
 * Apply an RFC 6902 patch (already JSON-decoded) to `doc` and return the new document; `doc` is not modified.
 * Throws ApiError: 400 when the patch is not a list of operation objects, 413 past 10000 operations, 422
 * ("the server rejected our request due to an error in our request") when an operation cannot be applied.
 */
export function applyJsonPatch(doc: unknown, patch: unknown, opts?: PatchOptions): unknown {
  const ops = decodeOps(patch, strictDecoding(opts));
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(413, 'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
  const copy = clone(doc);
  if (!isObject(copy) && !Array.isArray(copy)) throw patchRejected('document is not an object or array');
  let root: Container = copy;
  try {
    for (const op of ops) root = applyOp(root, op);
  } catch (e) {
    if (e instanceof OpFailed) throw patchRejected(e.message);
    throw e;
  }
  return root;
}
