// Server side of exec/attach over SPDY/3.1 (kubectl 1.27–1.29, and 1.30+ when the WebSocket upgrade fails).
// The client opens one stream per channel, named by the `streamtype` header; the session is handed out only once
// every expected stream exists, because writing earlier deadlocks kubectl (see README.md).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { forbidden } from '../machinery/errors.js';
import { ResizeDecoder } from './frames.js';
import {
  HEADER_PROTOCOL_VERSION, HEADER_STREAM_TYPE, REMOTE_COMMAND_PROTOCOLS, REMOTE_COMMAND_V1,
  negotiateProtocol, splitHeaderList, supportsResize,
} from './protocol.js';
import { AsyncQueue } from './queue.js';
import { closeSpdy, createSpdyConnection, nativeDuplex, type SpdyStream } from './spdy.js';
import { encodeResult } from './status.js';
import type { ExecResult, RemoteCommandStreams, StreamOptions, TerminalSize } from './types.js';
import { endWritable } from './exec-ws-server.js';
import { rejectUpgrade, unshiftHead, writeSpdySwitch } from './upgrade.js';

export interface SpdyAcceptOptions extends StreamOptions {
  /** How long to wait for the client's streams. @default 30000 */
  streamCreationTimeoutMs?: number;
}

/** httpstream.Handshake for SPDY; answers 403 and returns undefined when nothing matches. */
export function negotiateSpdyProtocol(req: IncomingMessage, socket: Duplex, supported: string[]): string | undefined {
  const offered = splitHeaderList(req.headers[HEADER_PROTOCOL_VERSION]);
  if (offered.length === 0) return '';
  const chosen = negotiateProtocol(offered, supported);
  if (chosen === undefined) {
    rejectUpgrade(socket, forbidden(`unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${supported.join(' ')}]`));
  }
  return chosen;
}

export async function acceptSpdyRemoteCommand(
  req: IncomingMessage, socket: Duplex, head: Buffer, opts: SpdyAcceptOptions,
): Promise<RemoteCommandStreams> {
  const negotiated = negotiateSpdyProtocol(req, socket, REMOTE_COMMAND_PROTOCOLS);
  if (negotiated === undefined) throw new Error('spdy protocol negotiation failed');
  const protocol = negotiated || REMOTE_COMMAND_V1;
  writeSpdySwitch(socket, negotiated || undefined);
  unshiftHead(socket, head);
  socket.on('error', () => socket.destroy());
  const conn = createSpdyConnection(socket, true);
  conn.on('error', () => socket.destroy());

  const tty = opts.tty;
  const expected = new Set<string>(['error']);
  if (opts.stdin) expected.add('stdin');
  if (opts.stdout) expected.add('stdout');
  if (opts.stderr && !tty) expected.add('stderr');
  if (tty && supportsResize(protocol)) expected.add('resize');

  const streams = new Map<string, SpdyStream>();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const resize = new AsyncQueue<TerminalSize>();
  void closed.then(() => resize.end());

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out waiting for client to create streams (have [${[...streams.keys()].join(' ')}])`));
    }, opts.streamCreationTimeoutMs ?? 30_000);
    void closed.then(() => { clearTimeout(timer); reject(new Error('connection closed before all streams were created')); });
    conn.on('stream', (stream: SpdyStream) => {
      stream.on('error', () => {});
      stream.respond(200, {});
      const type = stream.headers[HEADER_STREAM_TYPE] ?? '';
      if (!expected.has(type) || streams.has(type)) {
        stream.abort();
        return;
      }
      streams.set(type, stream);
      if (streams.size === expected.size) { clearTimeout(timer); resolve(); }
    });
  });

  const resizeStream = streams.get('resize');
  if (resizeStream) {
    const decoder = new ResizeDecoder();
    resizeStream.on('data', (c: Buffer) => { for (const s of decoder.push(c)) resize.push(s); });
  }
  const errorStream = streams.get('error')!;
  const stdout = streams.get('stdout') ?? null;
  const stderr = streams.get('stderr') ?? null;
  // Drain the unused read sides so that the peer's half-close is seen.
  for (const s of [errorStream, stdout, stderr]) s?.resume();

  let finishing: Promise<void> | undefined;
  const finish = (result: ExecResult): Promise<void> => {
    finishing ??= (async () => {
      await Promise.all([endWritable(stdout), endWritable(stderr)]);
      errorStream.write(encodeResult(protocol, result));
      await endWritable(errorStream);
      await closeSpdy(conn, socket);
    })();
    return finishing;
  };

  const stdinStream = streams.get('stdin');
  return {
    protocol, transport: 'spdy', tty,
    stdin: stdinStream ? nativeDuplex(stdinStream) : null,
    stdout, stderr, resize, closed, finish,
    abort: () => socket.destroy(),
  };
}
