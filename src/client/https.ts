// HTTPS transport: one keep-alive agent for ordinary requests (bounded sockets, so thousands of concurrent callers,
// e.g. 5000 simulated nodes heartbeating, queue instead of opening thousands of connections) and a separate agent
// for long-lived watch streams (which would otherwise starve the request pool).
import https from 'node:https';
import http, { type IncomingMessage } from 'node:http';
import { encodeQuery, PushLineStream, ResponseError, type LineStream, type StreamRequest, type Transport, type TransportRequest, type TransportResponse } from './transport.js';
import { loadKubeconfig, type ClientCredentials } from './kubeconfig.js';

export interface HttpsTransportOptions extends ClientCredentials {
  /** Max sockets for ordinary requests. @default 64 */
  maxSockets?: number;
  /** Per-request timeout in ms (not applied to streams). @default 60000 */
  timeoutMs?: number;
  /** Sent as User-Agent. @default 'skiff-client' */
  userAgent?: string;
  /**
   * Talk plain HTTP over this unix socket (a path, or '\0name' for Linux's abstract namespace) instead of HTTPS to
   * `server`: the API server's in-process loopback listener, authenticated by a bearer token. No TLS on either side.
   */
  socketPath?: string;
}

export class HttpsTransport implements Transport {
  private readonly agent: http.Agent;
  private readonly streamAgent: http.Agent;
  private readonly send: typeof http.request;
  private readonly base: URL;
  private readonly streams = new Set<PushLineStream>();

  constructor(private readonly opts: HttpsTransportOptions) {
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: !opts.insecureSkipTLSVerify, servername: opts.tlsServerName };
    if (opts.socketPath) {
      this.agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
      this.streamAgent = new http.Agent({ keepAlive: false });
      this.send = ((url: URL, o: http.RequestOptions, cb: (res: IncomingMessage) => void) => http.request({ ...o, socketPath: opts.socketPath, path: url.pathname + url.search }, cb)) as typeof http.request;
    } else {
      this.agent = new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64, ...tls });
      this.streamAgent = new https.Agent({ keepAlive: false, ...tls });
      this.send = https.request as typeof http.request;
    }
    this.base = new URL(opts.server);
  }

  private headers(accept: string | undefined, contentType: string | undefined, body: Buffer | undefined): Record<string, string> {
    const h: Record<string, string> = { Accept: accept ?? 'application/json', 'User-Agent': this.opts.userAgent ?? 'skiff-client' };
    if (this.opts.token) h.Authorization = `Bearer ${this.opts.token}`;
    if (body) { h['Content-Type'] = contentType ?? 'application/json'; h['Content-Length'] = String(body.length); }
    return h;
  }

  private url(path: string, query: TransportRequest['query']): URL {
    const prefix = this.base.pathname.replace(/\/$/, '');
    return new URL(prefix + path + encodeQuery(query), this.base);
  }

  request(r: TransportRequest): Promise<TransportResponse> {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(JSON.stringify(r.body));
    return new Promise((resolve, reject) => {
      const req = this.send(this.url(r.path, r.query), { method: r.method, agent: this.agent, headers: this.headers(r.accept, r.contentType, body) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(this.opts.timeoutMs ?? 60_000, () => req.destroy(new Error(`Request timed out: ${r.method} ${r.path}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  stream(r: StreamRequest): Promise<LineStream> {
    return new Promise((resolve, reject) => {
      const req = this.send(this.url(r.path, r.query), { method: 'GET', agent: this.streamAgent, headers: this.headers(undefined, undefined, undefined) }, (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(new ResponseError({ status, headers: res.headers, body: Buffer.concat(chunks) })));
          res.on('error', reject);
          return;
        }
        const s = new PushLineStream(() => { this.streams.delete(s); req.destroy(); });
        this.streams.add(s);
        res.setEncoding('utf8');
        res.on('data', (c: string) => s.write(c));
        res.on('end', () => { this.streams.delete(s); s.end(); });
        res.on('error', (e) => { this.streams.delete(s); s.end(e); });
        res.on('close', () => { this.streams.delete(s); s.end(); });
        resolve(s);
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    for (const s of [...this.streams]) s.close();
    this.agent.destroy();
    this.streamAgent.destroy();
  }
}

/** An HttpsTransport for the current context (or `context`) of a kubeconfig file. */
export function fromKubeconfig(path: string, opts: { context?: string } & Omit<HttpsTransportOptions, keyof ClientCredentials> = {}): HttpsTransport {
  return new HttpsTransport({ ...loadKubeconfig(path, opts.context), ...opts });
}
