// Starts a baseline server script as a child process and waits for its `LISTENING <port>` line.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer { port: number; pid: number; proc: ChildProcess; stop(): Promise<void> }

export async function startChildServer(script: string, args: string[], timeoutMs = 15_000): Promise<ChildServer> {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exit = new Promise<void>((r) => proc.once('exit', () => r()));
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); rej(new Error(`${script} did not start`)); }, timeoutMs);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) { clearTimeout(timer); res(Number(m[1])); }
    });
    void exit.then(() => { clearTimeout(timer); rej(new Error(`${script} exited early`)); });
  });
  return {
    port, pid: proc.pid!, proc,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exit;
        clearTimeout(t);
      }
    },
  };
}
