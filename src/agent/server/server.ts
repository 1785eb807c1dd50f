// startKubeletServer: the agent's HTTPS endpoint (the kubelet's :10250) — exec, attach, portForward, containerLogs,
// stats/summary, healthz — for the API server, which proxies kubectl's requests and upgrades here byte for byte.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError, internalError, methodNotAllowed, resourceNotFound } from '../../machinery/errors.js';
import { systemClock } from '../../machinery/clock.js';
import { noopLogger } from '../../machinery/log.js';
import { rejectUpgrade } from '../../streaming/index.js';
import { DEFAULT_LOGS_DIR } from '../logs/index.js';
import { checkClient, defaultAuthorize } from './auth.js';
import { sendError, serveContainerLogs } from './container-logs.js';
import { errorText } from './errors.js';
import { serveRemoteCommand } from './exec.js';
import { servePortForward } from './portforward.js';
import { parseRoute } from './routes.js';
import { StatsProvider } from './summary.js';
import type { KubeletServerOptions } from './types.js';

export interface KubeletServer {
  readonly port: number;
  /** Stops listening and drops open connections (streams, follows). */
  close(): Promise<void>;
}

export async function startKubeletServer(o: KubeletServerOptions): Promise<KubeletServer> {
  const clock = o.clock ?? systemClock;
  const logger = (o.logger ?? noopLogger).with({ component: 'kubelet-server' });
  const authorize = o.authorize ?? defaultAuthorize;
  const logsDir = o.logsDir ?? DEFAULT_LOGS_DIR;
  const stats = new StatsProvider({ runtime: o.runtime, nodeName: o.nodeName, hostStats: o.hostStats, clock, sampleIntervalMs: o.statsSampleIntervalMs });
  const server = https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.ca, requestCert: true, rejectUnauthorized: false });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(req, res).catch((err) => {
      logger.error('request failed', { path: req.url, err: errorText(err) });
      if (!res.headersSent) sendError(res, internalError(err));
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://agent');
    const route = parseRoute(url.pathname);
    if (route?.kind === 'healthz') { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('ok'); return; }
    const denied = checkClient(req, authorize);
    if (denied) return sendError(res, denied);
    if (!route) return sendError(res, resourceNotFound());
    if (req.method !== 'GET' && req.method !== 'HEAD' && route.kind !== 'exec' && route.kind !== 'attach' && route.kind !== 'portForward') {
      return sendError(res, methodNotAllowed(`the server does not allow this method on the requested resource`));
    }
    switch (route.kind) {
      case 'statsSummary': {
        const body = JSON.stringify(await stats.summary());
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      case 'containerLogs': {
        const ac = new AbortController();
        res.once('close', () => ac.abort());
        await serveContainerLogs(res, route, url.searchParams, { runtime: o.runtime, resolve: o.resolve, logsDir, clock, pollMs: o.logPollMs }, ac.signal);
        return;
      }
      default:
        // exec/attach/portForward need an upgrade.
        return sendError(res, new ApiError(400, 'BadRequest', 'Upgrade request required'));
    }
  }

  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    socket.on('error', () => socket.destroy());
    void handleUpgrade(req, socket, head).catch((err) => {
      logger.debug('stream ended with an error', { path: req.url, err: errorText(err) });
      socket.destroy();
    });
  });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://agent');
    const route = parseRoute(url.pathname);
    const denied = checkClient(req, authorize);
    if (denied) return rejectUpgrade(socket, denied);
    if (!route) return rejectUpgrade(socket, resourceNotFound());
    if (route.kind === 'exec' || route.kind === 'attach') {
      return serveRemoteCommand({ ...route, kind: route.kind, query: url.searchParams }, req, socket, head, { runtime: o.runtime, resolve: o.resolve, logger });
    }
    if (route.kind === 'portForward') return servePortForward(route, req, socket, head, { resolve: o.resolve, logger });
    return rejectUpgrade(socket, new ApiError(400, 'BadRequest', `${url.pathname} does not support upgrades`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '0.0.0.0', () => { server.off('error', reject); resolve(); });
  });
  stats.start();
  const port = (server.address() as AddressInfo).port;
  logger.info('listening', { port });
  return {
    port,
    close: async () => {
      stats.stop();
      server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
