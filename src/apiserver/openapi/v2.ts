// OpenAPI v2: a swagger JSON document (full definitions, and PATCH operations carrying the gvk and the
// fieldValidation parameter) and its gnostic protobuf encoding, which kubectl 1.27/1.28 read for `explain`,
// validation and strategic-merge-patch metadata.
import YAML from 'yaml';
import type { Definitions, GVKRef, Schema } from './schema.js';
import { V2_REF_PREFIX, refName } from './schema.js';
import type { DefinitionOf, PathResource } from './paths.js';
import { gvPrefix } from './paths.js';
import { documentType } from './gnostic.js';

export const V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = Record<string, unknown>;

const param = (name: string, type: string) => ({ name, in: 'query', type, uniqueItems: true });

/** The swagger 2.0 document: every definition, plus a PATCH per resource item path. */
export function buildV2Document(resources: PathResource[], defs: Definitions, defOf: DefinitionOf, version: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of resources) {
    if (!r.verbs.includes('patch')) continue;
    const gvk: GVKRef = { group: r.group, version: r.version, kind: r.kind };
    const ns = r.namespaced ? '/namespaces/{namespace}' : '';
    const def = defOf(gvk);
    paths[`${gvPrefix(r.group, r.version)}${ns}/${r.resource}/{name}`] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        consumes: ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'],
        produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
        operationId: `patch${r.group.replace(/\W/g, '')}${r.version}${r.kind}`,
        parameters: [
          { name: 'name', in: 'path', required: true, type: 'string', uniqueItems: true },
          ...(r.namespaced ? [{ name: 'namespace', in: 'path', required: true, type: 'string', uniqueItems: true }] : []),
          { name: 'body', in: 'body', required: true, schema: { $ref: `${V2_REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.Patch` } },
          param('dryRun', 'string'), param('fieldManager', 'string'), param('fieldValidation', 'string'), param('force', 'boolean'),
        ],
        responses: { 200: { description: 'OK', schema: def ? { $ref: V2_REF_PREFIX + def } : { type: 'object' } } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
  }
  const definitions: Definitions = {};
  for (const n of Object.keys(defs).sort()) definitions[n] = toV2Schema(defs[n]);
  return { swagger: '2.0', info: { title: 'Kubernetes', version }, paths: sortKeys(paths), definitions };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** Drops what swagger 2.0 cannot say (CRD schemas are v3): nullable, anyOf/oneOf/not. */
export function toV2Schema(s: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable' || k === 'anyOf' || k === 'oneOf' || k === 'not') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([n, p]) => [n, toV2Schema(p)]));
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) (out as Json)[k] = toV2Schema(v as Schema);
    else if (k === 'allOf') out.allOf = (v as Schema[]).map(toV2Schema);
    else (out as Json)[k] = v;
  }
  return out;
}

const yamlAny = (v: unknown) => ({ yaml: YAML.stringify(v) });

function vendorExtensions(o: Json): Json[] {
  return Object.keys(o).filter((k) => k.startsWith('x-')).sort().map((k) => ({ name: k, value: yamlAny(o[k]) }));
}

/** A swagger schema as a gnostic `Schema` message object. */
export function schemaMessage(s: Schema): Json {
  const m: Json = {};
  if (s.$ref) m._ref = V2_REF_PREFIX + refName(s.$ref);
  if (s.format) m.format = s.format;
  if (s.description) m.description = s.description;
  if (s.default !== undefined) m.default = yamlAny(s.default);
  for (const k of ['multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties'] as const) {
    if (typeof s[k] === 'number') m[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = s[k];
  }
  if (s.exclusiveMaximum) m.exclusive_maximum = true;
  if (s.exclusiveMinimum) m.exclusive_minimum = true;
  if (s.uniqueItems) m.unique_items = true;
  if (s.pattern) m.pattern = s.pattern;
  if (s.required?.length) m.required = s.required;
  if (s.enum) m.enum = s.enum.map(yamlAny);
  if (typeof s.additionalProperties === 'boolean') m.additional_properties = { boolean: s.additionalProperties };
  else if (s.additionalProperties) m.additional_properties = { schema: schemaMessage(s.additionalProperties) };
  if (s.type) m.type = { value: [s.type] };
  if (s.items) m.items = { schema: [schemaMessage(s.items)] };
  if (s.allOf) m.all_of = s.allOf.map(schemaMessage);
  if (s.properties) m.properties = { additional_properties: Object.entries(s.properties).map(([name, p]) => ({ name, value: schemaMessage(p) })) };
  const ext = vendorExtensions(s as Json);
  if (ext.length) m.vendor_extension = ext;
  return m;
}

function parameterMessage(p: Json): Json {
  if (p.in === 'body') return { parameter: { body_parameter: { name: p.name, in: 'body', required: !!p.required, schema: schemaMessage(p.schema as Schema) } } };
  const sub = { name: p.name, in: p.in, required: !!p.required, type: p.type, unique_items: !!p.uniqueItems };
  return { parameter: { non_body_parameter: p.in === 'path' ? { path_parameter_sub_schema: sub } : { query_parameter_sub_schema: sub } } };
}

function operationMessage(o: Json): Json {
  const responses = Object.entries((o.responses ?? {}) as Record<string, Json>).map(([code, r]) => ({
    name: code, value: { response: { description: r.description, ...(r.schema ? { schema: { schema: schemaMessage(r.schema as Schema) } } : {}) } },
  }));
  return {
    description: o.description, operation_id: o.operationId, consumes: o.consumes, produces: o.produces,
    parameters: ((o.parameters ?? []) as Json[]).map(parameterMessage),
    responses: { response_code: responses },
    vendor_extension: vendorExtensions(o),
  };
}

/** Encodes a swagger JSON document (from buildV2Document) as a gnostic `openapi_v2.Document`. */
export function encodeV2(doc: Json): Buffer {
  const info = doc.info as Json;
  const paths = Object.entries((doc.paths ?? {}) as Record<string, Json>).map(([name, item]) => {
    const value: Json = {};
    for (const verb of ['get', 'put', 'post', 'delete', 'patch']) if (item[verb]) value[verb] = operationMessage(item[verb] as Json);
    return { name, value };
  });
  const definitions = Object.entries((doc.definitions ?? {}) as Definitions).map(([name, s]) => ({ name, value: schemaMessage(s) }));
  const T = documentType();
  const msg = T.fromObject({ swagger: doc.swagger, info: { title: info.title, version: info.version }, paths: { path: paths }, definitions: { additional_properties: definitions } });
  return Buffer.from(T.encode(msg).finish());
}

/** Decodes a gnostic document back into plain objects (tests, debugging). */
export function decodeV2(buf: Uint8Array): Json {
  const T = documentType();
  return T.toObject(T.decode(buf), { longs: Number, defaults: false, arrays: true }) as Json;
}
