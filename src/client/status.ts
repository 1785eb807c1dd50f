// Turning a non-2xx response back into the ApiError the server meant (client-go's errors.FromObject /
// NewGenericServerResponse), so callers can test `e.code === 409` or `e.reason === 'NotFound'`.
import { ApiError, type StatusReason } from '../machinery/errors.js';
import type { Status } from '../api/types.js';
import type { TransportResponse } from './transport.js';

const GENERIC: Record<number, [StatusReason, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  413: ['RequestEntityTooLarge', 'the server has rejected the request because it is too large'],
  415: ['UnsupportedMediaType', 'the server does not support the requested media type'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
};
GENERIC[410] = ['Gone', 'the server has removed the requested resource'];

/** Reconstructs an ApiError from a metav1.Status object (e.g. a watch ERROR event's object). */
export function apiErrorFromStatus(s: Status, fallbackCode = 500): ApiError {
  return new ApiError(s.code ?? fallbackCode, (s.reason ?? '') as StatusReason, s.message ?? '', s.details);
}

export function isStatus(v: unknown): v is Status {
  return !!v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'Status';
}

/** The ApiError a non-2xx response stands for. */
export function apiErrorFromResponse(res: TransportResponse): ApiError {
  let parsed: unknown;
  try { parsed = JSON.parse(res.body.toString('utf8')); } catch { parsed = undefined; }
  if (isStatus(parsed)) return apiErrorFromStatus(parsed, res.status);
  const [reason, msg] = GENERIC[res.status] ?? ['', `the server responded with the status code ${res.status} but did not return more information`];
  const text = res.body.toString('utf8').trim();
  return new ApiError(res.status, reason, text && text.length < 512 && res.status !== 404 ? `${msg} (${text})` : msg);
}
