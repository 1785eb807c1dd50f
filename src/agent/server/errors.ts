// The errors this endpoint answers, worded as the kubelet words them (kubectl prints them verbatim).
import { ApiError } from '../../machinery/errors.js';
import { isRuntimeError } from '../runtime/errors.js';

/** Upgrade refusals: kubectl prints `error: <message>`; with the kubelet's plain-text body it would print
 * `unable to upgrade connection: <text>`, so that prefix is part of the message. */
export function upgradeError(code: number, reason: ApiError['reason'], text: string): ApiError {
  return new ApiError(code, reason, `unable to upgrade connection: ${text}`);
}

export const podDoesNotExist = () => upgradeError(404, 'NotFound', 'pod does not exist');
export const containerNotFound = (container: string) => upgradeError(500, 'InternalError', `container not found (${JSON.stringify(container)})`);

/** A runtime failure while asking for a streaming URL. */
export function runtimeUpgradeError(err: unknown): ApiError {
  if (isRuntimeError(err, 'NOT_FOUND')) return upgradeError(404, 'NotFound', errorText(err));
  return upgradeError(500, 'InternalError', errorText(err));
}

export function errorText(err: unknown): string {
  if (isRuntimeError(err)) return err.details;
  return err instanceof Error ? err.message : String(err);
}
