// Pruning: custom resources keep only the fields their structural schema specifies, except below
// `x-kubernetes-preserve-unknown-fields: true`. Root (and embedded-resource) apiVersion, kind and metadata stay.
import type { Schema } from '../schema.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const TYPE_META = new Set(['apiVersion', 'kind', 'metadata']);

function pruneNode(s: Schema, v: unknown, path: string, pruned: string[], keepTypeMeta: boolean): void {
  const sub = (k: string) => (path ? `${path}.${k}` : k);
  if (Array.isArray(v)) {
    if (s.items) v.forEach((item, i) => pruneNode(s.items!, item, `${path}[${i}]`, pruned, !!s.items!['x-kubernetes-embedded-resource']));
    return;
  }
  if (!isObject(v)) return;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = s.additionalProperties;
  for (const k of Object.keys(v)) {
    const p = s.properties?.[k];
    if (p) { pruneNode(p, v[k], sub(k), pruned, !!p['x-kubernetes-embedded-resource']); continue; }
    if (keepTypeMeta && TYPE_META.has(k)) continue;
    if (typeof additional === 'object') { pruneNode(additional, v[k], sub(k), pruned, !!additional['x-kubernetes-embedded-resource']); continue; }
    if (additional === true || preserve) continue;
    delete v[k];
    pruned.push(sub(k));
  }
}

/**
 * Removes, in place, every field of `obj` the schema does not specify. Returns the removed paths
 * (`spec.foo`, `spec.items[0].bar`), which Strict/Warn fieldValidation report as unknown fields.
 */
export function pruneCustomResource(schema: Schema, obj: unknown): string[] {
  const pruned: string[] = [];
  pruneNode(schema, obj, '', pruned, true);
  return pruned;
}
