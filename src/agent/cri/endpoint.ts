// CRI endpoint strings as the kubelet accepts them (`unix:///run/x.sock` or a bare absolute path) → a grpc-js target.
import { isAbsolute } from 'node:path';

/** The grpc-js target for a CRI endpoint. Throws for anything but an absolute unix socket path. */
export function criTarget(endpoint: string): string {
  const path = endpoint.startsWith('unix://') ? endpoint.slice('unix://'.length)
    : endpoint.startsWith('unix:') ? endpoint.slice('unix:'.length)
    : endpoint;
  if (!path || !isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(endpoint.replace(/^unix:/, ''))) {
    throw new Error(`Invalid container runtime endpoint "${endpoint}": expected unix:///absolute/path.sock or /absolute/path.sock`);
  }
  return `unix://${path}`;
}
