// Agent settings shared by `skiff server` and `skiff agent`, validated up front (kept apart from the agent itself
// so that the control plane does not load the agent's modules to read its flags).
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { SharedAgentFlags } from '../cli/agent-flags.js';
import { FlagError, parseLabels, parsePort, parseTaints } from '../cli/agent-values.js';
import { firstHostIPv4 } from '../agent/node/addresses.js';
import { readRegistries } from '../agent/registries.js';
import { UserError } from './errors.js';

export function defaultNodeName(): string {
  return hostname().toLowerCase();
}

/** What both the standalone and the embedded agent need from the flags, validated. */
export function agentSettings(f: SharedAgentFlags) {
  try {
    return {
      nodeIP: f.nodeIp ?? firstHostIPv4(),
      labels: parseLabels(f.nodeLabel ?? []),
      taints: parseTaints(f.nodeTaint ?? []),
      kubeletPort: parsePort(f.kubeletPort ?? '10250', '--kubelet-port'),
      registries: f.privateRegistry ? readRegistries(f.privateRegistry) : [],
      runtimeEndpoint: f.containerRuntimeEndpoint,
      pauseImage: f.pauseImage,
      cniBridge: f.cniBridge ?? 'skiff0',
      podLogsDir: resolve(f.podLogDir ?? '/var/log/pods'),
    };
  } catch (e) {
    if (e instanceof FlagError) throw new UserError(e.message);
    if (e instanceof Error && e.message.startsWith('--private-registry')) throw new UserError(e.message);
    throw e;
  }
}

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) throw new UserError(`${what} must run as root: it starts containerd, mounts volumes and configures the pod network (or use --disable-agent for the control plane only)`);
}

