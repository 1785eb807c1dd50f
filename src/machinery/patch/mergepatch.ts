// RFC 7386 JSON Merge Patch, as gopkg.in/evanphx/json-patch.v4 applies it for kube-apiserver: objects merge
// recursively, null deletes, arrays and scalars replace. Null members of objects newly written into the document are
// dropped, also inside arrays (the library prunes them; the RFC keeps arrays verbatim).
import { badRequest, strictDecoding, type PatchOptions } from './errors.js';
import { clone, deepEqual, isObject, jsonKindWord, type JsonObject } from './json.js';

/** Drops null object members, recursively through objects and arrays (array elements themselves are kept). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? null : pruneNulls(x)));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
    return out;
  }
  return v;
}

function mergeInto(doc: JsonObject, patch: JsonObject): JsonObject {
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null || !isObject(cur)) doc[k] = pruneNulls(clone(pv));
    else if (!isObject(pv)) doc[k] = clone(pv);
    else doc[k] = mergeInto(cur, pv);
  }
  return doc;
}

/**
 * Apply an RFC 7386 merge patch (already JSON-decoded) to `doc`; `doc` is not modified. An object patch merges into an
 * object document; any other document is replaced by the (null-pruned) patch. Throws ApiError 400 for a patch the
 * apiserver refuses: null, a scalar, or (with the default fieldValidation) anything but an object.
 */
export function applyMergePatch(doc: unknown, patch: unknown, opts?: PatchOptions): unknown {
  if (patch === null || patch === undefined) throw badRequest('Invalid JSON Patch');
  if (!isObject(patch)) {
    if (strictDecoding(opts)) {
      throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type map[string]interface {}`);
    }
    if (!Array.isArray(patch)) throw badRequest('Invalid JSON Patch');
    return pruneNulls(clone(patch));
  }
  if (!isObject(doc)) return pruneNulls(clone(patch));
  return mergeInto(clone(doc), patch);
}

/**
 * The RFC 7386 patch that turns `original` into `modified`: changed members, null for removed ones, nested objects
 * diffed recursively, arrays and scalars whole. `{}` when they are equal; `modified` itself when either is not an object.
 */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  if (!isObject(original) || !isObject(modified)) return clone(modified);
  const patch: JsonObject = {};
  for (const k of Object.keys(original)) if (!(k in modified)) patch[k] = null;
  for (const [k, mv] of Object.entries(modified)) {
    const ov = original[k];
    if (isObject(ov) && isObject(mv)) {
      const sub = createMergePatch(ov, mv) as JsonObject;
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (!(k in original) || !deepEqual(ov, mv)) {
      patch[k] = isObject(mv) ? createMergePatch({}, mv) : clone(mv);
    }
  }
  return patch;
}
