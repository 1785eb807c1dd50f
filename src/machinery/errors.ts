// Errors are data: every failure the API edge reports is a metav1.Status. Constructors mirror
// k8s.io/apimachinery/pkg/api/errors so that kubectl's IsNotFound/IsConflict/... logic and messages hold.
import type { Status, StatusCause } from '../api/types.js';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Gone' | 'Expired'
  | 'Invalid' | 'MethodNotAllowed' | 'NotAcceptable' | 'RequestEntityTooLarge' | 'UnsupportedMediaType'
  | 'TooManyRequests' | 'InternalError' | 'Timeout' | 'ServiceUnavailable' | 'ServerTimeout' | '';

/** Identifies the resource an error is about: `group` is '' for core, `resource` is the plural. */
export interface GroupResource { group: string; resource: string }

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: Status['details'],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason || undefined, code: this.code };
    if (this.details) s.details = this.details;
    if (!s.reason) delete s.reason;
    return s;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** `pods` or `deployments.apps`: the qualified resource as Kubernetes prints it. */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function details(gr: GroupResource, name: string | undefined): Status['details'] {
  const d: NonNullable<Status['details']> = { kind: gr.resource };
  if (name !== undefined) d.name = name;
  if (gr.group) d.group = gr.group;
  return d;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, details(gr, name));
}

export function resourceNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, details(gr, name));
}

export function conflict(gr: GroupResource, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, details(gr, name));
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function unauthorized(message = 'Unauthorized'): ApiError {
  return new ApiError(401, 'Unauthorized', message);
}

export function forbidden(message: string, gr?: GroupResource, name?: string): ApiError {
  return new ApiError(403, 'Forbidden', message, gr ? details(gr, name) : undefined);
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message);
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function tooLarge(message = 'Request entity too large: limit is 3145728'): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', message);
}

export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return new ApiError(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'UnexpectedServerResponse' as never, message: `unsupported media type "${contentType}"` }] });
}

export function tooManyRequests(message: string, retryAfterSeconds?: number, causes?: StatusCause[]): ApiError {
  return new ApiError(429, 'TooManyRequests', message, causes ? { causes, retryAfterSeconds } : { retryAfterSeconds },
    retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : undefined);
}

export function internalError(err: unknown): ApiError {
  const msg = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, 'ServiceUnavailable', message);
}

/** One field error, in the shape of apimachinery's field.Error. */
export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueTooMany' | 'FieldValueNotFound' | 'FieldValueTypeInvalid';
  field: string;
  /** Human detail, e.g. `must be greater than or equal to 0`. */
  detail: string;
  value?: unknown;
  /** For NotSupported: the allowed values. */
  supported?: string[];
  /** The value exactly as Go's %#v prints it when that is not JSON (e.g. `[]string{"10.0.0.1"}`). */
  goValue?: string;
}

export const fieldErr = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({ type: 'FieldValueNotSupported', field, value, detail: '', supported }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, value, detail: '' }),
  tooLong: (field: string, value: unknown, max: number): FieldError => ({ type: 'FieldValueTooLong', field, value, detail: `must have at most ${max} bytes` }),
  typeInvalid: (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, value, detail }),
};

function fmtValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The text apimachinery's field.Error.Error() produces. */
export function fieldErrorMessage(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired': return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueInvalid': return `${e.field}: Invalid value: ${e.goValue ?? fmtValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotSupported': return `${e.field}: Unsupported value: ${fmtValue(e.value)}${e.supported?.length ? `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}` : ''}`;
    case 'FieldValueForbidden': return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueDuplicate': return `${e.field}: Duplicate value: ${fmtValue(e.value)}`;
    case 'FieldValueTooLong': return `${e.field}: Too long: ${e.detail}`;
    case 'FieldValueTypeInvalid': return `${e.field}: Invalid value: ${fmtValue(e.value)}: ${e.detail}`;
    default: return `${e.field}: ${e.detail}`;
  }
}

/** 422 Invalid: `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be ...`. Note details.kind is the Kind. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const msgs = errs.map(fieldErrorMessage);
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  const d: NonNullable<Status['details']> = {
    name, kind,
    causes: errs.map((e) => ({ reason: e.type, message: fieldErrorMessage(e).slice(e.field.length + 2), field: e.field })),
  };
  if (group) d.group = group;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${agg}`, d);
}
