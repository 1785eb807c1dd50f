// The seam between the REST client and the wire. Callers (rest.ts, informers) only see `Transport`; HTTPS is one
// implementation, the in-memory FakeTransport (testing/fake.ts) another, and an in-process transport for the server's
// own controllers can be a third without any caller changing.

export type Query = Record<string, string | string[] | undefined>;

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Query;
  /** A Buffer is sent as is; anything else is JSON-encoded. */
  body?: unknown;
  /** @default 'application/json' when there is a body */
  contentType?: string;
  /** @default 'application/json' */
  accept?: string;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface StreamRequest { path: string; query?: Query }

/** The lines of a streaming response (one JSON watch event per line). Lines arriving before a listener is attached are buffered. */
export interface LineStream {
  onLine(fn: (line: string) => void): void;
  /** Called once when the stream ends: normally (err undefined), on a transport error, or after close(). */
  onEnd(fn: (err?: Error) => void): void;
  close(): void;
}

export interface Transport {
  request(r: TransportRequest): Promise<TransportResponse>;
  /** Resolves once the response headers say 2xx; rejects with ResponseError otherwise. */
  stream(r: StreamRequest): Promise<LineStream>;
  /** Releases sockets and timers. */
  close?(): void;
}

/** A non-2xx answer to stream(): the REST layer turns it into an ApiError. */
export class ResponseError extends Error {
  constructor(readonly response: TransportResponse) {
    super(`Unexpected response status ${response.status}`);
    this.name = 'ResponseError';
  }
}

/** A LineStream fed by push(); used by the HTTPS transport (after splitting chunks) and by fakes. */
export class PushLineStream implements LineStream {
  private lineFn?: (line: string) => void;
  private endFn?: (err?: Error) => void;
  private pending: string[] = [];
  private ended: { err?: Error } | undefined;
  private endDelivered = false;
  private partial = '';

  constructor(private readonly onClose: () => void = () => {}) {}

  onLine(fn: (line: string) => void): void {
    this.lineFn = fn;
    const p = this.pending;
    this.pending = [];
    for (const l of p) fn(l);
    this.maybeDeliverEnd();
  }

  onEnd(fn: (err?: Error) => void): void {
    this.endFn = fn;
    this.maybeDeliverEnd();
  }

  /** Push one complete line (no newline). Ignored after end. */
  push(line: string): void {
    if (this.ended || line === '') return;
    if (this.lineFn) this.lineFn(line);
    else this.pending.push(line);
  }

  /** Push a raw chunk; complete lines are emitted, the rest waits for the next chunk. */
  write(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.push(p.endsWith('\r') ? p.slice(0, -1) : p);
  }

  end(err?: Error): void {
    if (this.ended) return;
    if (this.partial) { const p = this.partial; this.partial = ''; this.push(p); }
    this.ended = { err };
    this.maybeDeliverEnd();
  }

  get isEnded(): boolean { return this.ended !== undefined; }

  close(): void {
    if (this.ended) return;
    this.end();
    this.onClose();
  }

  private maybeDeliverEnd(): void {
    if (!this.ended || this.endDelivered || !this.endFn || this.pending.length) return;
    if (!this.lineFn && this.pending.length) return;
    this.endDelivered = true;
    this.endFn(this.ended.err);
  }
}

/** Encodes a query object the way Kubernetes expects (repeated keys for arrays, undefined dropped). */
export function encodeQuery(q: Query | undefined): string {
  if (!q) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) sp.append(k, x);
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
