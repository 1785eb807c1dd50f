// acceptRemoteCommand: one entry point for exec/attach upgrades, whichever transport the client chose.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest } from '../machinery/errors.js';
import { acceptSpdyRemoteCommand, type SpdyAcceptOptions } from './exec-spdy-server.js';
import { acceptWebSocketRemoteCommand } from './exec-ws-server.js';
import type { RemoteCommandStreams } from './types.js';
import { isSpdyUpgrade, isWebSocketUpgrade, rejectUpgrade } from './upgrade.js';

export type AcceptRemoteCommandOptions = SpdyAcceptOptions;

/**
 * Takes over an upgraded exec/attach request (from the HTTP server's 'upgrade' event, or a request handler's socket)
 * and resolves once the client's streams are ready. Rejects (after answering the client) when the upgrade is unusable.
 */
export function acceptRemoteCommand(
  req: IncomingMessage, socket: Duplex, head: Buffer, opts: AcceptRemoteCommandOptions,
): Promise<RemoteCommandStreams> {
  if (isWebSocketUpgrade(req)) return acceptWebSocketRemoteCommand(req, socket, head, opts);
  if (isSpdyUpgrade(req)) return acceptSpdyRemoteCommand(req, socket, head, opts);
  rejectUpgrade(socket, badRequest('Upgrade request required'));
  return Promise.reject(new Error('not an upgrade request'));
}

/** Reads stdin/stdout/stderr/tty from the exec/attach query (`true`/`1` count as set; tty drops stderr later). */
export function streamOptionsFromQuery(query: URLSearchParams): { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean } {
  const flag = (n: string) => { const v = query.get(n); return v === 'true' || v === '1'; };
  return { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
}
