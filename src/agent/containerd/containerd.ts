// Starts and supervises containerd with the agent's generated config, as k3s does.
//
// Process model (see README): containerd is spawned detached (its own session and process group) with its output
// going to a log file, so the agent's death (kill -9) does not take containerd down: container logs keep being
// written and the shims (separate processes anyway) keep running. When the agent comes back, it adopts the
// containerd it started before (pid file + /proc check) if its config is unchanged and CRI answers; otherwise it
// TERMs it and starts a fresh one. Containers survive either way.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { renderContainerdConfig, type ContainerdConfigOptions } from './config.js';
import { criVersion, type CriVersion } from './cri-version.js';
import { alive, findOurProcess, writePidFile } from './pidfile.js';
import { detectSnapshotter, type Snapshotter } from './snapshotter.js';
import { Supervisor, terminate, type BackoffOptions, type ExitInfo, type Instance, type SupervisorEvent } from './supervisor.js';

export type ContainerdEvent =
  | SupervisorEvent
  | { type: 'config'; configFile: string; snapshotter: Snapshotter }
  | { type: 'spawned'; pid: number }
  | { type: 'adopted'; pid: number }
  | { type: 'replacing'; pid: number; reason: string }
  | { type: 'waiting'; elapsedMs: number };

export interface StartContainerdOptions extends Omit<ContainerdConfigOptions, 'snapshotter'>, BackoffOptions {
  /** @default 'containerd' (from PATH) */
  binary?: string;
  /** containerd's stdout and stderr (appended). */
  logFile: string;
  /** @default `${stateDir}/config.toml` */
  configFile?: string;
  /** @default detectSnapshotter(dataDir): overlayfs where an overlay mount works, else native */
  snapshotter?: Snapshotter;
  /** Re-use a containerd left running by a previous agent when its config is unchanged. @default true */
  adopt?: boolean;
  /** @default 30000 */ readyTimeoutMs?: number;
  /** TERM→KILL grace for stop() and for replacing a stale containerd. @default 10000 */ stopGraceMs?: number;
  /** @default systemClock */ clock?: Clock;
  /** Progress: spawned, ready, exited, restarting… */
  onEvent?: (e: ContainerdEvent) => void;
}

export interface ContainerdProcess {
  /** The unix socket path to give a CRI client (`unix://` + address for gRPC). */
  readonly address: string;
  readonly configFile: string;
  readonly snapshotter: Snapshotter;
  /** CRI Version of the instance that answered last. */
  version(): CriVersion;
  /** The current containerd pid, undefined while it is being restarted. */
  pid(): number | undefined;
  restarts(): number;
  /** Stops supervising, TERMs containerd, KILLs it after stopGraceMs. Running containers (shims) are left alone. */
  stop(): Promise<void>;
  /** Stops supervising but leaves containerd running, to be adopted by the next startContainerd (agent restart). */
  detach(): void;
}

class ContainerdInstance implements Instance {
  constructor(readonly pid: number, readonly exited: Promise<ExitInfo>) {}
  kill(signal: NodeJS.Signals): void {
    try { process.kill(this.pid, signal); } catch { /* already gone */ }
  }
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((r) => clock.setTimeout(r, ms));
}

/** An exit promise for a process that is not our child: polls /proc (a zombie counts as gone). */
function pollExit(pid: number, clock: Clock, intervalMs = 500): Promise<ExitInfo> {
  return new Promise((resolve) => {
    const check = () => (alive(pid) ? clock.setTimeout(check, intervalMs) : resolve({ code: null, signal: null }));
    check();
  });
}

/**
 * Keeps the event loop alive while `p` is pending: containerd is an unref'd detached child and the clock's timers
 * are unref'd, so without this a script awaiting startContainerd or stop() could end before they resolve.
 */
function holdLoop<T>(p: Promise<T>): Promise<T> {
  const keep = setInterval(() => undefined, 60_000);
  return p.finally(() => clearInterval(keep));
}

