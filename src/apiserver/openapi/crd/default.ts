// Defaulting: fills in schema `default`s for absent fields (and for nulls where the field is not nullable),
// walking properties, items and additionalProperties. Runs after pruning, as in Kubernetes.
import type { Schema } from '../schema.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function defaultNode(s: Schema, v: unknown, root: boolean): void {
  if (Array.isArray(v)) {
    if (s.items) v.forEach((item) => defaultNode(s.items!, item, false));
    return;
  }
  if (!isObject(v)) return;
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (root && k === 'metadata') continue;
    if (p.default !== undefined && (v[k] === undefined || (v[k] === null && !p.nullable))) v[k] = structuredClone(p.default);
  }
  for (const [k, val] of Object.entries(v)) {
    if (root && k === 'metadata') continue;
    const p = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (p) defaultNode(p, val, false);
  }
}

/** Applies the schema's defaults to `obj` in place and returns it. */
export function defaultCustomResource<T>(schema: Schema, obj: T): T {
  defaultNode(schema, obj, true);
  return obj;
}
