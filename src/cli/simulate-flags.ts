// `skiff simulate` flags, declared apart from running (names follow kwok/kubemark where they exist).
import { Command } from 'commander';

export interface SimulateFlags {
  kubeconfig: string;
  nodes: string;
  nodeCpu: string;
  nodeMemory: string;
  nodePods: string;
  nodeEphemeralStorage: string;
  nodeExtendedResource: string[];
  nodeLabel: string[];
  nodeTaint: string[];
  nodeNamePrefix: string;
  zones: string;
  podReadyDelay: string;
  heartbeatInterval: string;
  concurrency: string;
}

const collect = (v: string, prev: string[]) => prev.concat(v.split(',').map((s) => s.trim()).filter(Boolean));

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Play many hollow nodes in one process (like kwok): Nodes, Lease heartbeats, and pods moving Pending → Running → Ready')
    .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster to join (e.g. the one `skiff server` printed)')
    .option('--nodes <n>', 'number of simulated nodes', '3')
    .option('--node-cpu <quantity>', 'CPU capacity per node', '32')
    .option('--node-memory <quantity>', 'memory capacity per node', '256Gi')
    .option('--node-pods <n>', 'pod capacity per node', '110')
    .option('--node-ephemeral-storage <quantity>', 'ephemeral-storage capacity per node', '100Gi')
    .option('--node-extended-resource <name=quantity>', 'extended resource per node, e.g. nvidia.com/gpu=8 (repeatable)', collect, [])
    .option('--node-label <key=value>', 'label for every simulated node (repeatable)', collect, [])
    .option('--node-taint <key=value:Effect>', 'taint for every simulated node (repeatable)', collect, [])
    .option('--node-name-prefix <prefix>', 'node names are <prefix><index>', 'sim-node-')
    .option('--zones <n>', 'spread nodes over this many topology.kubernetes.io/zone values (0 = no zone labels)', '3')
    .option('--pod-ready-delay <duration>', 'time from binding to Running and Ready, e.g. 0s, 500ms, 2s', '0s')
    .option('--heartbeat-interval <duration>', 'Lease renew interval per node', '10s')
    .option('--concurrency <n>', 'maximum API requests in flight', '64');
}
