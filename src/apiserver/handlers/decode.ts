// Decoding an object body for create/update: JSON, YAML or Kubernetes protobuf; checking its apiVersion/kind
// against the endpoint; schema checks per fieldValidation.
import type { KObject } from '../../api/types.js';
import { badRequest, unsupportedMediaType, ApiError } from '../../machinery/errors.js';
import { mediaType, parseJson, parseYaml, requireObject } from '../http/body.js';
import { decodeK8sProtobuf } from '../protobuf/index.js';
import type { RequestContext } from './context.js';
import { groupVersion } from '../resources.js';

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

export function decodeObject(ctx: RequestContext, body: Buffer): KObject {
  const mt = mediaType(ctx.req.headers['content-type']);
  let v: unknown;
  if (mt === '' || mt === 'application/json' || mt === '*/*') v = parseJson(body);
  else if (mt === 'application/yaml' || mt === 'application/x-yaml' || mt === 'text/yaml') v = parseYaml(body);
  else if (mt === 'application/vnd.kubernetes.protobuf') v = decodeK8sProtobuf(body);
  else throw unsupportedMediaType(mt, OBJECT_MEDIA_TYPES);
  const obj = requireObject(v) as KObject;
  checkTypeMeta(ctx, obj);
  return obj;
}

/** The body's apiVersion/kind must name the endpoint's type (missing ones are filled in). */
export function checkTypeMeta(ctx: RequestContext, obj: KObject, expected?: { apiVersion: string; kind: string }): void {
  const i = ctx.entry.info;
  const want = expected ?? { apiVersion: groupVersion(i.group, i.version), kind: i.kind };
  if (obj.apiVersion !== undefined && typeof obj.apiVersion !== 'string') throw badRequest(`apiVersion must be a string, got ${JSON.stringify(obj.apiVersion)}`);
  if (obj.kind !== undefined && typeof obj.kind !== 'string') throw badRequest(`kind must be a string, got ${JSON.stringify(obj.kind)}`);
  if (obj.apiVersion && obj.apiVersion !== want.apiVersion) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want.apiVersion})`);
  }
  if (obj.kind && obj.kind !== want.kind) {
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${want.kind})`);
  }
  obj.apiVersion = want.apiVersion;
  obj.kind = want.kind;
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))) {
    throw new ApiError(400, 'BadRequest', `${want.kind} in version "${want.apiVersion.split('/').pop()}" cannot be handled as a ${want.kind}: json: cannot unmarshal ${describeJsonType(obj.metadata)} into Go struct field ${want.kind}.metadata of type v1.ObjectMeta`);
  }
}

export function describeJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  return typeof v;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationMode(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

export function dryRunOf(query: URLSearchParams): boolean {
  const vs = query.getAll('dryRun');
  for (const v of vs) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return vs.length > 0;
}
