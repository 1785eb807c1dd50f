// `skiff agent` flags (k3s agent names where k3s has the flag), and the agent options `skiff server` shares.
import { Command, Option } from 'commander';

export interface AgentFlags {
  server: string;
  token?: string;
  tokenFile?: string;
  dataDir?: string;
  nodeName?: string;
  nodeIp?: string;
  nodeLabel: string[];
  nodeTaint: string[];
  containerRuntimeEndpoint?: string;
  pauseImage?: string;
  privateRegistry?: string;
  clusterDns?: string;
  clusterDomain: string;
  kubeletPort: string;
  cniBridge: string;
  podLogDir: string;
  logLevel: string;
}

/** The agent options `skiff server` shares with `skiff agent`. */
export type SharedAgentFlags = Pick<AgentFlags, 'nodeIp' | 'nodeLabel' | 'nodeTaint' | 'containerRuntimeEndpoint' | 'pauseImage' | 'privateRegistry' | 'kubeletPort' | 'cniBridge' | 'podLogDir'>;

const collect = (v: string, prev: string[]) => prev.concat(v.split(',').map((s) => s.trim()).filter(Boolean));

/** Options an agent has whether it runs alone or inside `skiff server`. */
export function addAgentOptions(c: Command): Command {
  return c
    .option('--node-ip <ip>', 'IPv4 address this node advertises (default: the first non-loopback IPv4 address)')
    .option('--node-label <key=value>', 'label to add to the Node when it registers (repeatable)', collect, [])
    .option('--node-taint <key=value:effect>', 'taint to add to the Node when it registers (repeatable)', collect, [])
    .option('--container-runtime-endpoint <socket>', 'use this CRI socket instead of starting containerd (e.g. /run/containerd/containerd.sock)')
    .option('--pause-image <ref>', 'sandbox (pause) image (default: skiff\'s built-in pause image, imported at start)')
    .option('--private-registry <file>', 'registries.yaml (k3s format: mirrors with http:// endpoints are pulled over plain HTTP)')
    .option('--kubelet-port <port>', 'port of the agent\'s HTTPS endpoint (logs, exec, port-forward, stats); 0 picks a free one', '10250')
    .option('--cni-bridge <name>', 'name of the pod network bridge', 'skiff0')
    .option('--pod-log-dir <dir>', 'where container logs are written (the kubelet\'s /var/log/pods)', '/var/log/pods');
}

export function agentCommand(): Command {
  const c = new Command('agent')
    .description('Run a node agent: start containerd, register this machine as a Node and run the pods scheduled to it')
    .requiredOption('-s, --server <url>', 'the server to join, e.g. https://10.0.0.1:6443')
    .option('-t, --token <token>', 'the join token (the server prints where it keeps it: <data-dir>/server/token)')
    .option('--token-file <file>', 'read the join token from this file')
    .option('-d, --data-dir <dir>', 'folder for containerd, images, pod volumes and credentials (default: /var/lib/skiff)')
    .option('--node-name <name>', 'name of this node (default: the host name)')
    .option('--cluster-dns <ip>', 'cluster DNS Service IP written into pods\' resolv.conf', '10.43.0.10')
    .option('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local');
  addAgentOptions(c);
  c.addOption(new Option('--log-level <level>', 'log verbosity').choices(['error', 'info', 'debug']).default('info'));
  return c;
}

