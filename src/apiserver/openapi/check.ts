// Decoding checks for built-in kinds against their OpenAPI definitions: the wrong-JSON-type errors Go's decoder
// reports (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`) and
// the unknown fields fieldValidation=Strict|Warn reports (`unknown field "spec.template.spec.containers[0].foo"`).
// Matching is case-sensitive, as in Kubernetes' decoder (sigs.k8s.io/json).
import type { FieldError } from '../../machinery/errors.js';
import { fieldErr } from '../../machinery/errors.js';
import type { GVKRef, Schema } from './schema.js';
import { refName } from './schema.js';
import type { SchemaLookup } from './service.js';

export interface CheckOptions {
  /** fieldValidation: Ignore collects no unknown fields. Type errors are reported in every mode. */
  mode: 'Strict' | 'Warn' | 'Ignore';
}

export interface CheckResult {
  /** Unknown field paths, e.g. `spec.foo`, `spec.template.spec.containers[0].foo` (empty in Ignore mode). */
  unknownFields: string[];
  /** Go-style decode errors in document order; Kubernetes reports the first. */
  typeErrors: string[];
  /** The type errors as FieldValueTypeInvalid field errors (field = JSON path with indices). */
  errors: FieldError[];
  /** Set when the request must fail with 400 BadRequest: the Status message to send. */
  badRequest?: string;
  /** Warn mode: the texts for `Warning: 299 - "<text>"` headers. */
  warnings: string[];
}

/** `Deployment in version "v1" cannot be handled as a Deployment: <err>`. */
export function cannotBeHandledMessage(gvk: GVKRef, err: string): string {
  return `${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: ${err}`;
}

/** `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`. */
export function strictDecodingMessage(unknownFields: string[]): string {
  return `strict decoding error: ${unknownFields.map(unknownFieldWarning).join(', ')}`;
}

/** `unknown field "spec.foo"`: the Warn-mode warning text. */
export function unknownFieldWarning(path: string): string {
  return `unknown field "${path}"`;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

interface Walk {
  lookup: SchemaLookup;
  collectUnknown: boolean;
  unknown: string[];
  typeErrors: string[];
  errors: FieldError[];
}

/** Go type name of a schema as encoding/json prints it: `int32`, `[]v1.Container`, `map[string]string`. */
function goType(lookup: SchemaLookup, s: Schema): string {
  if (s.$ref) {
    const parts = refName(s.$ref).split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  switch (s.type) {
    case 'integer': return s.format === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'string': return s.format === 'byte' ? '[]uint8' : 'string';
    case 'array': return `[]${s.items ? goType(lookup, s.items) : 'interface {}'}`;
    case 'object':
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return `map[string]${goType(lookup, s.additionalProperties)}`;
      return 'map[string]interface {}';
    default: return 'interface {}';
  }
}

/** Where a type error happened, in Go's terms. */
interface GoSite { struct?: string; field: string }

function typeError(w: Walk, site: GoSite, path: string, valueDesc: string, want: string, value: unknown): void {
  const msg = site.struct
    ? `json: cannot unmarshal ${valueDesc} into Go struct field ${site.struct}.${site.field} of type ${want}`
    : `json: cannot unmarshal ${valueDesc} into Go value of type ${want}`;
  w.typeErrors.push(msg);
  w.errors.push(fieldErr.typeInvalid(path, value, msg));
}

function visit(w: Walk, s: Schema, v: unknown, path: string, site: GoSite): void {
  if (v === null || v === undefined) return;
  const name = s.$ref ? refName(s.$ref) : undefined;
  const resolved = name ? w.lookup.definition(name) ?? {} : s;
  if (name === QUANTITY) {
    if (typeof v !== 'string' && typeof v !== 'number') {
      const msg = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
      w.typeErrors.push(msg);
      w.errors.push(fieldErr.typeInvalid(path, v, msg));
    }
    return;
  }
  if (name === INT_OR_STRING || resolved['x-kubernetes-int-or-string']) {
    if (typeof v === 'string') return;
    if (typeof v === 'number' && Number.isInteger(v)) return;
    typeError(w, { field: '' }, path, typeof v === 'number' ? `number ${v}` : jsonKind(v), 'int32', v);
    return;
  }
  const want = goType(w.lookup, s);
  const pathOf = (k: string) => (path ? `${path}.${k}` : k);
  const goPath = (k: string) => (site.field ? `${site.field}.${k}` : k);
  switch (resolved.type) {
    case 'string':
      if (typeof v !== 'string') typeError(w, site, path, jsonKind(v), want, v);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') typeError(w, site, path, jsonKind(v), want, v);
      return;
    case 'integer': {
      if (typeof v !== 'number') { typeError(w, site, path, jsonKind(v), want, v); return; }
      const bits = resolved.format === 'int64' ? 63 : 31;
      if (!Number.isInteger(v) || v > 2 ** bits - 1 || v < -(2 ** bits)) typeError(w, site, path, `number ${v}`, want, v);
      return;
    }
    case 'number':
      if (typeof v !== 'number') typeError(w, site, path, jsonKind(v), want, v);
      return;
    case 'array':
      if (!Array.isArray(v)) { typeError(w, site, path, jsonKind(v), want, v); return; }
      if (resolved.items) v.forEach((item, i) => visit(w, resolved.items!, item, `${path}[${i}]`, site));
      return;
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) { typeError(w, site, path, jsonKind(v), want, v); return; }
      const obj = v as Record<string, unknown>;
      if (resolved.properties) {
        const struct = name ? name.slice(name.lastIndexOf('.') + 1) : site.struct;
        for (const [k, val] of Object.entries(obj)) {
          const p = resolved.properties[k];
          if (p) visit(w, p, val, pathOf(k), { struct, field: goPath(k) });
          else if (w.collectUnknown) w.unknown.push(pathOf(k));
        }
      } else if (resolved.additionalProperties && typeof resolved.additionalProperties === 'object') {
        for (const [k, val] of Object.entries(obj)) visit(w, resolved.additionalProperties, val, pathOf(k), site);
      }
      return;
    }
    default:
      return; // untyped: any JSON value (apiextensions JSON, RawExtension-like)
  }
}

/**
 * Checks a decoded request body of a built-in kind against its definition. `lookup` is usually the
 * OpenAPIService. An unknown gvk yields an empty result (nothing to check against).
 */
export function checkObject(lookup: SchemaLookup, gvk: GVKRef, obj: unknown, opts: CheckOptions): CheckResult {
  const w: Walk = { lookup, collectUnknown: opts.mode !== 'Ignore', unknown: [], typeErrors: [], errors: [] };
  const def = lookup.definitionFor(gvk);
  if (def) visit(w, { $ref: `#/definitions/${def}` }, obj, '', { field: '' });
  const result: CheckResult = { unknownFields: w.unknown, typeErrors: w.typeErrors, errors: w.errors, warnings: [] };
  if (w.typeErrors.length) result.badRequest = cannotBeHandledMessage(gvk, w.typeErrors[0]);
  else if (opts.mode === 'Strict' && w.unknown.length) result.badRequest = strictDecodingMessage(w.unknown);
  if (opts.mode === 'Warn') result.warnings = w.unknown.map(unknownFieldWarning);
  return result;
}
