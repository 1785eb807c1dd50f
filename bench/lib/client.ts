// One keep-alive HTTP(S) client used for Skiff and for the baseline servers alike, so both sides pay the same
// client cost. Credentials come from the server's kubeconfig (TLS client certificate, like kubectl).
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Credentials { ca: Buffer; cert: Buffer; key: Buffer }

export interface Response { status: number; body: string; bytes: number }

export interface BenchClient {
  request(method: string, path: string, body?: string): Promise<Response>;
  /** Like request, but counts the body bytes without keeping them (large LISTs). */
  requestDiscard(method: string, path: string): Promise<Response>;
  close(): void;
}

export function readKubeconfig(path: string): Credentials & { server: string } {
  const kc = parse(readFileSync(path, 'utf8'));
  const b64 = (x: string) => Buffer.from(x, 'base64');
  return {
    server: kc.clusters[0].cluster.server,
    ca: b64(kc.clusters[0].cluster['certificate-authority-data']),
    cert: b64(kc.users[0].user['client-certificate-data']),
    key: b64(kc.users[0].user['client-key-data']),
  };
}

export interface ClientOptions {
  port: number;
  /** TLS with a client certificate when given; plain HTTP otherwise. */
  tls?: Credentials;
  /** Upper bound on open sockets (≥ the concurrency you drive). @default 256 */
  maxSockets?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
}

export function createClient(o: ClientOptions): BenchClient {
  const maxSockets = o.maxSockets ?? 256;
  const agent = o.tls
    ? new https.Agent({ ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, keepAlive: true, maxSockets, maxFreeSockets: maxSockets })
    : new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const mod = o.tls ? https : http;
  const send = (method: string, path: string, body: string | undefined, keep: boolean) => new Promise<Response>((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = mod.request({
      host: '127.0.0.1', port: o.port, method, path, agent,
      headers: { Accept: 'application/json', ...(data ? { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; if (keep) chunks.push(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: keep ? Buffer.concat(chunks).toString('utf8') : '', bytes }));
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(data);
  });
  return {
    request: (m, p, b) => send(m, p, b, true),
    requestDiscard: (m, p) => send(m, p, undefined, false),
    close: () => agent.destroy(),
  };
}
