// GET /containerLogs/{ns}/{pod}/{container}: the kubelet's log endpoint, text/plain, streamed and flushed per line.
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { ApiError, badRequest } from '../../machinery/errors.js';
import type { Clock } from '../../machinery/clock.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from '../kubelet/cri.js';
import { containerLogPath, parseRfc3339Ms, readContainerLogs, type ReadLogsOptions } from '../logs/index.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Container } from '../runtime/types.js';
import type { PodTarget, ResolvePod } from './types.js';

export interface LogQuery extends ReadLogsOptions { previous: boolean }

/** Parses and validates the query (names and rules of PodLogOptions). */
export function parseLogQuery(q: URLSearchParams, nowMs: number): LogQuery | ApiError {
  const bool = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
  const int = (n: string): number | undefined | ApiError => {
    const v = q.get(n);
    if (v === null || v === '') return undefined;
    const x = Number(v);
    return Number.isInteger(x) ? x : badRequest(`invalid ${n} ${JSON.stringify(v)}: must be an integer`);
  };
  const tailLines = int('tailLines');
  const limitBytes = int('limitBytes');
  const sinceSeconds = int('sinceSeconds');
  for (const v of [tailLines, limitBytes, sinceSeconds]) if (v instanceof ApiError) return v;
  if (typeof limitBytes === 'number' && limitBytes < 1) return badRequest('limitBytes: Invalid value: must be greater than 0');
  if (typeof sinceSeconds === 'number' && sinceSeconds < 1) return badRequest('sinceSeconds: Invalid value: must be greater than 0');
  const sinceTime = q.get('sinceTime');
  if (sinceTime && sinceSeconds !== undefined) return badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  let sinceMs: number | undefined;
  if (sinceTime) {
    sinceMs = parseRfc3339Ms(sinceTime);
    if (Number.isNaN(sinceMs)) return badRequest(`invalid sinceTime ${JSON.stringify(sinceTime)}: must be RFC 3339`);
  } else if (typeof sinceSeconds === 'number') {
    sinceMs = nowMs - sinceSeconds * 1000;
  }
  const out: LogQuery = { previous: bool('previous'), follow: bool('follow'), timestamps: bool('timestamps') };
  if (typeof tailLines === 'number' && tailLines >= 0) out.tailLines = tailLines;
  if (typeof limitBytes === 'number') out.limitBytes = limitBytes;
  if (sinceMs !== undefined) out.sinceMs = sinceMs;
  return out;
}

export interface LogSource { path: string; containerId: string; follow: boolean }

/** The file to read: the current attempt's, or with `previous` the attempt before it. Errors are the kubelet's. */
export async function findLogSource(
  runtime: Runtime, target: PodTarget, r: { namespace: string; pod: string; container: string }, previous: boolean, logsDir: string,
): Promise<LogSource | ApiError> {
  const attempts = (await runtime.listContainers({ labelSelector: { [LABEL_POD_UID]: target.podUid, [LABEL_CONTAINER_NAME]: r.container } }))
    .sort((a, b) => attemptOf(b) - attemptOf(a) || b.createdAt - a.createdAt);
  const current = attempts.find((c) => c.id === target.containerId) ?? attempts[0];
  const where = `container ${JSON.stringify(r.container)} in pod ${JSON.stringify(r.pod)}`;
  if (!current) return badRequest(`${where} is waiting to start: ContainerCreating`);
  if (!previous) return { path: await logPathOf(runtime, current, target, r, logsDir), containerId: current.id, follow: true };
  const prev = attempts.find((c) => attemptOf(c) < attemptOf(current));
  if (prev) return { path: await logPathOf(runtime, prev, target, r, logsDir), containerId: prev.id, follow: false };
  // The runtime may have removed it; its file can still be there.
  const file = containerLogPath(logsDir, r.namespace, r.pod, target.podUid, r.container, attemptOf(current) - 1);
  if (attemptOf(current) > 0 && existsSync(file)) return { path: file, containerId: '', follow: false };
  return badRequest(`previous terminated ${where} not found`);
}

export async function serveContainerLogs(
  res: ServerResponse, r: { namespace: string; pod: string; container: string }, query: URLSearchParams,
  deps: { runtime: Runtime; resolve: ResolvePod; logsDir: string; clock: Clock; pollMs?: number },
  signal: AbortSignal,
): Promise<void> {
  const opts = parseLogQuery(query, deps.clock.now());
  if (opts instanceof ApiError) return sendError(res, opts);
  const target = await deps.resolve(r.namespace, r.pod, r.container);
  if (!target) return sendError(res, new ApiError(404, 'NotFound', `pod ${JSON.stringify(r.pod)} does not exist`));
  const source = await findLogSource(deps.runtime, target, r, opts.previous, deps.logsDir);
  if (source instanceof ApiError) return sendError(res, source);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
  res.flushHeaders();
  const follow = opts.follow && source.follow;
  await readContainerLogs(source.path, { ...opts, follow }, res, signal, {
    isRunning: async () => deps.runtime.containerStatus(source.containerId).then((s) => s.status.state === 'CONTAINER_RUNNING', () => false),
    pollMs: deps.pollMs,
    clock: deps.clock,
  });
  res.end();
}

export function sendError(res: ServerResponse, err: ApiError): void {
  const body = JSON.stringify(err.toStatus());
  res.writeHead(err.code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function attemptOf(c: Container): number { return c.metadata?.attempt ?? 0; }

async function logPathOf(runtime: Runtime, c: Container, t: PodTarget, r: { namespace: string; pod: string; container: string }, logsDir: string): Promise<string> {
  const fromRuntime = await runtime.containerStatus(c.id).then((s) => s.status.logPath, () => '');
  return fromRuntime || containerLogPath(logsDir, r.namespace, r.pod, t.podUid, r.container, attemptOf(c));
}
