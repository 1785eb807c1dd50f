// Transport-neutral shapes shared by the server side (facing kubectl / client-node) and the client side
// (facing containerd's CRI streaming server or another Skiff node).
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Status } from '../api/types.js';
import type { AsyncQueue } from './queue.js';

export interface TerminalSize { width: number; height: number }

/** How a remote command ended. `status` carries the peer's Status verbatim when there was one (bridging). */
export type ExecResult = { exitCode: number; status?: Status } | { error: string; status?: Status };

/** Which standard streams the request asked for (the `stdin`/`stdout`/`stderr`/`tty` query parameters). */
export interface StreamOptions { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }

/** Server side of an exec/attach session, whatever the transport. */
export interface RemoteCommandStreams {
  /** Negotiated protocol, e.g. `v5.channel.k8s.io` or `v4.channel.k8s.io`. */
  readonly protocol: string;
  readonly transport: 'websocket' | 'spdy';
  readonly tty: boolean;
  /** Data the user types; ends at stdin EOF (SPDY half-close, v5 CLOSE frame, or connection loss). */
  readonly stdin: Readable | null;
  readonly stdout: Writable | null;
  /** Always null with tty (kubectl folds stderr into the terminal). */
  readonly stderr: Writable | null;
  /** Terminal size changes (tty only); ends when the session closes. */
  readonly resize: AsyncQueue<TerminalSize>;
  /** Resolves when the peer has gone (after finish, or on disconnect). */
  readonly closed: Promise<void>;
  /** Ends stdout/stderr, writes the exit Status on the error channel and closes the connection cleanly. */
  finish(result: ExecResult): Promise<void>;
  /** Drops the connection without a status. */
  abort(): void;
}

/** Client side of an exec/attach session: the mirror image of RemoteCommandStreams. */
export interface RemoteCommandClient {
  readonly protocol: string;
  readonly transport: 'websocket' | 'spdy';
  /** end() delivers EOF (SPDY half-close, v5 CLOSE frame; v4 WebSocket cannot carry it). */
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  resize(size: TerminalSize): void;
  /** Parsed from the error channel when the command ends. Rejects only on a transport failure. */
  readonly result: Promise<ExecResult>;
  close(): void;
}

/** One forwarded connection: `data` carries the bytes, `error` takes a text message on failure. */
export interface PortForwardStream {
  port: number;
  requestId: string;
  data: Duplex;
  error: Writable;
}

export interface TlsOptions { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean }
