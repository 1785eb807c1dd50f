// Starts a real `skiff server` process (port 0, temp data dir, no agent), the way test/e2e/harness.ts does, but
// with the launcher as a parameter so a benchmark can also drive a build outside dist/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKubeconfig, type Credentials } from './client.js';

export interface SkiffProcess {
  port: number;
  pid: number;
  dataDir: string;
  kubeconfig: string;
  tls: Credentials;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The launcher script: bin/skiff.js, or any file that runs skiff's main. */
  bin: string;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Give up when not listening by then. @default 60000 */
  timeoutMs?: number;
}

export async function startSkiff(o: StartOptions): Promise<SkiffProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), o.bin, 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--bind-address', '127.0.0.1', '--disable-agent'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  let exited = false;
  const exit = new Promise<void>((r) => proc.once('exit', () => { exited = true; r(); }));
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); rej(new Error(`skiff server did not start in time:\n${out}`)); }, o.timeoutMs ?? 60_000);
    const check = () => {
      const m = /API server: https:\/\/[^:]+:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); proc.stderr!.off('data', check); res(Number(m[1])); }
    };
    proc.stderr!.on('data', check);
    void exit.then(() => { clearTimeout(timer); rej(new Error(`skiff server exited early:\n${out}`)); });
  });
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  return {
    port, pid: proc.pid!, dataDir, kubeconfig, tls: readKubeconfig(kubeconfig), proc,
    output: () => out,
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
