// A kubeconfig with embedded CA and client certificate, as `skiff server --write-kubeconfig` writes it.
import { stringify } from 'yaml';
import { writeFileAtomic } from './files.js';

export interface KubeconfigOptions {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  /** @default 'skiff' */
  clusterName?: string;
  /** @default 'admin' */
  user?: string;
  /** @default 'default' */
  context?: string;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function renderKubeconfig(o: KubeconfigOptions): string {
  const cluster = o.clusterName ?? 'skiff';
  const user = o.user ?? 'admin';
  const context = o.context ?? 'default';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: o.server, 'certificate-authority-data': b64(o.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(o.certPem), 'client-key-data': b64(o.keyPem) } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
  });
}

/** Writes the kubeconfig with mode 0600 (it holds a private key). */
export function writeKubeconfig(path: string, o: KubeconfigOptions): void {
  writeFileAtomic(path, renderKubeconfig(o), 0o600);
}
