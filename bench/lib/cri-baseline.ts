// B8's same-run baseline: the container runtime's own pod start, called directly over CRI on the agent's
// containerd (the socket from stateDirFor, as `skiff killall` finds it): RunPodSandbox (pause container + CNI ADD
// on the node's bridge) → CreateContainer → StartContainer for the same busybox image and command, paced like the
// Skiff pods; then StopPodSandbox + RemovePodSandbox for each. The sandboxes carry no pod-uid label, so the agent's
// relist (PLEG) ignores them.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectCri } from '../../src/agent/cri/client.js';
import type { ContainerConfig, PodSandboxConfig } from '../../src/agent/runtime/types.js';
import { BUSYBOX } from './test-images.js';

export interface DirectStart {
  /** RunPodSandbox, incl. the pause container and CNI ADD. */
  sandboxMs: number;
  createMs: number;
  startMs: number;
  totalMs: number;
}

export interface BaselineResult { starts: DirectStart[]; failures: string[]; cleanupMs: number }

export async function directCriStarts(socket: string, count: number, perSecond: number): Promise<BaselineResult> {
  const rt = await connectCri(socket, { timeoutMs: 120_000 });
  const logs = mkdtempSync(join(tmpdir(), 'skiff-bench-cri-'));
  const run = randomBytes(3).toString('hex');
  const ids: string[] = [];
  const failures: string[] = [];
  try {
    const one = async (i: number): Promise<DirectStart | undefined> => {
      const name = `cri-${run}-${i}`;
      const sandbox: PodSandboxConfig = {
        metadata: { name, namespace: 'b8-direct', uid: `${run}-${i}`, attempt: 0 },
        hostname: name,
        logDirectory: join(logs, name),
        dnsConfig: { servers: [], searches: [], options: [] },
        labels: { 'bench.skiff.dev/baseline': run },
        linux: { cgroupParent: '', securityContext: { namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } } },
      };
      const container: ContainerConfig = {
        metadata: { name: 'main', attempt: 0 },
        image: { image: BUSYBOX },
        command: ['sh', '-c', 'sleep 3600'],
        logPath: 'main/0.log',
        labels: { 'bench.skiff.dev/baseline': run },
        linux: { securityContext: { namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } } },
      };
      try {
        const t0 = performance.now();
        const sid = await rt.runPodSandbox(sandbox);
        ids.push(sid);
        const t1 = performance.now();
        const cid = await rt.createContainer(sid, container, sandbox);
        const t2 = performance.now();
        await rt.startContainer(cid);
        const t3 = performance.now();
        return { sandboxMs: t1 - t0, createMs: t2 - t1, startMs: t3 - t2, totalMs: t3 - t0 };
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message}`);
        return undefined;
      }
    };
    const begin = performance.now();
    const pending: Promise<DirectStart | undefined>[] = [];
    for (let i = 0; i < count; i++) {
      const due = begin + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(one(i));
    }
    const starts = (await Promise.all(pending)).filter((s): s is DirectStart => !!s);
    const c0 = performance.now();
    for (const id of ids) {
      await rt.stopPodSandbox(id).catch(() => undefined);
      await rt.removePodSandbox(id).catch(() => undefined);
    }
    return { starts, failures, cleanupMs: performance.now() - c0 };
  } finally {
    await rt.close();
    rmSync(logs, { recursive: true, force: true });
  }
}
