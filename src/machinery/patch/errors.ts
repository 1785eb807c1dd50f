// The error shapes the real apiserver returns for patches that cannot be decoded or applied
// (k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
import { ApiError, badRequest } from '../errors.js';

/** How strictly the request body is decoded: the `fieldValidation` query parameter. The server defaults to Warn. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface PatchOptions {
  /** @default 'Warn' (the apiserver's default when the parameter is absent) */
  fieldValidation?: FieldValidation;
}

export function strictDecoding(opts: PatchOptions | undefined): boolean {
  return (opts?.fieldValidation ?? 'Warn') !== 'Ignore';
}

/**
 * 422 built by NewGenericServerResponse(422, ...): the server drops the underlying message and answers with this
 * fixed text and empty details. The underlying reason is kept as `cause` for logs and tests.
 */
export function patchRejected(detail: string): ApiError {
  const err = new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  err.cause = detail;
  return err;
}

/** A strategic merge patch failure that the apiserver passes through unconverted: 500 with no reason. */
export function unconvertedError(message: string): ApiError {
  return new ApiError(500, '', message);
}

export { badRequest };
