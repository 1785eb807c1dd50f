// OpenAPI v3 documents per group-version: paths from paths.ts, components.schemas = every definition the paths
// reach, converted from the stored v2 spelling (a `$ref` with sibling keys becomes `allOf: [{$ref}]`, because
// OpenAPI 3.0 ignores siblings of `$ref`; this is also what the real server emits).
import type { Definitions, Schema } from './schema.js';
import { refName, V2_REF_PREFIX, V3_REF_PREFIX } from './schema.js';
import type { DefinitionOf, PathResource } from './paths.js';
import { resourcePaths } from './paths.js';

/** Converts one stored schema to its v3 spelling (deep; the input is not modified). */
export function toV3Schema(s: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s) as [keyof Schema & string, unknown][]) {
    if (k === '$ref') continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([n, p]) => [n, toV3Schema(p)]));
    } else if (k === 'items' || k === 'not' || (k === 'additionalProperties' && typeof v === 'object')) {
      (out as Record<string, unknown>)[k] = toV3Schema(v as Schema);
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      (out as Record<string, unknown>)[k] = (v as Schema[]).map(toV3Schema);
    } else {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  if (s.$ref !== undefined) {
    const ref = { $ref: V3_REF_PREFIX + refName(s.$ref) };
    if (Object.keys(out).length === 0) return ref;
    out.allOf = [ref, ...(out.allOf ?? [])];
  }
  return out;
}

/** Every definition name reachable from `roots` through `$ref`s. */
export function reachable(defs: Definitions, roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  const visit = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    if (Array.isArray(s)) { s.forEach(visit); return; }
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(V2_REF_PREFIX)) stack.push(refName(v));
      else if (k === 'properties' && v && typeof v === 'object') Object.values(v).forEach(visit);
      else if (k !== 'enum' && k !== 'default' && k !== 'example') visit(v);
    }
  };
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || !defs[n]) continue;
    seen.add(n);
    visit(defs[n]);
  }
  return [...seen].sort();
}

/** Definitions whose v3 form lists alternative types (v2 can only say `string`); kubectl explain then shows the kind name. */
const V3_ONE_OF: Record<string, string[]> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': ['string', 'number'],
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': ['integer', 'string'],
};

function v3OneOf(s: Schema, types: string[]): Schema {
  const { type: _type, ...rest } = s;
  return { ...rest, oneOf: types.map((t) => ({ type: t })) };
}

const ALWAYS = ['io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch', 'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList'];

/** The full OpenAPI 3.0 document for the given resources of one group-version. */
export function buildV3Document(resources: PathResource[], defs: Definitions, defOf: DefinitionOf): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of resources) Object.assign(paths, resourcePaths(r, defOf));
  const roots = new Set(ALWAYS);
  JSON.stringify(paths, (k, v) => {
    if (k === '$ref' && typeof v === 'string') roots.add(refName(v));
    return v;
  });
  const schemas: Record<string, Schema> = {};
  for (const n of reachable(defs, roots)) schemas[n] = V3_ONE_OF[n] ? v3OneOf(defs[n], V3_ONE_OF[n]) : toV3Schema(defs[n]);
  const sortedPaths = Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]]));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: sortedPaths,
    components: { schemas },
  };
}
