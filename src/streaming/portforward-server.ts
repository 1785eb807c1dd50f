// Server side of port-forward: SPDY (portforward.k8s.io), SPDY tunnelled in a WebSocket (kubectl ≥1.31) and the
// legacy WebSocket channel protocol (@kubernetes/client-node, `?ports=`).
import type { IncomingMessage } from 'node:http';
import { Duplex, type Writable } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { badRequest } from '../machinery/errors.js';
import { channelWriter, endWritable, messageBuffer, negotiateWebSocketProtocol, upgradeWebSocket } from './exec-ws-server.js';
import { negotiateSpdyProtocol } from './exec-spdy-server.js';
import { decodeChannelFrame, encodePortPrefix } from './frames.js';
import {
  HEADER_PORT, HEADER_REQUEST_ID, HEADER_STREAM_TYPE, PORT_FORWARD_PROTOCOL, WS_REMOTE_COMMAND_PROTOCOLS,
  WS_SPDY_PORT_FORWARD, isBase64Protocol, splitHeaderList,
} from './protocol.js';
import { AsyncQueue } from './queue.js';
import { closeSpdy, createSpdyConnection, nativeDuplex, type SpdyStream } from './spdy.js';
import type { PortForwardStream } from './types.js';
import { isSpdyUpgrade, isWebSocketUpgrade, rejectUpgrade, unshiftHead, writeSpdySwitch } from './upgrade.js';

/** The forwarded connections of one port-forward request, in arrival order; iteration ends with the session. */
export class PortForwardSession implements AsyncIterable<PortForwardStream> {
  readonly streams = new AsyncQueue<PortForwardStream>();
  readonly closed: Promise<void>;
  constructor(
    readonly transport: 'spdy' | 'websocket-spdy' | 'websocket',
    closed: Promise<void>,
    private readonly closer: () => void,
  ) {
    this.closed = closed.then(() => this.streams.end());
  }
  close(): void { this.closer(); }
  [Symbol.asyncIterator](): AsyncIterator<PortForwardStream> { return this.streams[Symbol.asyncIterator](); }
}

export async function acceptPortForward(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<PortForwardSession> {
  if (isWebSocketUpgrade(req)) {
    const offered = splitHeaderList(req.headers['sec-websocket-protocol']);
    if (offered.includes(WS_SPDY_PORT_FORWARD)) return acceptTunnelledSpdy(req, socket, head);
    return acceptLegacyWebSocket(req, socket, head);
  }
  if (isSpdyUpgrade(req)) {
    const negotiated = negotiateSpdyProtocol(req, socket, [PORT_FORWARD_PROTOCOL]);
    if (!negotiated) {
      if (negotiated === '') rejectUpgrade(socket, badRequest(`unable to upgrade: no protocol offered, server supports [${PORT_FORWARD_PROTOCOL}]`));
      throw new Error('spdy protocol negotiation failed');
    }
    writeSpdySwitch(socket, negotiated);
    unshiftHead(socket, head);
    socket.on('error', () => socket.destroy());
    return spdyPortForward(socket, 'spdy');
  }
  rejectUpgrade(socket, badRequest('Upgrade request required'));
  throw new Error('not an upgrade request');
}

/**
 * `ws` refuses the subprotocol `SPDY/3.1+portforward.k8s.io` ('/' is not a token character), so the handshake is
 * run with a stand-in name and the real one is written back into the 101 answer, which is what kubectl checks.
 */
async function acceptTunnelledSpdy(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<PortForwardSession> {
  const standIn = 'spdy-3.1-portforward.k8s.io';
  req.headers['sec-websocket-protocol'] = standIn;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => standIn });
  wss.on('headers', (headers: string[]) => {
    for (let i = 0; i < headers.length; i++) {
      if (headers[i]!.toLowerCase().startsWith('sec-websocket-protocol:')) headers[i] = `Sec-WebSocket-Protocol: ${WS_SPDY_PORT_FORWARD}`;
    }
  });
  const ws = await new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));
  ws.on('error', () => ws.terminate());
  const tunnel = createWebSocketStream(ws);
  tunnel.on('error', () => tunnel.destroy());
  return spdyPortForward(tunnel, 'websocket-spdy');
}

function spdyPortForward(socket: Duplex, transport: 'spdy' | 'websocket-spdy'): PortForwardSession {
  const conn = createSpdyConnection(socket, true);
  conn.on('error', () => socket.destroy());
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const session = new PortForwardSession(transport, closed, () => void closeSpdy(conn, socket));
  const pending = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  conn.on('stream', (stream: SpdyStream) => {
    stream.on('error', () => {});
    stream.respond(200, {});
    const type = stream.headers[HEADER_STREAM_TYPE];
    const requestId = stream.headers[HEADER_REQUEST_ID] ?? '';
    const port = Number.parseInt(stream.headers[HEADER_PORT] ?? '', 10);
    if ((type !== 'error' && type !== 'data') || !Number.isInteger(port)) { stream.abort(); return; }
    const entry = pending.get(requestId) ?? {};
    entry[type] = stream;
    pending.set(requestId, entry);
    if (!entry.error || !entry.data) return;
    pending.delete(requestId);
    const error = entry.error;
    const data = nativeDuplex(entry.data);
    error.resume(); // the client half-closes it at once; drain so that its end is seen
    // client-go waits for the error stream to end after the data: end it with the data unless the user did.
    data.once('finish', () => void endWritable(error));
    session.streams.push({ port, requestId, data, error });
  });
  return session;
}

/** client-node's protocol: one WebSocket per request, channels 2i (data) and 2i+1 (error) for the i-th port. */
async function acceptLegacyWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<PortForwardSession> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(',')).map((p) => Number.parseInt(p.trim(), 10));
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535)) {
    rejectUpgrade(socket, badRequest('query parameter "ports" is required and must be a list of ports'));
    throw new Error('bad ports');
  }
  const protocol = negotiateWebSocketProtocol(req, WS_REMOTE_COMMAND_PROTOCOLS);
  if (protocol === undefined) {
    rejectUpgrade(socket, badRequest('unable to upgrade: requested protocol(s) are not supported'));
    throw new Error('websocket protocol negotiation failed');
  }
  const ws = await upgradeWebSocket(req, socket, head, protocol);
  ws.on('error', () => ws.terminate());
  const base64 = isBase64Protocol(protocol);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const session = new PortForwardSession('websocket', closed, () => ws.close(1000));
  const readers: Duplex[] = [];
  let open = ports.length;
  ports.forEach((port, i) => {
    ws.send(encodePortPrefix(2 * i, port, base64));
    ws.send(encodePortPrefix(2 * i + 1, port, base64));
    const out = channelWriter(ws, 2 * i, base64);
    const error: Writable = channelWriter(ws, 2 * i + 1, base64);
    const data = new Duplex({
      read() {},
      write(chunk, enc, cb) { out.write(chunk, enc, cb); },
      final(cb) {
        out.end(() => cb());
        if (--open === 0) ws.close(1000);
      },
    });
    readers.push(data);
    session.streams.push({ port, requestId: String(i), data, error });
  });
  ws.on('message', (raw, isBinary) => {
    const buf = messageBuffer(raw);
    const frame = decodeChannelFrame(isBinary ? buf : buf.toString('utf8'), base64);
    if (!frame || frame.channel % 2 !== 0) return;
    readers[frame.channel / 2]?.push(frame.data);
  });
  void closed.then(() => { for (const r of readers) r.push(null); });
  return session;
}
