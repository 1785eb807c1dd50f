// Server side of exec/attach over the WebSocket channel protocols (v5/v4/v3/v2/channel.k8s.io, base64 variants).
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { badRequest } from '../machinery/errors.js';
import { decodeChannelFrame, encodeChannelFrame, closedChannel, ResizeDecoder } from './frames.js';
import {
  CHANNEL_ERROR, CHANNEL_RESIZE, CHANNEL_STDERR, CHANNEL_STDIN, CHANNEL_STDOUT, REMOTE_COMMAND_V1,
  WS_REMOTE_COMMAND_PROTOCOLS, isBase64Protocol, negotiateProtocol, splitHeaderList,
} from './protocol.js';
import { AsyncQueue } from './queue.js';
import { encodeResult } from './status.js';
import type { ExecResult, RemoteCommandStreams, StreamOptions, TerminalSize } from './types.js';
import { rejectUpgrade } from './upgrade.js';

/** Negotiates a subprotocol in the client's order; '' (no header) means the legacy `channel.k8s.io`. */
export function negotiateWebSocketProtocol(req: IncomingMessage, supported: string[]): string | undefined {
  const offered = splitHeaderList(req.headers['sec-websocket-protocol']);
  if (offered.length === 0) return '';
  return negotiateProtocol(offered, supported);
}

/** Completes a WebSocket handshake with a fixed subprotocol (already negotiated). */
export function upgradeWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => protocol || false });
  return new Promise((resolve, reject) => {
    // ws answers a malformed handshake itself (400) and closes the socket without calling back.
    const onClose = () => reject(new Error('websocket handshake failed'));
    socket.once('close', onClose);
    wss.handleUpgrade(req, socket, head, (ws) => { socket.off('close', onClose); resolve(ws); });
  });
}

export function messageBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data as ArrayBuffer);
}

/** A Writable that sends each chunk as a frame on one channel, with backpressure from the socket. */
export function channelWriter(ws: WebSocket, channel: number, base64: boolean): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (ws.readyState !== ws.OPEN) return cb();
      ws.send(encodeChannelFrame(channel, chunk, base64), (err) => cb(err ?? undefined));
    },
  });
}

export async function acceptWebSocketRemoteCommand(
  req: IncomingMessage, socket: Duplex, head: Buffer, opts: StreamOptions,
): Promise<RemoteCommandStreams> {
  const chosen = negotiateWebSocketProtocol(req, WS_REMOTE_COMMAND_PROTOCOLS);
  if (chosen === undefined) {
    const offered = splitHeaderList(req.headers['sec-websocket-protocol']);
    rejectUpgrade(socket, badRequest(`unable to upgrade: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${WS_REMOTE_COMMAND_PROTOCOLS.join(' ')}]`));
    throw new Error('websocket protocol negotiation failed');
  }
  const ws = await upgradeWebSocket(req, socket, head, chosen);
  return webSocketStreams(ws, chosen || REMOTE_COMMAND_V1, opts);
}

export function webSocketStreams(ws: WebSocket, protocol: string, opts: StreamOptions): RemoteCommandStreams {
  const base64 = isBase64Protocol(protocol);
  const tty = opts.tty;
  const stdin = opts.stdin ? new PassThrough() : null;
  const stdout = opts.stdout ? channelWriter(ws, CHANNEL_STDOUT, base64) : null;
  const stderr = opts.stderr && !tty ? channelWriter(ws, CHANNEL_STDERR, base64) : null;
  const resize = new AsyncQueue<TerminalSize>();
  const resizeDecoder = new ResizeDecoder();
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('error', () => ws.terminate());
  void closed.then(() => {
    resize.end();
    if (stdin && !stdin.writableEnded) stdin.end();
  });

  ws.on('message', (data, isBinary) => {
    const frame = decodeChannelFrame(isBinary ? messageBuffer(data) : messageBuffer(data).toString('utf8'), base64);
    if (!frame) return;
    const closing = closedChannel(frame);
    if (closing !== undefined) {
      if (closing === CHANNEL_STDIN && stdin && !stdin.writableEnded) stdin.end();
      return;
    }
    if (frame.channel === CHANNEL_STDIN && stdin && !stdin.writableEnded) stdin.write(frame.data);
    else if (frame.channel === CHANNEL_RESIZE && tty) for (const s of resizeDecoder.push(frame.data)) resize.push(s);
  });

  let finishing: Promise<void> | undefined;
  const finish = (result: ExecResult): Promise<void> => {
    finishing ??= (async () => {
      await Promise.all([endWritable(stdout), endWritable(stderr)]);
      const payload = encodeResult(protocol, result);
      if (ws.readyState === ws.OPEN && payload.length > 0) {
        await new Promise<void>((resolve) => ws.send(encodeChannelFrame(CHANNEL_ERROR, payload, base64), () => resolve()));
      }
      if (ws.readyState === ws.OPEN) ws.close(1000);
    })();
    return finishing;
  };

  return {
    protocol, transport: 'websocket', tty, stdin, stdout, stderr, resize, closed, finish,
    abort: () => ws.terminate(),
  };
}

export function endWritable(w: Writable | null): Promise<void> {
  if (!w || w.writableFinished || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    w.once('finish', resolve);
    w.once('close', resolve);
    w.once('error', () => resolve());
    if (!w.writableEnded) w.end();
  });
}
