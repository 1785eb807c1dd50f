// The write path's schema step: type errors and unknown fields of built-in kinds (from the generated OpenAPI
// definitions) and pruning of custom resources (from their structural schema). Unknown fields never reach storage,
// as in Kubernetes where decoding into typed structs drops them.
import type { KObject } from '../api/types.js';
import type { SchemaChecker } from './handlers/env.js';
import { checkObject, pruneCustomResource, type OpenAPIService } from './openapi/index.js';

export function createSchemaChecker(openapi: OpenAPIService): SchemaChecker {
  return {
    check(entry, obj, mode) {
      if (entry.crd) {
        const schema = entry.crd.schema;
        if (!schema) return { unknownFields: [], errors: [] };
        const pruned = pruneCustomResource(schema as never, obj);
        return { unknownFields: mode === 'Ignore' ? [] : pruned, errors: [] };
      }
      const i = entry.info;
      const r = checkObject(openapi, { group: i.group, version: i.version, kind: i.kind }, obj, { mode: 'Warn' });
      if (r.typeErrors.length && r.badRequest) return { unknownFields: [], errors: [r.badRequest] };
      for (const p of r.unknownFields) deletePath(obj, p);
      return { unknownFields: mode === 'Ignore' ? [] : r.unknownFields, errors: [] };
    },
  };
}

/** Delete the field at a path such as `spec.template.spec.containers[0].foo`. */
export function deletePath(obj: KObject, path: string): void {
  const tokens: (string | number)[] = [];
  for (const part of path.replace(/^\./, '').split('.')) {
    const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
    if (!m) { tokens.push(part); continue; }
    if (m[1]) tokens.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) tokens.push(Number(idx[1]));
  }
  let cur: unknown = obj;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[tokens[i]];
  }
  if (cur !== null && typeof cur === 'object') delete (cur as Record<string | number, unknown>)[tokens[tokens.length - 1]];
}
