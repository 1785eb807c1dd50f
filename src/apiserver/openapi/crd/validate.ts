// Validation of custom resources against a CRD version's structural schema (the OpenAPI v3 subset Kubernetes
// accepts), with the messages kube-apiserver produces, e.g.
// `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
import type { FieldError } from '../../../machinery/errors.js';
import { fieldErr } from '../../../machinery/errors.js';
import type { Schema } from '../schema.js';
import { checkFormat } from './formats.js';

/** The OpenAPI type name of a JSON value: what Kubernetes quotes in type errors. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    default: return true;
  }
}

const inBody = (path: string) => `${path || 'body'} in body`;
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function typeInvalid(path: string, v: unknown, want: string): FieldError {
  const actual = jsonTypeName(v);
  return fieldErr.typeInvalid(path, actual, `${inBody(path)} must be of type ${want}: "${actual}"`);
}

function validateNode(s: Schema, v: unknown, path: string, errs: FieldError[], root: boolean): void {
  const sub = (k: string) => (path ? `${path}.${k}` : k);
  if (v === null) {
    if (s.nullable || (!s.type && !s['x-kubernetes-int-or-string'])) return;
    errs.push(typeInvalid(path, v, s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type!));
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) { errs.push(typeInvalid(path, v, 'integer,string')); return; }
  } else if (s.type && !typeMatches(s.type, v)) {
    errs.push(typeInvalid(path, v, s.type));
    return;
  }
  if (s.enum && !s.enum.some((e) => deepEqual(e, v))) errs.push(fieldErr.notSupported(path, v, s.enum.map((e) => show(e))));

  if (typeof v === 'string') {
    if (s.maxLength !== undefined && [...v].length > s.maxLength) errs.push(fieldErr.tooLong(path, v, s.maxLength));
    if (s.minLength !== undefined && [...v].length < s.minLength) errs.push(fieldErr.invalid(path, v, `${inBody(path)} should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) errs.push(fieldErr.invalid(path, v, `${inBody(path)} should match '${s.pattern}'`));
  }
  if (s.format && !checkFormat(s.format, v)) errs.push(fieldErr.invalid(path, v, `${inBody(path)} must be of type ${s.format}: ${JSON.stringify(v)}`));
  if (typeof v === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      errs.push(fieldErr.invalid(path, v, `${inBody(path)} should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
    }
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      errs.push(fieldErr.invalid(path, v, `${inBody(path)} should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
    }
    if (s.multipleOf !== undefined && s.multipleOf !== 0 && !Number.isInteger(v / s.multipleOf)) {
      errs.push(fieldErr.invalid(path, v, `${inBody(path)} should be a multiple of ${s.multipleOf}`));
    }
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) errs.push(fieldErr.invalid(path, v.length, `${inBody(path)} should have at least ${s.minItems} items`));
    if (s.maxItems !== undefined && v.length > s.maxItems) {
      errs.push({ type: 'FieldValueTooMany', field: path, value: v.length, detail: `Too many: ${v.length}: must have at most ${s.maxItems} items` });
    }
    if (s.uniqueItems || s['x-kubernetes-list-type'] === 'set') {
      v.forEach((item, i) => { if (v.slice(0, i).some((prev) => deepEqual(prev, item))) errs.push(fieldErr.duplicate(`${path}[${i}]`, item)); });
    }
    if (s.items) v.forEach((item, i) => validateNode(s.items!, item, `${path}[${i}]`, errs, false));
  }
  if (isObject(v)) {
    const n = Object.keys(v).length;
    if (s.minProperties !== undefined && n < s.minProperties) errs.push(fieldErr.invalid(path, n, `${inBody(path)} should have at least ${s.minProperties} properties`));
    if (s.maxProperties !== undefined && n > s.maxProperties) {
      errs.push({ type: 'FieldValueTooMany', field: path, value: n, detail: `Too many: ${n}: must have at most ${s.maxProperties} items` });
    }
    for (const r of s.required ?? []) if (v[r] === undefined) errs.push(fieldErr.required(sub(r)));
    if (s['x-kubernetes-embedded-resource']) {
      for (const k of ['apiVersion', 'kind']) if (typeof v[k] !== 'string' || v[k] === '') errs.push(fieldErr.required(sub(k), 'must not be empty'));
    }
    for (const [k, val] of Object.entries(v)) {
      if (root && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      const p = s.properties?.[k];
      if (p) validateNode(p, val, sub(k), errs, false);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') validateNode(s.additionalProperties, val, sub(k), errs, false);
    }
  }
  validateCombinators(s, v, path, errs);
}

function passes(s: Schema, v: unknown, path: string): boolean {
  const e: FieldError[] = [];
  validateNode(s, v, path, e, false);
  return e.length === 0;
}

function validateCombinators(s: Schema, v: unknown, path: string, errs: FieldError[]): void {
  for (const a of s.allOf ?? []) validateNode(a, v, path, errs, false);
  if (s.anyOf && !s.anyOf.some((a) => passes(a, v, path))) errs.push(fieldErr.invalid(path, v, `${inBody(path)} must validate at least one schema (anyOf)`));
  if (s.oneOf && s.oneOf.filter((a) => passes(a, v, path)).length !== 1) errs.push(fieldErr.invalid(path, v, `${inBody(path)} must validate one and only one schema (oneOf)`));
  if (s.not && passes(s.not, v, path)) errs.push(fieldErr.invalid(path, v, `${inBody(path)} must not validate the schema (not)`));
}

/**
 * Validates a custom resource against `schema` (a CRD version's openAPIV3Schema). Root apiVersion, kind and
 * metadata are skipped: ObjectMeta validation happens elsewhere. Field paths have no leading dot.
 */
export function validateCustomResource(schema: Schema, obj: unknown): FieldError[] {
  const errs: FieldError[] = [];
  validateNode(schema, obj, '', errs, true);
  return errs;
}
