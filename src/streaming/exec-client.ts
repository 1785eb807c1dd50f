// Client side of exec/attach: towards containerd's CRI streaming server (SPDY/3.1 or v4 WebSocket) or another Skiff
// node. SPDY is the transport that can deliver stdin EOF to a v4 server (half-close of the stdin stream).
import { PassThrough, Writable } from 'node:stream';
import WebSocket from 'ws';
import { dialSpdy, tlsRequestOptions, type DialOptions } from './dial.js';
import { closedChannel, decodeChannelFrame, encodeChannelFrame, encodeCloseFrame, encodeResize } from './frames.js';
import { messageBuffer } from './exec-ws-server.js';
import {
  CHANNEL_ERROR, CHANNEL_RESIZE, CHANNEL_STDERR, CHANNEL_STDIN, CHANNEL_STDOUT, REMOTE_COMMAND_PROTOCOLS,
  REMOTE_COMMAND_V1, REMOTE_COMMAND_V4, REMOTE_COMMAND_V5, isBase64Protocol, supportsResize,
} from './protocol.js';
import { createSpdyConnection, nativeDuplex, readAll, type SpdyStream } from './spdy.js';
import { decodeResult } from './status.js';
import type { ExecResult, RemoteCommandClient, StreamOptions, TerminalSize } from './types.js';

export interface DialRemoteCommandOptions extends StreamOptions, DialOptions {
  transport: 'spdy' | 'websocket';
  /** Protocols to offer, newest first. @default v5…v1 for SPDY, [v5, v4] for WebSocket */
  protocols?: string[];
}

export function dialRemoteCommand(url: string | URL, opts: DialRemoteCommandOptions): Promise<RemoteCommandClient> {
  const u = typeof url === 'string' ? new URL(url) : url;
  return opts.transport === 'spdy' ? dialSpdyRemoteCommand(u, opts) : dialWebSocketRemoteCommand(u, opts);
}

async function dialSpdyRemoteCommand(url: URL, opts: DialRemoteCommandOptions): Promise<RemoteCommandClient> {
  const { socket, protocol: chosen } = await dialSpdy(url, opts.protocols ?? REMOTE_COMMAND_PROTOCOLS, opts);
  const protocol = chosen || REMOTE_COMMAND_V1;
  socket.on('error', () => socket.destroy());
  const conn = createSpdyConnection(socket, false);
  conn.on('error', () => socket.destroy());
  // the connection's close (after its parser consumed what arrived), not the socket's: a fast command's replies may still be queued
  const socketClosed = new Promise<void>((resolve) => conn.once('close', () => resolve()));

  const types = ['error'];
  if (opts.stdin) types.push('stdin');
  if (opts.stdout) types.push('stdout');
  if (opts.stderr && !opts.tty) types.push('stderr');
  if (opts.tty && supportsResize(protocol)) types.push('resize');
  const streams = new Map<string, SpdyStream>();
  try {
    await Promise.all(types.map((type) => new Promise<void>((resolve, reject) => {
      const s = conn.request({ method: 'POST', path: url.pathname, host: url.host, headers: { streamtype: type } });
      s.on('error', () => {});
      s.once('response', () => resolve());
      s.once('close', () => reject(new Error(`stream ${type} closed before the server replied`)));
      void socketClosed.then(() => reject(new Error('connection closed while creating streams')));
      streams.set(type, s);
    })));
  } catch (err) {
    socket.destroy();
    throw err;
  }

  const errorStream = streams.get('error')!;
  let errorEnded = false;
  const result = new Promise<ExecResult>((resolve, reject) => {
    void readAll(errorStream).then((bytes) => { errorEnded = true; resolve(decodeResult(protocol, bytes)); });
    void socketClosed.then(() => setImmediate(() => {
      if (!errorEnded) reject(new Error('connection closed before the exit status arrived'));
    }));
  });
  result.catch(() => {});
  // Close the socket once the status and all output have arrived.
  const spdyStdout = streams.get('stdout');
  const spdyStderr = streams.get('stderr');
  const stdout = spdyStdout ? nativeDuplex(spdyStdout) : null;
  const stderr = spdyStderr ? nativeDuplex(spdyStderr) : null;
  void socketClosed.then(() => { for (const s of streams.values()) if (!s.readableEnded) s.push(null); });
  void result.then(async () => {
    await Promise.all([stdout, stderr].map((s) => s && !s.readableEnded ? new Promise((r) => { s.once('end', r); s.once('close', r); }) : undefined));
    socket.end();
  }, () => {});
  const resizeStream = streams.get('resize');
  return {
    protocol, transport: 'spdy',
    stdin: streams.get('stdin') ?? null,
    stdout, stderr, result,
    resize: (size: TerminalSize) => { resizeStream?.write(encodeResize(size)); },
    close: () => socket.destroy(),
  };
}

