// Keeps one process running: start it (resolving when it is ready), watch it exit, restart it after a back-off that
// doubles from initialBackoffMs to maxBackoffMs and resets once an instance has stayed up for resetAfterMs.
// Generic over how an instance is started, so it is tested with a fake clock and fake instances.
import type { Clock } from '../../machinery/clock.js';

export interface ExitInfo { code: number | null; signal: string | null }

export interface Instance {
  readonly pid: number;
  /** Resolves when the process is gone. */
  readonly exited: Promise<ExitInfo>;
  kill(signal: NodeJS.Signals): void;
}

export type SupervisorEvent =
  | { type: 'ready'; pid: number; restarts: number }
  | { type: 'exited'; pid: number; code: number | null; signal: string | null }
  | { type: 'restarting'; delayMs: number }
  | { type: 'startFailed'; error: string }
  | { type: 'stopping'; pid: number }
  | { type: 'stopped' };

export interface BackoffOptions {
  /** @default 1000 */ initialBackoffMs?: number;
  /** @default 30000 */ maxBackoffMs?: number;
  /** @default 60000 */ resetAfterMs?: number;
}

export interface SupervisorOptions<I extends Instance> extends BackoffOptions {
  /** Starts an instance and resolves once it is ready (rejects, having cleaned up, if it cannot). */
  start(): Promise<I>;
  clock: Clock;
  onEvent?: (e: SupervisorEvent) => void;
}

/** The delay before the next restart, given the previous delay (undefined: none yet) and how long the instance ran. */
export function nextBackoff(prevMs: number | undefined, ranForMs: number, o: BackoffOptions = {}): number {
  const initial = o.initialBackoffMs ?? 1000;
  const max = o.maxBackoffMs ?? 30_000;
  if (prevMs === undefined || ranForMs >= (o.resetAfterMs ?? 60_000)) return initial;
  return Math.min(prevMs * 2, max);
}

/** TERM, then KILL after graceMs; resolves when the instance has exited. */
export async function terminate(inst: Instance, graceMs: number, clock: Clock): Promise<ExitInfo> {
  inst.kill('SIGTERM');
  const t = clock.setTimeout(() => inst.kill('SIGKILL'), graceMs);
  try {
    return await inst.exited;
  } finally {
    t.cancel();
  }
}

export class Supervisor<I extends Instance> {
  private current: I | undefined;
  private pending: Promise<unknown> | undefined;
  private timer: { cancel(): void } | undefined;
  private backoff: number | undefined;
  private stopping = false;
  private restartCount = 0;

  constructor(private readonly o: SupervisorOptions<I>) {}

  /** The running instance, if any. */
  instance(): I | undefined { return this.current; }
  restarts(): number { return this.restartCount; }

  /** First start: rejects if it fails (no retry: the caller reports it). */
  async start(): Promise<I> {
    const inst = await this.o.start();
    this.adopt(inst);
    return inst;
  }

  private emit(e: SupervisorEvent): void { this.o.onEvent?.(e); }

  private adopt(inst: I): void {
    this.current = inst;
    const startedAt = this.o.clock.now();
    this.emit({ type: 'ready', pid: inst.pid, restarts: this.restartCount });
    void inst.exited.then((info) => {
      if (this.current !== inst) return;
      this.current = undefined;
      if (this.stopping) return;
      this.emit({ type: 'exited', pid: inst.pid, ...info });
      this.schedule(this.o.clock.now() - startedAt);
    });
  }

  private schedule(ranForMs: number): void {
    const delayMs = nextBackoff(this.backoff, ranForMs, this.o);
    this.backoff = delayMs;
    this.emit({ type: 'restarting', delayMs });
    this.timer = this.o.clock.setTimeout(() => { this.timer = undefined; this.pending = this.restart(); }, delayMs);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      const inst = await this.o.start();
      this.restartCount++;
      this.adopt(inst);
    } catch (e) {
      if (this.stopping) return;
      this.emit({ type: 'startFailed', error: (e as Error).message });
      this.schedule(0);
    }
  }

  /** Stops supervising and leaves the running instance alone (what the agent's death does, on purpose). */
  detach(): void {
    this.stopping = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.current = undefined;
  }

  /** Stops supervising and terminates the running instance (TERM, then KILL after graceMs). */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.pending?.catch(() => undefined);
    const inst = this.current;
    if (inst) {
      this.emit({ type: 'stopping', pid: inst.pid });
      await terminate(inst, graceMs, this.o.clock);
      this.current = undefined;
    }
    this.emit({ type: 'stopped' });
  }
}
