// Starts `skiff simulate` (hollow nodes) as its own process against a running server, with the same launcher as
// the server, and waits for its "Ready:" line (every Node and Lease created, informers synced, heartbeats started).
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface SimulatorProcess {
  pid: number;
  proc: ChildProcess;
  /** Spawn → "Ready:" line, in ms. */
  readyMs: number;
  /** Registration progress lines: [nodes registered, seconds since the simulator started]. */
  progress: [number, number][];
  output(): string;
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  bin: string;
  kubeconfig: string;
  nodes: number;
  /** Extra `skiff simulate` flags, e.g. ['--pod-ready-delay', '1h']. */
  args?: string[];
  nodeArgs?: string[];
  /** @default 300000 */
  timeoutMs?: number;
}

export async function startSimulator(o: SimulatorOptions): Promise<SimulatorProcess> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), o.bin, 'simulate', '--kubeconfig', o.kubeconfig, '--nodes', String(o.nodes), ...(o.args ?? [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  let exited = false;
  const exit = new Promise<void>((r) => proc.once('exit', () => { exited = true; r(); }));
  const readyMs = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); rej(new Error(`skiff simulate not ready in time:\n${out.slice(-2000)}`)); }, o.timeoutMs ?? 300_000);
    const check = () => {
      if (/^Ready: /m.test(out)) { clearTimeout(timer); proc.stderr!.off('data', check); res(performance.now() - t0); }
    };
    proc.stderr!.on('data', check);
    void exit.then(() => { clearTimeout(timer); rej(new Error(`skiff simulate exited early:\n${out.slice(-2000)}`)); });
  });
  const progress = [...out.matchAll(/registered (\d+)\/\d+ nodes \(([\d.]+) s\)/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
  return {
    pid: proc.pid!, proc, readyMs, progress,
    output: () => out,
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(t);
      }
    },
  };
}
