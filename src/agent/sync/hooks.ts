// Lifecycle hooks (postStart, preStop), as the kubelet's lifecycle/handlers.go runs them: exec through CRI ExecSync,
// httpGet to the pod IP (or host), sleep on the injected clock. Failures come back as the kubelet's messages.
import http from 'node:http';
import https from 'node:https';
import type { Container, LifecycleHandler, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../machinery/clock.js';
import { resolvePort } from '../kubelet/probe-run.js';
import type { Runtime } from '../runtime/runtime.js';
import { formatPod } from '../kubelet/podutil.js';
import { errorText } from './durations.js';

export interface HookTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  podIP: string;
  /** Upper bound for exec and HTTP handlers, seconds (0 = none). */
  timeoutSeconds: number;
}

/** Runs the handler; resolves to undefined on success, or the failure message. */
export async function runLifecycleHook(h: LifecycleHandler, t: HookTarget, runtime: Runtime, clock: Clock): Promise<string | undefined> {
  const who = `for Container "${t.container.name}" in Pod "${formatPod(t.pod)}"`;
  if (h.exec) {
    const cmd = h.exec.command ?? [];
    try {
      const r = await runtime.execSync(t.containerId, cmd, t.timeoutSeconds);
      if (r.exitCode === 0) return undefined;
      const out = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
      return `Exec lifecycle hook (${goSlice(cmd)}) ${who} failed - error: command '${cmd.join(' ')}' exited with ${r.exitCode}: ${out}, message: "${escape(out)}"`;
    } catch (e) {
      return `Exec lifecycle hook (${goSlice(cmd)}) ${who} failed - error: ${errorText(e)}, message: ""`;
    }
  }
  if (h.httpGet) {
    const port = resolvePort(h.httpGet.port, t.container);
    const host = h.httpGet.host || t.podIP;
    const scheme = h.httpGet.scheme === 'HTTPS' ? 'https' : 'http';
    const path = h.httpGet.path || '/';
    const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port ?? ''}${path.startsWith('/') ? path : `/${path}`}`;
    const err = port === undefined ? `unable to resolve port ${String(h.httpGet.port)}` : await httpGet(url, h.httpGet.httpHeaders ?? [], t.timeoutSeconds);
    return err ? `HTTP lifecycle hook (${path}) ${who} failed - error: ${err}` : undefined;
  }
  if (h.sleep) {
    const ms = Math.max(0, h.sleep.seconds) * 1000;
    if (ms > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    return undefined;
  }
  return `Cannot run handler: invalid handler: ${JSON.stringify(h)}`;
}

function goSlice(cmd: string[]): string {
  return `[${cmd.join(' ')}]`;
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function httpGet(url: string, headers: { name: string; value: string }[], timeoutSeconds: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lib = url.startsWith('https') ? https : http;
    const req = lib.get(url, {
      headers: Object.fromEntries(headers.map((h) => [h.name, h.value])), agent: false,
      ...(timeoutSeconds > 0 ? { timeout: timeoutSeconds * 1000 } : {}), ...(url.startsWith('https') ? { rejectUnauthorized: false } : {}),
    }, (res) => {
      res.resume();
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? undefined : `HTTP lifecycle hook failed with status code ${code}`);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`Get "${url}": context deadline exceeded`)));
    req.on('error', (e) => resolve(e.message));
  });
}
