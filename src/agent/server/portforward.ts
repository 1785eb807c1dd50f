// port-forward: each forwarded connection (SPDY, SPDY in WebSocket, or client-node's channels) is piped to
// podIP:port (127.0.0.1 for hostNetwork pods) from the host, where pod IPs are routable.
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../machinery/log.js';
import { acceptPortForward, rejectUpgrade, type PortForwardStream } from '../../streaming/index.js';
import { errorText, podDoesNotExist, upgradeError } from './errors.js';
import type { PodTarget, ResolvePod } from './types.js';

export async function servePortForward(
  r: { namespace: string; pod: string }, req: IncomingMessage, socket: Duplex, head: Buffer,
  deps: { resolve: ResolvePod; logger: Logger },
): Promise<void> {
  const target = await deps.resolve(r.namespace, r.pod);
  if (!target) return rejectUpgrade(socket, podDoesNotExist());
  if (!target.hostNetwork && !target.podIP) return rejectUpgrade(socket, upgradeError(500, 'InternalError', `pod ${r.pod} has no IP address yet`));
  const session = await acceptPortForward(req, socket, head);
  for await (const stream of session) forward(stream, target, deps.logger);
}

/** Connects one forwarded stream; a failure is reported as text on its error stream, as the kubelet does. */
const CONNECT_TIMEOUT_MS = 10_000;

export function forward(stream: PortForwardStream, target: PodTarget, logger: Logger): void {
  const host = target.hostNetwork ? '127.0.0.1' : target.podIP;
  const conn = net.connect({ host, port: stream.port });
  let connected = false;
  conn.once('connect', () => {
    connected = true;
    conn.setTimeout(0);
    stream.data.pipe(conn);
    conn.pipe(stream.data);
  });
  conn.setTimeout(CONNECT_TIMEOUT_MS, () => conn.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
  conn.on('error', (err) => {
    const msg = `error forwarding port ${stream.port} to pod ${target.sandboxId ?? ''}, uid : failed to connect to ${host}:${stream.port}: ${dialErrorText(err)}`;
    if (!connected) logger.debug('port-forward connect failed', { port: stream.port, err: errorText(err) });
    stream.error.end(msg);
    stream.data.end();
    conn.destroy();
  });
  stream.data.on('error', () => conn.destroy());
  stream.data.on('close', () => conn.destroy());
}

/** Go's wording for the usual dial failures (`connect: connection refused`), else Node's message. */
function dialErrorText(err: NodeJS.ErrnoException): string {
  const go: Record<string, string> = {
    ECONNREFUSED: 'connect: connection refused', EHOSTUNREACH: 'connect: no route to host',
    ENETUNREACH: 'connect: network is unreachable', ETIMEDOUT: 'i/o timeout',
  };
  return (err.code && go[err.code]) ?? errorText(err);
}
