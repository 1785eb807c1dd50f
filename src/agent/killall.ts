// `skiff killall` (k3s-killall.sh): stops every pod of this data dir's containerd through CRI (so CNI tears their
// networks down), removes their log dirs, stops containerd and its shims, unmounts what is left under the agent's
// dirs and deletes the pod network bridge. Only what this agent created is touched: processes by pid, the bridge
// by its exact name, mounts under its own dirs.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectCri } from './cri/client.js';
import { alive, cmdline, findOurProcess } from './containerd/pidfile.js';
import { removeDirs, unmountUnder } from './containerd/cleanup.js';
import { deleteBridge } from './network/cleanup.js';
import { CNI_CONF_FILE } from './network/config.js';
import { removeRecordedRoutes } from './network/routes.js';
import { stateDirFor } from './agent.js';

export interface KillallOptions { agentDir: string; podLogsDir?: string; say?: (msg: string) => void }

function bridgeName(confDir: string): string | undefined {
  try {
    const conf = JSON.parse(readFileSync(join(confDir, CNI_CONF_FILE), 'utf8')) as { plugins?: { type?: string; bridge?: string }[] };
    return conf.plugins?.find((p) => p.type === 'bridge')?.bridge;
  } catch {
    return undefined;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Shims serving this containerd: `containerd-shim-runc-v2 … -address <socket>`. */
function shimPids(socket: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const args = cmdline(Number(d));
    if (args[0]?.endsWith('containerd-shim-runc-v2') && args.includes(socket)) out.push(Number(d));
  }
  return out;
}

export async function killall(o: KillallOptions): Promise<void> {
  const say = o.say ?? (() => undefined);
  const state = stateDirFor(o.agentDir);
  const cdir = join(state, 'containerd');
  const socket = join(cdir, 'containerd.sock');
  const pid = findOurProcess(join(cdir, 'skiff-containerd.pid'), join(cdir, 'config.toml'));
  const logs = o.podLogsDir ?? '/var/log/pods';
  if (pid !== undefined) {
    try {
      const rt = await connectCri(socket, { connectTimeoutMs: 3000, timeoutMs: 30_000 });
      const sandboxes = await rt.listPodSandbox();
      for (const s of sandboxes) {
        await rt.stopPodSandbox(s.id).catch(() => undefined);
        await rt.removePodSandbox(s.id).catch(() => undefined);
        const m = s.metadata;
        if (m?.uid) rmSync(join(logs, `${m.namespace}_${m.name}_${m.uid}`), { recursive: true, force: true });
      }
      if (sandboxes.length) say(`removed ${sandboxes.length} pod sandbox(es)`);
      await rt.close();
    } catch (e) {
      say(`could not remove pods through CRI: ${(e as Error).message}`);
    }
    const shims = shimPids(socket);
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    if (!(await waitGone(pid, 5000))) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    for (const s of shims) { try { process.kill(s, 'SIGKILL'); } catch { /* gone */ } }
    say(`stopped containerd (pid ${pid})${shims.length ? ` and ${shims.length} shim(s)` : ''}`);
  }
  unmountUnder(join(o.agentDir, 'containerd'));
  unmountUnder(join(o.agentDir, 'pods'));
  if (existsSync(state)) removeDirs(state);
  const removed = await removeRecordedRoutes(join(o.agentDir, 'pod-routes.json')).catch(() => []);
  if (removed.length) say(`removed ${removed.length} pod route(s)`);
  const bridge = bridgeName(join(o.agentDir, 'cni', 'net.d'));
  if (bridge && (await deleteBridge(bridge).catch(() => false))) say(`deleted bridge ${bridge}`);
}
