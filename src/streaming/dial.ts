// Client-side HTTP upgrade for SPDY: POST with `Upgrade: SPDY/3.1`, expecting 101 and the chosen protocol.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { HEADER_PROTOCOL_VERSION } from './protocol.js';
import type { TlsOptions } from './types.js';

export interface DialOptions {
  tls?: TlsOptions;
  /** Extra request headers, e.g. Authorization. */
  headers?: Record<string, string>;
}

/** An upgrade the server refused: carries the HTTP status and body (a Status JSON from Kubernetes servers). */
export class UpgradeFailure extends Error {
  constructor(readonly statusCode: number, readonly body: string) {
    super(`unable to upgrade connection: ${statusCode}${body ? `: ${body.trim()}` : ''}`);
    this.name = 'UpgradeFailure';
  }
}

export function tlsRequestOptions(tls: TlsOptions | undefined): https.RequestOptions {
  if (!tls) return {};
  return { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized ?? true };
}

export function dialSpdy(url: URL, protocols: string[], opts: DialOptions): Promise<{ socket: Duplex; protocol: string }> {
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const mod = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({
      method: 'POST',
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: url.pathname + url.search,
      headers: {
        ...opts.headers,
        Connection: 'Upgrade',
        Upgrade: 'SPDY/3.1',
        [HEADER_PROTOCOL_VERSION]: protocols,
        'Content-Length': '0',
      },
      ...(secure ? tlsRequestOptions(opts.tls) : {}),
    });
    req.on('upgrade', (res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      const chosen = String(res.headers[HEADER_PROTOCOL_VERSION] ?? '');
      if (protocols.length > 0 && !protocols.includes(chosen)) {
        socket.destroy();
        reject(new Error(`unable to upgrade: server chose unsupported protocol "${chosen}"`));
        return;
      }
      resolve({ socket, protocol: chosen });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reject(new UpgradeFailure(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end();
  });
}
