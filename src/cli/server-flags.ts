// `skiff server` flags, declared apart from running (k3s names where k3s has the flag).
import { Command, Option } from 'commander';
import { addAgentOptions, type SharedAgentFlags } from './agent-flags.js';

export interface ServerFlags extends SharedAgentFlags {
  dataDir?: string;
  bindAddress: string;
  httpsListenPort: string;
  advertiseAddress?: string;
  tlsSan: string[];
  writeKubeconfig?: string;
  token?: string;
  disableAgent: boolean;
  datastoreEndpoint?: string;
  clusterCidr: string;
  serviceCidr: string;
  clusterDns?: string;
  clusterDomain: string;
  nodeName?: string;
  logLevel: string;
  datastoreCompactInterval: string;
  nodeMonitorGracePeriod: string;
  datastoreCompactRetain: string;
}

const collect = (v: string, prev: string[]) => prev.concat(v.split(',').map((s) => s.trim()).filter(Boolean));

export function serverCommand(): Command {
  return addAgentOptions(new Command('server')
    .description('Run the Skiff control plane (API server over an embedded SQLite store) and, unless disabled, a node agent')
    .option('-d, --data-dir <dir>', 'folder for the database, certificates, token and kubeconfig (default: /var/lib/skiff as root, ~/.local/share/skiff otherwise)')
    .option('--bind-address <ip>', 'address the API server listens on', '0.0.0.0')
    .option('--https-listen-port <port>', 'HTTPS port of the API server (0 picks a free port)', '6443')
    .option('--advertise-address <ip>', 'address other nodes and the kubernetes Service use to reach this server (default: the bind address, or 127.0.0.1)')
    .option('--tls-san <name>', 'extra host name or IP for the serving certificate (repeatable, or comma-separated)', collect, [])
    .option('-o, --write-kubeconfig <file>', 'also write the admin kubeconfig to this file')
    .option('-t, --token <token>', 'shared secret agents use to join (default: generated and kept in <data-dir>/server/token)')
    .option('--disable-agent', 'run only the control plane, no node agent', false)
    .option('--datastore-endpoint <url>', 'where objects are stored: sqlite:///path/to/state.db (default: <data-dir>/server/db/state.db) or memory://')
    .option('--cluster-cidr <cidr>', 'pod IP range, split into one range per node', '10.42.0.0/16')
    .option('--service-cidr <cidr>', 'Service ClusterIP range', '10.43.0.0/16')
    .option('--cluster-dns <ip>', 'cluster DNS Service IP (default: the 10th address of the service range)')
    .option('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local')
    .option('--node-name <name>', 'name of this node (default: the host name)')
    .option('--node-monitor-grace-period <duration>', 'how long a node may miss heartbeats before it is marked NotReady (kube-controller-manager\'s flag)', '40s')
    .option('--datastore-compact-interval <seconds>', 'how often old revisions are compacted away', '300')
    .option('--datastore-compact-retain <revisions>', 'how many recent revisions compaction keeps (watch resume window)', '10000')
    .addOption(new Option('--log-level <level>', 'log verbosity').choices(['error', 'info', 'debug']).default('info')));
}
