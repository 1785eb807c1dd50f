// RuntimeError: a failed runtime call, carrying the gRPC status code *name* so callers never import grpc.

/** The gRPC status code names (google.rpc.Code). */
export type RuntimeErrorCode =
  | 'OK' | 'CANCELLED' | 'UNKNOWN' | 'INVALID_ARGUMENT' | 'DEADLINE_EXCEEDED' | 'NOT_FOUND' | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED' | 'RESOURCE_EXHAUSTED' | 'FAILED_PRECONDITION' | 'ABORTED' | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED' | 'INTERNAL' | 'UNAVAILABLE' | 'DATA_LOSS' | 'UNAUTHENTICATED';

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  /**
   * @param code the gRPC status code name, e.g. 'NOT_FOUND'
   * @param details the runtime's own message (gRPC `details`), e.g. `an error occurred when try to find container "x": not found`
   * @param method the CRI method that failed, e.g. 'ContainerStatus'
   */
  constructor(readonly code: RuntimeErrorCode, readonly details: string, readonly method = '') {
    super(method ? `CRI ${method} failed: ${code}: ${details}` : `${code}: ${details}`);
  }
}

export function isRuntimeError(err: unknown, code?: RuntimeErrorCode): err is RuntimeError {
  return err instanceof RuntimeError && (code === undefined || err.code === code);
}

/** True for a RuntimeError with code NOT_FOUND. */
export function isNotFound(err: unknown): boolean {
  return isRuntimeError(err, 'NOT_FOUND');
}
