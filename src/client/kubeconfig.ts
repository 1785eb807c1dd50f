// Reads the parts of a kubeconfig a client needs: server URL, CA, client certificate or bearer token.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

export interface ClientCredentials {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
}

type Named<T> = { name: string } & T;
interface KubeconfigFile {
  clusters?: Named<{ cluster: Record<string, unknown> }>[];
  users?: Named<{ user: Record<string, unknown> }>[];
  contexts?: Named<{ context: { cluster: string; user: string } }>[];
  'current-context'?: string;
}

/** Parses kubeconfig text; relative file references resolve against `baseDir`. */
export function parseKubeconfig(text: string, opts: { context?: string; baseDir?: string } = {}): ClientCredentials {
  const kc = (parse(text) ?? {}) as KubeconfigFile;
  const ctxName = opts.context ?? kc['current-context'];
  const ctx = kc.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`Cannot load kubeconfig: context "${ctxName ?? ''}" not found`);
  const cluster = kc.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw new Error(`Cannot load kubeconfig: cluster "${ctx.cluster}" not found`);
  const user = kc.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const file = (p: unknown): string | undefined => {
    if (typeof p !== 'string' || !p) return undefined;
    return readFileSync(isAbsolute(p) || !opts.baseDir ? p : resolve(opts.baseDir, p), 'utf8');
  };
  const pick = (o: Record<string, unknown>, dataKey: string, fileKey: string): string | undefined => {
    const d = o[dataKey];
    return typeof d === 'string' && d ? Buffer.from(d, 'base64').toString('utf8') : file(o[fileKey]);
  };
  if (typeof cluster.server !== 'string') throw new Error(`Cannot load kubeconfig: cluster "${ctx.cluster}" has no server`);
  const creds: ClientCredentials = {
    server: cluster.server,
    ca: pick(cluster, 'certificate-authority-data', 'certificate-authority'),
    cert: pick(user, 'client-certificate-data', 'client-certificate'),
    key: pick(user, 'client-key-data', 'client-key'),
    token: typeof user.token === 'string' ? user.token : file(user.tokenFile)?.trim(),
  };
  if (cluster['insecure-skip-tls-verify'] === true) creds.insecureSkipTLSVerify = true;
  if (typeof cluster['tls-server-name'] === 'string') creds.tlsServerName = cluster['tls-server-name'];
  return creds;
}

export function loadKubeconfig(path: string, context?: string): ClientCredentials {
  return parseKubeconfig(readFileSync(path, 'utf8'), { context, baseDir: dirname(path) });
}
