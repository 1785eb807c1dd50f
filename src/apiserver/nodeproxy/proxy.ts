// Proxies a request to a node agent (kube-apiserver → kubelet :10250): plain HTTP for logs (streamed, flushed as
// it arrives), and, for exec/attach/portforward upgrades, the client's raw connection byte for byte after the
// request head, so the agent terminates kubectl's protocol (WebSocket v5, SPDY/3.1, SPDY in WebSocket) itself.
// The API server authenticates to the agent with its kubelet-client certificate; the client's own credentials are
// not forwarded.
import https from 'node:https';
import tls from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Node } from 'kubernetes-types/core/v1.js';
import { ApiError } from '../../machinery/errors.js';

export interface AgentTarget { host: string; port: number }
export interface AgentClientTLS { ca: string; cert: string; key: string }

export const DEFAULT_AGENT_PORT = 10250;
/** How long to wait for an agent's TLS handshake (and, for logs, its response headers). */
export const DIAL_TIMEOUT_MS = 10_000;

/** The agent address a Node advertises: InternalIP (else Hostname, ExternalIP) and daemonEndpoints' port. */
export function agentTarget(node: Node): AgentTarget {
  const addrs = node.status?.addresses ?? [];
  const pick = (t: string) => addrs.find((a) => a.type === t)?.address;
  const host = pick('InternalIP') ?? pick('Hostname') ?? pick('ExternalIP');
  if (!host) throw new ApiError(503, 'ServiceUnavailable', `node "${node.metadata?.name}" has no address: is its skiff agent running?`);
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_AGENT_PORT;
  return { host, port };
}

/** Headers not passed to the agent: credentials, hop-by-hop proxy headers, impersonation. */
const DROP = new Set(['authorization', 'host', 'proxy-authorization', 'proxy-connection', 'keep-alive', 'content-length']);
function forwardHeaders(req: IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i]!;
    const lk = k.toLowerCase();
    if (DROP.has(lk) || lk.startsWith('impersonate-')) continue;
    out.push([k, raw[i + 1]!]);
  }
  return out;
}

function dialError(t: AgentTarget, e: Error): ApiError {
  const code = (e as NodeJS.ErrnoException).code;
  const what = code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message;
  return new ApiError(500, 'InternalError', `error dialing backend: dial tcp ${t.host}:${t.port}: ${what}`);
}

/**
 * Upgrade proxy: connects to the agent, replays the request head, then splices the two sockets. Until the agent
 * answers nothing has been written to the client, so a dial failure can still become a Status via `fail`.
 */
export function proxyUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, target: AgentTarget, path: string, creds: AgentClientTLS, fail: (e: ApiError) => void): void {
  const up = tls.connect({ host: target.host, port: target.port, ca: creds.ca, cert: creds.cert, key: creds.key, servername: isIP(target.host) ? undefined : target.host });
  let connected = false;
  up.setTimeout(DIAL_TIMEOUT_MS, () => { if (!connected) up.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })); });
  up.once('secureConnect', () => {
    connected = true;
    up.setTimeout(0);
    const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${target.host}:${target.port}`];
    for (const [k, v] of forwardHeaders(req)) lines.push(`${k}: ${v}`);
    up.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) up.write(head);
    up.pipe(client);
    client.pipe(up);
  });
  up.on('error', (e) => {
    if (!connected) fail(dialError(target, e));
    client.destroy();
  });
  client.on('error', () => up.destroy());
  client.on('close', () => up.destroy());
  up.on('close', () => client.end());
}

/** Plain proxy (logs): status, content type and body streamed through; the request ends when either side does. */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: AgentTarget, path: string, creds: AgentClientTLS): Promise<void> {
  return new Promise((resolve, reject) => {
    const up = https.request({
      host: target.host, port: target.port, path, method: req.method ?? 'GET', ca: creds.ca, cert: creds.cert, key: creds.key,
      servername: isIP(target.host) ? undefined : target.host, agent: false,
      headers: Object.fromEntries(forwardHeaders(req).filter(([k]) => !['connection', 'upgrade'].includes(k.toLowerCase()))),
    }, (ur) => {
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'transfer-encoding']) {
        const v = ur.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      res.writeHead(ur.statusCode ?? 502, headers);
      res.flushHeaders();
      ur.on('data', (c: Buffer) => res.write(c));
      ur.on('end', () => { res.end(); resolve(); });
      ur.on('error', () => { res.destroy(); resolve(); });
    });
    up.setTimeout(DIAL_TIMEOUT_MS, () => { if (!res.headersSent) up.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })); });
    up.on('response', () => up.setTimeout(0));
    up.on('error', (e) => {
      if (!res.headersSent) reject(dialError(target, e));
      else { res.destroy(); resolve(); }
    });
    res.on('close', () => up.destroy());
    up.end();
  });
}

function isIP(h: string): boolean {
  return /^[\d.]+$/.test(h) || h.includes(':');
}
