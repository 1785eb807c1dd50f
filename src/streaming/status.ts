// The exit status written on the error channel: a metav1.Status in JSON for v4/v5, plain text for v1–v3.
import type { Status } from '../api/types.js';
import type { ExecResult } from './types.js';
import { usesJsonStatus } from './protocol.js';

export const NON_ZERO_EXIT_CODE_REASON = 'NonZeroExitCode';
export const EXIT_CODE_CAUSE = 'ExitCode';

/** The Status the kubelet writes for a result (remotecommand/websocket.go v4WriteStatusFunc). */
export function resultToStatus(result: ExecResult): Status {
  if (result.status) return result.status;
  if ('exitCode' in result) {
    if (result.exitCode === 0) return { metadata: {}, status: 'Success' };
    return {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: exit status ${result.exitCode}`,
      reason: NON_ZERO_EXIT_CODE_REASON,
      details: { causes: [{ reason: EXIT_CODE_CAUSE, message: String(result.exitCode) }] },
    };
  }
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${result.error}`,
    reason: 'InternalError',
    details: { causes: [{ message: result.error }] },
    code: 500,
  };
}

/** Bytes for the error channel; empty for success on v1–v3 (a v1–v3 client treats any text as an error). */
export function encodeResult(protocol: string, result: ExecResult): Buffer {
  if (usesJsonStatus(protocol)) return Buffer.from(JSON.stringify(resultToStatus(result)));
  if ('exitCode' in result && result.exitCode === 0 && !result.status) return Buffer.alloc(0);
  return Buffer.from(resultToStatus(result).message ?? 'error');
}

/** client-go's errorDecoderV4 / errorDecoderV1, as a result: an empty channel means success. */
export function decodeResult(protocol: string, bytes: Buffer): ExecResult {
  if (bytes.length === 0) return { exitCode: 0 };
  if (!usesJsonStatus(protocol)) return { error: bytes.toString('utf8') };
  let status: Status;
  try {
    status = JSON.parse(bytes.toString('utf8')) as Status;
  } catch {
    return { error: `error stream protocol error: ${bytes.toString('utf8')}` };
  }
  if (status.status === 'Success') return { exitCode: 0, status };
  if (status.reason === NON_ZERO_EXIT_CODE_REASON) {
    const cause = status.details?.causes?.find((c) => c.reason === EXIT_CODE_CAUSE);
    const code = cause?.message !== undefined ? Number.parseInt(cause.message, 10) : Number.NaN;
    if (Number.isInteger(code)) return { exitCode: code, status };
  }
  return { error: status.message ?? 'unknown error', status };
}