function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startContainerd(o: StartContainerdOptions): Promise<ContainerdProcess> {
  const clock = o.clock ?? systemClock;
  const emit = (e: ContainerdEvent) => o.onEvent?.(e);
  const configFile = o.configFile ?? join(o.stateDir, 'config.toml');
  const pidFile = join(o.stateDir, 'skiff-containerd.pid');
  const graceMs = o.stopGraceMs ?? 10_000;
  for (const d of [o.dataDir, o.stateDir, dirname(o.socket), o.cniConfDir, o.certsDir, dirname(o.logFile), dirname(configFile)]) mkdirSync(d, { recursive: true });
  const snapshotter = o.snapshotter ?? detectSnapshotter(o.dataDir);
  const config = renderContainerdConfig({ ...o, snapshotter });
  let version: CriVersion | undefined;

  async function waitReady(exited: Promise<ExitInfo> | undefined, pid: number): Promise<void> {
    const started = clock.now();
    let gone: ExitInfo | undefined;
    void exited?.then((e) => { gone = e; });
    for (let n = 0; ; n++) {
      try {
        if (existsSync(o.socket)) { version = await criVersion(o.socket, 1000); return; }
      } catch { /* not yet */ }
      if (gone) throw new Error(`containerd exited (code ${gone.code}, signal ${gone.signal}) before it was ready: ${o.logFile}:\n${logTail(o.logFile)}`);
      const elapsedMs = clock.now() - started;
      if (elapsedMs > (o.readyTimeoutMs ?? 30_000)) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
        throw new Error(`containerd did not answer CRI on ${o.socket} within ${elapsedMs} ms: ${o.logFile}:\n${logTail(o.logFile)}`);
      }
      if (n % 20 === 19) emit({ type: 'waiting', elapsedMs });
      await sleep(clock, 50);
    }
  }

  async function adoptOrReplace(): Promise<ContainerdInstance | undefined> {
    const pid = findOurProcess(pidFile, configFile);
    if (pid === undefined) return undefined;
    const same = existsSync(configFile) && readFileSync(configFile, 'utf8') === config;
    if (same && o.adopt !== false) {
      try {
        version = await criVersion(o.socket, 2000);
        emit({ type: 'adopted', pid });
        return new ContainerdInstance(pid, pollExit(pid, clock));
      } catch { /* not answering: replace it */ }
    }
    emit({ type: 'replacing', pid, reason: same ? 'not answering CRI' : 'config changed' });
    await terminate(new ContainerdInstance(pid, pollExit(pid, clock, 100)), graceMs, clock);
    return undefined;
  }

  async function spawnOne(): Promise<ContainerdInstance> {
    writeFileSync(configFile, config);
    const fd = openSync(o.logFile, 'a');
    let child;
    try {
      child = spawn(o.binary ?? 'containerd', ['--config', configFile], { detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    const exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    child.unref();
    if (child.pid === undefined) {
      await exited;
      throw new Error(`Cannot start containerd: ${o.binary ?? 'containerd'} could not be executed`);
    }
    writePidFile(pidFile, child.pid);
    emit({ type: 'spawned', pid: child.pid });
    await waitReady(exited, child.pid);
    return new ContainerdInstance(child.pid, exited);
  }

  emit({ type: 'config', configFile, snapshotter });
  let first = true;
  const sup = new Supervisor<ContainerdInstance>({
    ...o,
    clock,
    onEvent: emit,
    start: async () => {
      const adopted = first ? await adoptOrReplace() : undefined;
      first = false;
      return adopted ?? spawnOne();
    },
  });
  await holdLoop(sup.start());
  return {
    address: o.socket,
    configFile,
    snapshotter,
    version: () => version!,
    pid: () => sup.instance()?.pid,
    restarts: () => sup.restarts(),
    stop: () => holdLoop(sup.stop(graceMs)),
    detach: () => sup.detach(),
  };
}
