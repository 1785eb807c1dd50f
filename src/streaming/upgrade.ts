// HTTP/1.1 upgrade plumbing shared by the servers: detection, the 101 answer and error answers with a Status.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Status } from '../api/types.js';
import { ApiError } from '../machinery/errors.js';

/** Whether the request asks to switch to WebSocket or SPDY (the only upgrades the streaming endpoints take). */
export function isUpgradeRequest(req: IncomingMessage): boolean {
  const connection = String(req.headers.connection ?? '').toLowerCase();
  return connection.split(',').some((t) => t.trim() === 'upgrade') && req.headers.upgrade !== undefined;
}

export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return isUpgradeRequest(req) && String(req.headers.upgrade).toLowerCase() === 'websocket';
}

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return isUpgradeRequest(req) && String(req.headers.upgrade).toLowerCase().startsWith('spdy/3.1');
}

/** Answers an upgrade request that cannot be served with an HTTP error carrying a JSON Status, then closes. */
export function rejectUpgrade(socket: Duplex, error: ApiError | Status): void {
  const status = error instanceof ApiError ? error.toStatus() : { kind: 'Status', apiVersion: 'v1', ...error };
  const code = status.code ?? 500;
  const body = JSON.stringify(status);
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${code} ${httpReason(code)}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** The 101 answer for a SPDY upgrade. */
export function writeSpdySwitch(socket: Duplex, protocol: string | undefined): void {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      (protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : '') +
      '\r\n',
  );
}

/** Puts back bytes the HTTP parser read past the request head. */
export function unshiftHead(socket: Duplex, head: Buffer | undefined): void {
  if (head && head.length > 0) socket.unshift(head);
}

function httpReason(code: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    500: 'Internal Server Error', 503: 'Service Unavailable',
  };
  return reasons[code] ?? 'Error';
}