async function dialWebSocketRemoteCommand(url: URL, opts: DialRemoteCommandOptions): Promise<RemoteCommandClient> {
  const wsUrl = new URL(url);
  if (wsUrl.protocol === 'http:') wsUrl.protocol = 'ws:';
  if (wsUrl.protocol === 'https:') wsUrl.protocol = 'wss:';
  const ws = new WebSocket(wsUrl, opts.protocols ?? [REMOTE_COMMAND_V5, REMOTE_COMMAND_V4], {
    perMessageDeflate: false, headers: opts.headers, ...tlsRequestOptions(opts.tls),
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reject(new Error(`unable to upgrade connection: ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').trim()}`)));
    });
  });
  ws.on('error', () => ws.terminate());
  const protocol = ws.protocol || REMOTE_COMMAND_V1;
  const base64 = isBase64Protocol(protocol);
  const send = (channel: number, data: Uint8Array, cb?: (err?: Error) => void) => {
    if (ws.readyState !== ws.OPEN) return cb?.();
    ws.send(encodeChannelFrame(channel, data, base64), cb);
  };
  const stdin = opts.stdin ? new Writable({
    write(chunk: Buffer, _enc, cb) { send(CHANNEL_STDIN, chunk, (err) => cb(err ?? undefined)); },
    // Only v5 can say "stdin is finished"; v4 servers never see EOF.
    final(cb) {
      if (protocol === REMOTE_COMMAND_V5 && ws.readyState === ws.OPEN) ws.send(encodeCloseFrame(CHANNEL_STDIN), () => cb());
      else cb();
    },
  }) : null;
  const stdout = opts.stdout ? new PassThrough() : null;
  const stderr = opts.stderr && !opts.tty ? new PassThrough() : null;
  const errorBytes: Buffer[] = [];
  ws.on('message', (raw, isBinary) => {
    const buf = messageBuffer(raw);
    const frame = decodeChannelFrame(isBinary ? buf : buf.toString('utf8'), base64);
    if (!frame || closedChannel(frame) !== undefined) return;
    if (frame.channel === CHANNEL_STDOUT) stdout?.write(frame.data);
    else if (frame.channel === CHANNEL_STDERR) stderr?.write(frame.data);
    else if (frame.channel === CHANNEL_ERROR) errorBytes.push(frame.data);
  });
  const result = new Promise<ExecResult>((resolve, reject) => {
    ws.once('close', (code) => {
      stdout?.end();
      stderr?.end();
      const bytes = Buffer.concat(errorBytes);
      if (bytes.length === 0 && code !== 1000 && code !== 1005) reject(new Error(`connection closed (code ${code}) before the exit status arrived`));
      else resolve(decodeResult(protocol, bytes));
    });
  });
  result.catch(() => {});
  return {
    protocol, transport: 'websocket', stdin, stdout, stderr, result,
    resize: (size: TerminalSize) => { if (opts.tty) send(CHANNEL_RESIZE, encodeResize(size)); },
    close: () => ws.terminate(),
  };
}
