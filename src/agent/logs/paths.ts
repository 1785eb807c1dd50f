// Where the kubelet (and so Skiff) keeps container logs: /var/log/pods/<ns>_<pod>_<uid>/<container>/<attempt>.log.
import { join } from 'node:path';

export const DEFAULT_LOGS_DIR = '/var/log/pods';

/** The pod's log directory (PodSandboxConfig.logDirectory). */
export function podLogDir(logsDir: string, namespace: string, name: string, uid: string): string {
  return join(logsDir, `${namespace}_${name}_${uid}`);
}

/** ContainerConfig.logPath, relative to the pod's log directory. */
export function containerLogRelPath(container: string, attempt: number): string {
  return join(container, `${attempt}.log`);
}

export function containerLogPath(logsDir: string, namespace: string, name: string, uid: string, container: string, attempt: number): string {
  return join(podLogDir(logsDir, namespace, name, uid), containerLogRelPath(container, attempt));
}
