// Where summaries come from: the node agent's GET /stats/summary over mutual TLS (as metrics-server scrapes the
// kubelet), one request per node with a hard deadline. Tests inject their own SummarySource.
import https from 'node:https';
import { systemClock, type Clock } from '../../machinery/clock.js';
import type { Summary } from './summary.js';

/** Fetches one node's Summary; rejects when the node cannot be scraped. */
export interface SummarySource {
  summary(nodeName: string): Promise<Summary>;
}

export interface AgentEndpoint {
  target: { host: string; port: number };
  creds: { ca: string; cert: string; key: string };
}

export interface HttpsSummarySourceOptions {
  /** The agent address of a node and the client credentials (ApiServer.agentFor). */
  agentFor(nodeName: string): Promise<AgentEndpoint>;
  /** Whole-request deadline per node. @default 2000 */
  timeoutMs?: number;
  /** Largest accepted body. @default 64 MiB */
  maxBytes?: number;
  /** Runs the deadline. @default systemClock */
  clock?: Clock;
}

export class ScrapeError extends Error {
  constructor(readonly nodeName: string, message: string) {
    super(`Cannot scrape node "${nodeName}": ${message}`);
    this.name = 'ScrapeError';
  }
}

export function httpsSummarySource(opts: HttpsSummarySourceOptions): SummarySource {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const maxBytes = opts.maxBytes ?? 64 << 20;
  const clock = opts.clock ?? systemClock;
  return {
    async summary(nodeName) {
      const { target, creds } = await opts.agentFor(nodeName);
      const body = await getText(nodeName, target, creds, { timeoutMs, maxBytes, clock });
      try {
        return JSON.parse(body) as Summary;
      } catch {
        throw new ScrapeError(nodeName, 'summary is not valid JSON');
      }
    },
  };
}

function getText(nodeName: string, target: AgentEndpoint['target'], creds: AgentEndpoint['creds'], o: { timeoutMs: number; maxBytes: number; clock: Clock }): Promise<string> {
  const { timeoutMs, maxBytes } = o;
  return new Promise((resolve, reject) => {
    const fail = (msg: string) => { req.destroy(); reject(new ScrapeError(nodeName, msg)); };
    const timer = o.clock.setTimeout(() => fail(`no answer from ${target.host}:${target.port} within ${timeoutMs}ms`), timeoutMs);
    const req = https.get({
      host: target.host, port: target.port, path: '/stats/summary', ca: creds.ca, cert: creds.cert, key: creds.key,
      agent: false, headers: { accept: 'application/json' },
      servername: /^[\d.]+$/.test(target.host) || target.host.includes(':') ? undefined : target.host,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) { timer.cancel(); fail(`summary larger than ${maxBytes} bytes`); return; }
        chunks.push(c);
      });
      res.on('end', () => {
        timer.cancel();
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new ScrapeError(nodeName, `status ${res.statusCode}: ${text.slice(0, 200)}`));
        else resolve(text);
      });
      res.on('error', (e) => { timer.cancel(); reject(new ScrapeError(nodeName, e.message)); });
    });
    req.on('error', (e) => { timer.cancel(); reject(new ScrapeError(nodeName, e.message)); });
  });
}
