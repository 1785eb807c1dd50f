// Go's time.Duration String() for millisecond durations, as kubelet event messages print them
// (`140ms`, `1.5s`, `2m3.04s`), and gRPC error text as Go clients print it.
import type { RuntimeError } from '../runtime/errors.js';

export function goDurationMs(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const sMs = total % 60_000;
  const s = `${Math.floor(sMs / 1000)}${sMs % 1000 ? `.${String(sMs % 1000).padStart(3, '0').replace(/0+$/, '')}` : ''}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  if (m > 0) return `${m}m${s}`;
  return s;
}

const GO_CODES: Record<string, string> = {
  OK: 'OK', CANCELLED: 'Canceled', UNKNOWN: 'Unknown', INVALID_ARGUMENT: 'InvalidArgument', DEADLINE_EXCEEDED: 'DeadlineExceeded',
  NOT_FOUND: 'NotFound', ALREADY_EXISTS: 'AlreadyExists', PERMISSION_DENIED: 'PermissionDenied', RESOURCE_EXHAUSTED: 'ResourceExhausted',
  FAILED_PRECONDITION: 'FailedPrecondition', ABORTED: 'Aborted', OUT_OF_RANGE: 'OutOfRange', UNIMPLEMENTED: 'Unimplemented',
  INTERNAL: 'Internal', UNAVAILABLE: 'Unavailable', DATA_LOSS: 'DataLoss', UNAUTHENTICATED: 'Unauthenticated',
};

/** `rpc error: code = Unknown desc = …` for a RuntimeError (what the kubelet shows), the message otherwise. */
export function errorText(err: unknown): string {
  const e = err as Partial<RuntimeError> | undefined;
  if (e && typeof e === 'object' && e.name === 'RuntimeError' && e.code) return `rpc error: code = ${GO_CODES[e.code] ?? e.code} desc = ${e.details ?? ''}`;
  return err instanceof Error ? err.message : String(err);
}
