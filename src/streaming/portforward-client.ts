// Client side of port-forward over SPDY (portforward.k8s.io): one connection, two streams per forwarded connection.
import type { Duplex } from 'node:stream';
import { dialSpdy, type DialOptions } from './dial.js';
import { PORT_FORWARD_PROTOCOL } from './protocol.js';
import { createSpdyConnection, nativeDuplex, readAll, type SpdyStream } from './spdy.js';

export interface DialPortForwardOptions extends DialOptions {
  /** Only SPDY for now: the WebSocket channel protocol needs one connection per port. */
  transport: 'spdy';
}

export interface PortForwardConnection {
  /** The forwarded bytes. */
  data: Duplex;
  /** Resolves with the server's error text when the stream ends (null when none was sent). */
  error: Promise<string | null>;
}

export interface PortForwardClient {
  open(port: number): Promise<PortForwardConnection>;
  close(): void;
  readonly closed: Promise<void>;
}

export async function dialPortForward(url: string | URL, opts: DialPortForwardOptions): Promise<PortForwardClient> {
  const u = typeof url === 'string' ? new URL(url) : url;
  const { socket } = await dialSpdy(u, [PORT_FORWARD_PROTOCOL], opts);
  socket.on('error', () => socket.destroy());
  const conn = createSpdyConnection(socket, false);
  conn.on('error', () => socket.destroy());
  // the connection's close: it comes after the parser has delivered every frame that arrived before the socket closed
  const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()));
  let nextRequestId = 0;

  const create = (headers: Record<string, string>): Promise<SpdyStream> => new Promise((resolve, reject) => {
    const s = conn.request({ method: 'POST', path: u.pathname, host: u.host, headers });
    s.on('error', () => {});
    s.once('response', () => resolve(s));
    s.once('close', () => reject(new Error(`stream ${headers.streamtype} closed before the server replied`)));
    void closed.then(() => reject(new Error('connection closed')));
  });

  return {
    closed,
    close: () => socket.destroy(),
    async open(port: number) {
      const requestId = String(nextRequestId++);
      const base = { port: String(port), requestid: requestId };
      const errorStream = await create({ ...base, streamtype: 'error' });
      errorStream.end(); // as client-go: we never write on the error stream
      const spdyData = await create({ ...base, streamtype: 'data' });
      const data = nativeDuplex(spdyData);
      const error = readAll(errorStream).then((b) => (b.length > 0 ? b.toString('utf8') : null), () => null);
      void closed.then(() => { if (!spdyData.readableEnded) spdyData.push(null); if (!errorStream.readableEnded) errorStream.push(null); });
      return { data, error };
    },
  };
}
