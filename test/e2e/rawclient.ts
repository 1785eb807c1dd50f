// A raw HTTPS client with the admin credentials from the server's kubeconfig, for wire-level tests.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Server } from './harness.js';

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string; json(): any }

export interface RawClient {
  request(method: string, path: string, body?: string | Buffer | object, headers?: Record<string, string>): Promise<RawResponse>;
  /** Opens a watch and hands each decoded event to onEvent; resolves with a closer once headers arrived. */
  watch(path: string, onEvent: (ev: any) => void): Promise<{ close(): void; done: Promise<void> }>;
  agent: https.Agent;
}

export function rawClient(s: Server, opts: { maxSockets?: number } = {}): RawClient {
  const kc = parse(readFileSync(s.kubeconfig, 'utf8'));
  const b64 = (x: string) => Buffer.from(x, 'base64');
  const agent = new https.Agent({
    ca: b64(kc.clusters[0].cluster['certificate-authority-data']),
    cert: b64(kc.users[0].user['client-certificate-data']),
    key: b64(kc.users[0].user['client-key-data']),
    keepAlive: true, maxSockets: opts.maxSockets ?? 64,
  });
  const request = (method: string, path: string, body?: string | Buffer | object, headers: Record<string, string> = {}) => new Promise<RawResponse>((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = https.request({ host: '127.0.0.1', port: s.port, method, path, agent, headers: { ...(data ? { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
  const watch = (path: string, onEvent: (ev: any) => void) => new Promise<{ close(): void; done: Promise<void> }>((resolve, reject) => {
    let finish!: () => void;
    const done = new Promise<void>((r) => { finish = r; });
    const req = https.request({ host: '127.0.0.1', port: s.port, method: 'GET', path, agent: new https.Agent({ ca: agent.options.ca, cert: agent.options.cert, key: agent.options.key }) }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) onEvent(JSON.parse(line));
        }
      });
      res.on('end', () => finish());
      res.on('close', () => finish());
      resolve({ close: () => { req.destroy(); finish(); }, done });
    });
    req.on('error', (e) => { finish(); reject(e); });
    req.end();
  });
  return { request, watch, agent };
}
