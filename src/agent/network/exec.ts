// Running a CNI conflist by hand (the part of libcni the agent needs): ADD runs the plugins in order passing each
// one's result on as prevResult, DEL runs them in reverse. The CNI env protocol: CNI_COMMAND, CNI_CONTAINERID,
// CNI_NETNS, CNI_IFNAME, CNI_PATH, the network config on stdin, the result (or an error object) on stdout.
// containerd does this for pods; the agent uses it to tear down a pod whose sandbox containerd already forgot
// (its portmap/ipMasq rules and IP reservation would stay), and tests use it to exercise the real plugins.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CniRuntime {
  containerId: string;
  /** Path of the network namespace (/var/run/netns/<name>); may be '' for DEL of a namespace that is gone. */
  netns: string;
  /** @default 'eth0' */
  ifName?: string;
  /** @default '/usr/lib/cni' */
  binDir?: string;
  /** runtimeConfig for plugins that declare the capability, e.g. { portMappings: [...] }. */
  runtimeConfig?: Record<string, unknown>;
  /** CNI_ARGS, e.g. K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p. */
  args?: string;
}

export class CniError extends Error {
  constructor(readonly plugin: string, readonly code: number | undefined, message: string) {
    super(`CNI plugin ${plugin} failed: ${message}`);
    this.name = 'CniError';
  }
}

interface Conflist { cniVersion: string; name: string; plugins: Record<string, unknown>[] }

/** ADD: returns the last plugin's result (interfaces, ips, routes, dns). */
export async function cniAdd(conflist: string | Conflist, rt: CniRuntime): Promise<Record<string, unknown>> {
  const list = typeof conflist === 'string' ? JSON.parse(conflist) as Conflist : conflist;
  let prev: unknown;
  for (const p of list.plugins) prev = await invoke('ADD', pluginConf(list, p, rt, prev), rt);
  return (prev ?? {}) as Record<string, unknown>;
}

/** DEL in reverse order; every plugin runs even if one fails, the first failure is thrown at the end. */
export async function cniDel(conflist: string | Conflist, rt: CniRuntime): Promise<void> {
  const list = typeof conflist === 'string' ? JSON.parse(conflist) as Conflist : conflist;
  let first: unknown;
  for (const p of [...list.plugins].reverse()) {
    try { await invoke('DEL', pluginConf(list, p, rt, undefined), rt); } catch (e) { first ??= e; }
  }
  if (first) throw first;
}

function pluginConf(list: Conflist, p: Record<string, unknown>, rt: CniRuntime, prev: unknown): Record<string, unknown> {
  const caps = (p.capabilities ?? {}) as Record<string, boolean>;
  const runtimeConfig = Object.fromEntries(Object.entries(rt.runtimeConfig ?? {}).filter(([k]) => caps[k]));
  return {
    ...p, cniVersion: list.cniVersion, name: list.name,
    ...(Object.keys(runtimeConfig).length ? { runtimeConfig } : {}),
    ...(prev !== undefined ? { prevResult: prev } : {}),
  };
}

function invoke(command: 'ADD' | 'DEL', conf: Record<string, unknown>, rt: CniRuntime): Promise<unknown> {
  const binDir = rt.binDir ?? '/usr/lib/cni';
  const type = String(conf.type);
  if (!/^[\w.-]+$/.test(type)) return Promise.reject(new CniError(type, undefined, 'invalid plugin type'));
  return new Promise((resolve, reject) => {
    const child = spawn(join(binDir, type), [], {
      env: {
        PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        CNI_COMMAND: command, CNI_CONTAINERID: rt.containerId, CNI_NETNS: rt.netns, CNI_IFNAME: rt.ifName ?? 'eth0',
        CNI_PATH: binDir, ...(rt.args ? { CNI_ARGS: rt.args } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [], err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new CniError(type, undefined, e.message)));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8').trim();
      if (code === 0) {
        try { resolve(text ? JSON.parse(text) : undefined); } catch { resolve(undefined); }
        return;
      }
      let msg = Buffer.concat(err).toString('utf8').trim() || `exit code ${code}`;
      try { const e = JSON.parse(text) as { msg?: string; details?: string }; if (e.msg) msg = e.details ? `${e.msg}: ${e.details}` : e.msg; } catch { /* not JSON */ }
      reject(new CniError(type, code ?? undefined, msg));
    });
    child.stdin.end(JSON.stringify(conf));
  });
}
