// Joining a cluster with a token, as a k3s agent does: fetch the CA from the server (checked against the hash a full
// K10 token pins), then ask for this node's credentials (client cert system:node:<name>, serving cert for its
// addresses). Credentials are kept in <agent-dir>/tls and re-requested when missing, expiring within 30 days, or
// not covering the node's current addresses.
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { hashCA, parseToken } from '../pki/token.js';
import { readIfExists, writeFileAtomic } from '../pki/files.js';

export interface JoinOptions {
  server: string;
  token: string;
  /** <data-dir>/agent */
  agentDir: string;
  nodeName: string;
  addresses: string[];
  now?: number;
  say?: (msg: string) => void;
}

export interface NodeTLS { caPem: string; clientCert: string; clientKey: string; servingCert: string; servingKey: string }

export class JoinError extends Error {}

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

function files(agentDir: string) {
  const d = join(agentDir, 'tls');
  return { ca: join(d, 'server-ca.crt'), clientCert: join(d, 'client-kubelet.crt'), clientKey: join(d, 'client-kubelet.key'), servingCert: join(d, 'serving-kubelet.crt'), servingKey: join(d, 'serving-kubelet.key') };
}

/** Stored credentials, if they are complete, current and right for this node. */
export function storedCredentials(o: Pick<JoinOptions, 'agentDir' | 'nodeName' | 'addresses' | 'now'>, caHash: string): NodeTLS | undefined {
  const f = files(o.agentDir);
  const t = { caPem: readIfExists(f.ca), clientCert: readIfExists(f.clientCert), clientKey: readIfExists(f.clientKey), servingCert: readIfExists(f.servingCert), servingKey: readIfExists(f.servingKey) };
  if (!t.caPem || !t.clientCert || !t.clientKey || !t.servingCert || !t.servingKey) return undefined;
  if (caHash && hashCA(t.caPem) !== caHash) return undefined;
  const now = o.now ?? Date.now();
  try {
    const client = new X509Certificate(t.clientCert);
    const serving = new X509Certificate(t.servingCert);
    if (!client.subject.includes(`CN=system:node:${o.nodeName}`)) return undefined;
    for (const c of [client, serving]) if (Date.parse(c.validTo) - now < RENEW_BEFORE_MS) return undefined;
    for (const a of o.addresses) if (/^[\d.]+$/.test(a) && !serving.checkIP(a)) return undefined;
  } catch {
    return undefined;
  }
  return t as NodeTLS;
}

function request(url: URL, opts: https.RequestOptions, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ...opts, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function joinCluster(o: JoinOptions): Promise<NodeTLS> {
  const say = o.say ?? (() => undefined);
  let token;
  try { token = parseToken(o.token); } catch (e) { throw new JoinError(`--token: ${(e as Error).message}`); }
  const stored = storedCredentials(o, token.caHash);
  if (stored) return stored;
  const base = new URL(o.server);
  let caPem: string;
  try {
    const r = await request(new URL('/v1-skiff/cacerts', base), { rejectUnauthorized: false });
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    caPem = r.text;
  } catch (e) {
    throw new JoinError(`cannot reach the server at ${o.server} to fetch its CA: ${(e as Error).message}; check --server and that \`skiff server\` runs there`);
  }
  if (token.caHash && hashCA(caPem) !== token.caHash) {
    throw new JoinError(`the server at ${o.server} presented a CA that does not match the hash in the token: wrong server or wrong token`);
  }
  if (!token.caHash) say('  warning: the token pins no CA hash (short token); trusting the CA the server presented');
  const r = await request(new URL('/v1-skiff/node-credentials', base), {
    method: 'POST', ca: caPem, headers: { Authorization: `Bearer ${o.token.trim()}`, 'Content-Type': 'application/json' },
  }, JSON.stringify({ nodeName: o.nodeName, addresses: o.addresses })).catch((e: Error) => {
    throw new JoinError(`cannot request node credentials from ${o.server}: ${e.message}`);
  });
  if (r.status === 401) throw new JoinError(`the server rejected the token (401 Unauthorized): use the token in the server's <data-dir>/server/token`);
  if (r.status !== 200) {
    let msg = r.text;
    try { msg = (JSON.parse(r.text) as { message?: string }).message ?? msg; } catch { /* plain text */ }
    throw new JoinError(`the server refused node credentials (HTTP ${r.status}): ${msg}`);
  }
  const c = JSON.parse(r.text) as { ca: string; clientCert: string; clientKey: string; servingCert: string; servingKey: string };
  const f = files(o.agentDir);
  writeFileAtomic(f.ca, c.ca, 0o644);
  writeFileAtomic(f.clientCert, c.clientCert, 0o644);
  writeFileAtomic(f.clientKey, c.clientKey, 0o600);
  writeFileAtomic(f.servingCert, c.servingCert, 0o644);
  writeFileAtomic(f.servingKey, c.servingKey, 0o600);
  say(`  credentials: issued for system:node:${o.nodeName}`);
  return { caPem: c.ca, clientCert: c.clientCert, clientKey: c.clientKey, servingCert: c.servingCert, servingKey: c.servingKey };
}
