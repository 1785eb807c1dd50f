// Starts a real `skiff server` WITH its embedded node agent (real containerd, CNI bridge and pod CIDR of its own,
// the busybox test image imported from <dataDir>/agent/images/ as test/e2e/harness.ts does), records when each
// startup line appeared, and cleans up like the harness: SIGTERM the server, then `skiff killall` for its data dir
// (pods, containerd, shims, mounts, bridge), then remove the data dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readKubeconfig, type Credentials } from './client.js';

export interface AgentServer {
  pid: number;
  /** Known once the "API server:" line appeared (see `apiLine`). */
  port: number;
  dataDir: string;
  agentDir: string;
  podLogDir: string;
  kubeconfig: string;
  tls: Credentials;
  proc: ChildProcess;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** performance.now() at which a stderr line matching `re` first arrived (undefined if not yet). */
  lineAt(re: RegExp): number | undefined;
  /** Resolves with the receipt time of the first line matching `re`; rejects if the server exits first or on timeout. */
  waitLine(re: RegExp, timeoutMs?: number): Promise<number>;
  output(): string;
  stop(): Promise<void>;
}

export interface AgentServerOptions {
  bin: string;
  nodeArgs?: string[];
  /** OCI archives copied into <dataDir>/agent/images/ before start (imported by the agent). */
  images?: string[];
  /** Wait for the "node … registered" line before resolving. @default true */
  waitForNode?: boolean;
  timeoutMs?: number;
}

export const API_LINE = /API server: https:\/\/[^:]+:(\d+)/;
export const NODE_LINE = /node agent: node \S+ registered/;

/** A /16 and a bridge name of our own; 10.200–249 so we never meet the e2e harness's 10.100–199. */
function network(): { clusterCIDR: string; bridge: string } {
  return { clusterCIDR: `10.${200 + Math.floor(Math.random() * 50)}.0.0/16`, bridge: `skb${randomBytes(3).toString('hex')}` };
}

export async function startAgentServer(o: AgentServerOptions): Promise<AgentServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-agent-'));
  const agentDir = join(dataDir, 'agent');
  const podLogDir = join(dataDir, 'pod-logs');
  mkdirSync(join(agentDir, 'images'), { recursive: true });
  for (const [i, img] of (o.images ?? []).entries()) copyFileSync(img, join(agentDir, 'images', `image-${i}.tar`));
  const net = network();
  const args = [...(o.nodeArgs ?? []), o.bin, 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--bind-address', '127.0.0.1',
    '--kubelet-port', '0', '--cluster-cidr', net.clusterCIDR, '--cni-bridge', net.bridge, '--pod-log-dir', podLogDir];
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir });
  let out = '';
  const lines: { at: number; text: string }[] = [];
  let partial = '';
  const waiters = new Set<() => void>();
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d: Buffer) => {
    const at = performance.now();
    out += d;
    partial += d.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const text of parts) lines.push({ at, text });
    for (const w of [...waiters]) w();
  });
  let exited = false;
  const exit = new Promise<void>((r) => proc.once('exit', () => { exited = true; r(); for (const w of [...waiters]) w(); }));
  const lineAt = (re: RegExp) => lines.find((l) => re.test(l.text))?.at;
  const waitLine = (re: RegExp, timeoutMs = o.timeoutMs ?? 120_000) => new Promise<number>((res, rej) => {
    const timer = setTimeout(() => { waiters.delete(check); rej(new Error(`no line ${re} within ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    const check = () => {
      const at = lineAt(re);
      if (at !== undefined) { clearTimeout(timer); waiters.delete(check); res(at); }
      else if (exited) { clearTimeout(timer); waiters.delete(check); rej(new Error(`skiff server exited early:\n${out}`)); }
    };
    waiters.add(check);
    check();
  });
  const stop = async () => {
    if (!exited) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(t);
    }
    const r = spawnSync(process.execPath, [o.bin, 'killall', '--data-dir', dataDir, '--pod-log-dir', podLogDir], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) process.stderr.write(`[bench] skiff killall ${dataDir} failed (${r.status}): ${r.stderr}\n`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitLine(API_LINE);
    if (o.waitForNode ?? true) await waitLine(NODE_LINE);
  } catch (e) {
    await stop();
    throw e;
  }
  const port = Number(API_LINE.exec(out)![1]);
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  return {
    pid: proc.pid!, port, dataDir, agentDir, podLogDir, kubeconfig, tls: readKubeconfig(kubeconfig), proc, spawnedAt,
    lineAt, waitLine, output: () => out, stop,
  };
}
