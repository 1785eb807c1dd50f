// SPDY/3.1 sessions on spdy-transport@3.0.0, with the adjustments Kubernetes' peers (moby/spdystream) need.
// Writing a SPDY framer is ~500 lines (zlib header blocks with the SPDY/3 dictionary, eight frame types); the library
// is right for everything except three behaviours patched here (see README.md):
//  1. spdystream's SYN_STREAMs carry no `:method`/`:path` and its SYN_REPLYs no `:status`: spdy-transport rejects
//     both, so defaults are filled in while headers are parsed;
//  2. spdystream never sends WINDOW_UPDATE: with the standard 64 KiB send window output stops at 65536 bytes, so the
//     send windows are made huge (flow control is left to TCP, as spdystream does);
//  3. the socket is closed with end() only after the framer has handed every queued frame to it.
import { createRequire } from 'node:module';
import { Duplex as NodeDuplex, type Duplex } from 'node:stream';
import type { SpdyConnection, SpdyStream } from 'spdy-transport';

const require = createRequire(import.meta.url);
const transport = require('spdy-transport') as typeof import('spdy-transport');

export type { SpdyConnection, SpdyStream };

const HUGE_WINDOW = 2 ** 30;

export function createSpdyConnection(socket: Duplex, isServer: boolean): SpdyConnection {
  const wrapped = closeAfterParsed(socket);
  const conn = transport.connection.create(wrapped.stream, { protocol: 'spdy', isServer, autoSpdy31: true });
  const state = conn._spdyState;
  wrapped.attach(state.parser);
  const parser = state.parser;
  const parseKVs = parser.parseKVs;
  parser.parseKVs = function patchedParseKVs(this: unknown, buf: unknown, cb: (e: Error | null, h?: Record<string, string>) => void) {
    return parseKVs.call(this, buf, (err: Error | null, headers?: Record<string, string>) => {
      if (headers) {
        if (!headers[':method']) { headers[':method'] = 'POST'; headers[':path'] = headers[':path'] ?? '/'; }
        if (!headers[':status']) headers[':status'] = '200';
      }
      cb(err, headers);
    });
  };
  for (const w of [state.window, state.streamWindow]) {
    w.send.current = HUGE_WINDOW;
    w.send.max = HUGE_WINDOW;
    w.send.limit = 2 ** 31;
  }
  // Ignore the peer's SETTINGS initial window (it would shrink our send windows back).
  (conn as unknown as { _setDefaultWindow: (settings: unknown) => void })._setDefaultWindow = () => {};
  conn.start(3.1);
  return conn;
}

/**
 * spdy-transport destroys every stream the moment its socket emits 'close', while its parser may still hold frames
 * it received (header blocks are inflated asynchronously): a peer that answers and hangs up at once (containerd's
 * streaming server after a fast `exec`) would lose its replies, output and exit status. So the connection gets a
 * stand-in for the socket whose 'close' is delayed until the parser has consumed everything the socket delivered.
 */
function closeAfterParsed(socket: Duplex): { stream: Duplex; attach(parser: NodeJS.ReadableStream & NodeJS.WritableStream): void } {
  let parserDone = false;
  let pendingClose: boolean | undefined;
  const stream = new NodeDuplex({
    autoDestroy: false,
    emitClose: false,
    read() { socket.resume(); },
    write(chunk: Buffer, _enc, cb) { if (socket.writable) socket.write(chunk, cb); else cb(); },
    final(cb) { socket.end(); cb(); },
    destroy(err, cb) { socket.destroy(err ?? undefined); cb(err); },
  });
  socket.on('data', (d: Buffer) => { if (!stream.push(d)) socket.pause(); });
  socket.on('end', () => stream.push(null));
  socket.on('error', (e) => stream.emit('error', e));
  const emitClose = () => {
    if (pendingClose === undefined) return;
    const hadError = pendingClose;
    pendingClose = undefined;
    stream.emit('close', hadError);
  };
  socket.once('close', (hadError: boolean) => {
    pendingClose = hadError;
    stream.push(null);
    if (parserDone) emitClose();
    else setTimeout(emitClose, 2000).unref(); // a parser stuck on a partial frame must not keep the streams alive
  });
  return {
    stream,
    attach(parser) {
      const done = () => { parserDone = true; setImmediate(emitClose); };
      parser.once('end', done);
      parser.once('finish', () => setImmediate(() => { if (!parserDone) done(); }));
    },
  };
}

/** Resolves once every frame queued so far has been written into the socket. */
export async function flushFramer(conn: SpdyConnection): Promise<void> {
  const framer = conn._spdyState.framer;
  for (let i = 0; i < 10_000; i++) {
    if (framer.count === 0 && framer._readableState.length === 0) return;
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Gracefully closes a SPDY session: waits for queued frames, then lets the peer hang up first (kubectl closes the
 * connection once it has read every stream to its end; Go's spdystream can drop data frames it had not delivered yet
 * when the connection goes away under it), half-closing the socket ourselves only after `peerGraceMs`.
 */
export async function closeSpdy(conn: SpdyConnection, socket: Duplex, peerGraceMs = 2000): Promise<void> {
  await flushFramer(conn);
  if (!socket.destroyed && !socket.readableEnded) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, peerGraceMs);
      t.unref();
      const done = () => { clearTimeout(t); resolve(); };
      socket.once('end', done);
      socket.once('close', done);
    });
  }
  socket.end();
}

/** Reads a stream to its end. */
export function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * A native Node Duplex over a spdy-transport stream. The library's streams come from readable-stream@3, whose async
 * iterator waits for the *writable* side to finish too, so `for await` over a half-closed stream never ends.
 */
export function nativeDuplex(s: SpdyStream): Duplex {
  const d = new NodeDuplex({
    read() { s.resume(); },
    write(chunk: Buffer, enc, cb) { s.write(chunk, enc, (err?: Error | null) => cb(err ?? undefined)); },
    final(cb) { s.end(); cb(); },
    destroy(err, cb) { s.destroy(); cb(err); },
  });
  s.on('data', (c: Buffer) => { if (!d.push(c)) s.pause(); });
  s.on('end', () => d.push(null));
  return d;
}
