// The node agent process: supervises containerd (or uses --container-runtime-endpoint), imports the pause image
// and air-gapped image tarballs, registers the Node and keeps its status and Lease current, writes the CNI config
// once the node has a pod CIDR, serves the kubelet API (logs, exec, attach, port-forward, stats) and runs the pods
// bound to this node.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { Client } from '../client/index.js';
import type { Logger } from '../machinery/log.js';
import { systemClock, type Clock } from '../machinery/clock.js';
import { importImageTarballs, startContainerd, writeRegistryMirrors, type ContainerdProcess, type RegistryHost } from './containerd/index.js';
import { connectCri } from './cri/client.js';
import type { Runtime } from './runtime/runtime.js';
import { NodeStatusReporter } from './node/index.js';
import { writeCniConfig } from './network/config.js';
import { nodeBuilder } from './node-status.js';
import { ensurePauseImage } from './pause.js';

export interface AgentOptions {
  /** <data-dir>/agent */
  agentDir: string;
  nodeName: string;
  nodeIP?: string;
  labels: Record<string, string>;
  taints: Taint[];
  controlPlane: boolean;
  /** Authenticated as system:node:<name>. */
  client: Client;
  /** The agent's serving certificate and the cluster CA (clients must present a cert from it). */
  tls: { ca: string; cert: string; key: string };
  runtimeEndpoint?: string;
  pauseImage?: string;
  registries: RegistryHost[];
  clusterDNS: string[];
  clusterDomain: string;
  kubeletPort: number;
  cniBridge: string;
  logger: Logger;
  /** One line per step, for the user. */
  say: (msg: string) => void;
  clock?: Clock;
}

export interface RunningAgent {
  runtime: Runtime;
  kubeletPort: number;
  /** Stops the agent; containers and containerd keep running (as with the kubelet), unless `stopContainerd`. */
  stop(o?: { stopContainerd?: boolean }): Promise<void>;
}

/** Per data dir, so that several agents on one machine (tests, netns "hosts") keep their containerd state apart. */
export function stateDirFor(agentDir: string): string {
  return join('/run/skiff', createHash('sha256').update(agentDir).digest('hex').slice(0, 12));
}

export class AgentError extends Error {}

export interface AgentParts {
  /** Starts the kubelet API; resolves to the port it listens on. */
  startServer(a: { runtime: Runtime; port: number }): Promise<{ port: number; close(): Promise<void> | void }>;
  /** Starts running this node's pods. */
  startPods(a: { runtime: Runtime; pauseImage: string }): Promise<{ stop(): Promise<void> | void }>;
}

export async function startAgent(o: AgentOptions, parts: AgentParts): Promise<RunningAgent> {
  const clock = o.clock ?? systemClock;
  const say = o.say;
  const dirs = {
    containerd: join(o.agentDir, 'containerd'), cniConf: join(o.agentDir, 'cni', 'net.d'), cniIpam: join(o.agentDir, 'cni', 'networks'),
    certs: join(o.agentDir, 'certs.d'), images: join(o.agentDir, 'images'), builtin: join(o.agentDir, 'builtin-images'), state: stateDirFor(o.agentDir),
  };
  for (const d of [dirs.cniConf, dirs.certs, dirs.images]) mkdirSync(d, { recursive: true });
  writeRegistryMirrors(dirs.certs, o.registries);

  let pauseRef = o.pauseImage;
  let pauseTar: string | undefined;
  if (!pauseRef) {
    try {
      const p = ensurePauseImage(dirs.builtin);
      pauseRef = p.ref;
      pauseTar = p.tarball;
    } catch (e) {
      throw new AgentError((e as Error).message);
    }
  }

  let containerd: ContainerdProcess | undefined;
  let endpoint = o.runtimeEndpoint;
  if (!endpoint) {
    if (!['/usr/bin/containerd', '/usr/local/bin/containerd'].some((p) => existsSync(p))) {
      throw new AgentError('containerd is not installed: run `apt-get install containerd runc containernetworking-plugins catatonit`, or pass --container-runtime-endpoint');
    }
    say('  node agent: starting containerd');
    const started = clock.now();
    containerd = await startContainerd({
      dataDir: dirs.containerd, stateDir: join(dirs.state, 'containerd'), socket: join(dirs.state, 'containerd', 'containerd.sock'),
      sandboxImage: pauseRef, cniBinDir: '/usr/lib/cni', cniConfDir: dirs.cniConf, certsDir: dirs.certs,
      logFile: join(o.agentDir, 'containerd.log'), clock,
      onEvent: (e) => {
        if (e.type === 'adopted') say(`  node agent: re-using the running containerd (pid ${e.pid})`);
        else if (e.type === 'exited' || e.type === 'restarting') o.logger.info('containerd', { event: JSON.stringify(e) });
      },
    });
    say(`  node agent: containerd ${containerd.version().runtimeVersion} ready in ${clock.now() - started} ms (log: ${join(o.agentDir, 'containerd.log')})`);
    endpoint = containerd.address;
  }
  const runtime = await connectCri(endpoint).catch((e: Error) => { throw new AgentError(`cannot talk CRI to ${endpoint}: ${e.message}`); });

  if (containerd) {
    for (const dir of [dirs.builtin, dirs.images]) {
      const r = await importImageTarballs(dir, { address: containerd.address, snapshotter: containerd.snapshotter });
      if (r.imported.length) say(`  node agent: imported ${r.imported.join(', ')}${dir === dirs.images ? ` from ${dir}` : ''}`);
      for (const f of r.failed) say(`  node agent: could not import ${f.file}: ${f.error}`);
    }
  } else if (pauseTar) {
    say(`  node agent: using ${endpoint}; make sure it has the pause image ${pauseRef} (import ${pauseTar}) or pass --pause-image`);
  }

  const server = await parts.startServer({ runtime, port: o.kubeletPort });
  let podCIDR: string | undefined;
  const onNode = (n: Node) => {
    const cidr = n.spec?.podCIDR;
    if (!cidr || cidr === podCIDR) return;
    podCIDR = cidr;
    writeCniConfig(dirs.cniConf, { podCIDR: cidr, bridge: o.cniBridge, ipamDataDir: dirs.cniIpam });
    say(`  node agent: pod network ${cidr} on bridge ${o.cniBridge}`);
    void reporter.syncStatus({ force: true }).catch(() => undefined);
  };
  const reporter = new NodeStatusReporter({
    client: o.client, nodeName: o.nodeName, clock, logger: o.logger, onNode,
    build: nodeBuilder({ name: o.nodeName, runtime, rootDir: o.agentDir, nodeIP: o.nodeIP, labels: o.labels, taints: o.taints, controlPlane: o.controlPlane, kubeletPort: () => server.port }),
  });
  await reporter.start();
  say(`  node agent: node ${o.nodeName} registered (kubelet API on port ${server.port})`);
  const pods = await parts.startPods({ runtime, pauseImage: pauseRef });

  return {
    runtime, kubeletPort: server.port,
    async stop(s = {}) {
      await pods.stop();
      await reporter.stop();
      await server.close();
      await runtime.close();
      if (containerd) {
        if (s.stopContainerd) await containerd.stop();
        else containerd.detach();
      }
    },
  };
}
