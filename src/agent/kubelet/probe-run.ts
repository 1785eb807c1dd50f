// Running one probe: exec through a callback (the executor calls CRI ExecSync), httpGet with node:http(s) to
// podIP:port, tcpSocket by connecting. Every probe is bounded by timeoutSeconds. Named ports are resolved against
// the container's ports. HTTP: 200–399 is Success (redirects are not followed; a 3xx counts as success, as the
// kubelet counts a redirect to another host).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeResult } from './types.js';

export interface ProbeOutcome { result: ProbeResult; output: string }

/** Runs a command in the container (CRI ExecSync); rejects or resolves with the exit code. */
export type ExecFn = (command: string[], timeoutMs: number) => Promise<{ exitCode: number; output?: string }>;

export interface ProbeTarget {
  podIP: string;
  container: Container;
  exec?: ExecFn;
  /** @default 'kube-probe/1.30' */
  userAgent?: string;
  /** Overrides the probe's timeoutSeconds (finer than seconds; tests). */
  timeoutMs?: number;
}

/** A port number, a numeric string, or the name of one of the container's ports. */
export function resolvePort(port: number | string | undefined, container: Container): number | undefined {
  if (typeof port === 'number') return port > 0 && port < 65536 ? port : undefined;
  if (port === undefined || port === '') return undefined;
  if (/^\d+$/.test(port)) return resolvePort(Number(port), container);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = target.timeoutMs ?? Math.max(1, probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) {
    if (!target.exec) return { result: 'Unknown', output: 'exec probes need an exec function' };
    return execProbe(probe.exec.command ?? [], timeoutMs, target.exec);
  }
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, target.container);
    if (port === undefined) return { result: 'Failure', output: `unable to resolve port ${String(probe.httpGet.port)}` };
    const headers: Record<string, string> = { 'User-Agent': target.userAgent ?? 'kube-probe/1.30', Accept: '*/*' };
    for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
    return httpProbe({
      scheme: probe.httpGet.scheme === 'HTTPS' ? 'https' : 'http',
      host: probe.httpGet.host || target.podIP, port, path: probe.httpGet.path || '/', headers, timeoutMs,
    });
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, target.container);
    if (port === undefined) return { result: 'Failure', output: `unable to resolve port ${String(probe.tcpSocket.port)}` };
    return tcpProbe(probe.tcpSocket.host || target.podIP, port, timeoutMs);
  }
  return { result: 'Unknown', output: 'unsupported probe handler' };
}

export async function execProbe(command: string[], timeoutMs: number, exec: ExecFn): Promise<ProbeOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ result: 'Failure', output: `command timed out after ${timeoutMs / 1000}s` }), timeoutMs);
  });
  const run = exec(command, timeoutMs).then(
    (r): ProbeOutcome => ({ result: r.exitCode === 0 ? 'Success' : 'Failure', output: r.output ?? '' }),
    (e: unknown): ProbeOutcome => ({ result: 'Unknown', output: e instanceof Error ? e.message : String(e) }),
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HttpProbeOptions { scheme: 'http' | 'https'; host: string; port: number; path: string; headers: Record<string, string>; timeoutMs: number }

export function httpProbe(o: HttpProbeOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const lib = o.scheme === 'https' ? https : http;
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    const headers = { ...o.headers };
    const hostHeader = Object.keys(headers).find((k) => k.toLowerCase() === 'host');
    const req = lib.request(
      { host: o.host, port: o.port, path: o.path.startsWith('/') ? o.path : `/${o.path}`, method: 'GET', headers, timeout: o.timeoutMs, agent: false, ...(o.scheme === 'https' ? { rejectUnauthorized: false } : {}), ...(hostHeader ? { setHost: false } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => { if (body.length < 10_240) body += d; });
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          resolve(code >= 200 && code < 400 ? { result: 'Success', output: body.slice(0, 10_240) } : { result: 'Failure', output: `HTTP probe failed with statuscode: ${code}` });
        });
        res.on('error', (e) => resolve({ result: 'Failure', output: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Get "${o.scheme}://${host}:${o.port}${o.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    req.on('error', (e) => resolve({ result: 'Failure', output: e.message }));
    req.end();
  });
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (o: ProbeOutcome) => { sock.destroy(); resolve(o); };
    sock.setTimeout(timeoutMs, () => done({ result: 'Failure', output: `dial tcp ${host}:${port}: i/o timeout` }));
    sock.once('connect', () => done({ result: 'Success', output: '' }));
    sock.once('error', (e) => done({ result: 'Failure', output: e.message }));
  });
}
