// `skiff simulate`: parse flags, connect with the kubeconfig, run the Simulator until SIGINT/SIGTERM.
import type { SimulateFlags } from '../cli/simulate-flags.js';
import { Client, fromKubeconfig } from '../client/index.js';
import { Simulator } from '../simulate/simulator.js';
import { parseQuantity } from '../machinery/quantity.js';
import { UserError, parseDuration } from './server.js';

function checkQuantity(v: string, flag: string): string {
  try { parseQuantity(v); } catch { throw new UserError(`${flag} ${v}: not a resource quantity (e.g. 32, 500m, 256Gi)`); }
  return v;
}

function positiveInt(v: string, flag: string, min = 1): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`${flag} ${v}: must be an integer ≥ ${min}`);
  return n;
}

export async function runSimulate(flags: SimulateFlags): Promise<Simulator> {
  const nodes = positiveInt(flags.nodes, '--nodes');
  const extended: Record<string, string> = {};
  for (const e of flags.nodeExtendedResource) {
    const [k, v] = e.split('=');
    if (!k || !v) throw new UserError(`--node-extended-resource ${e}: expected name=quantity, e.g. nvidia.com/gpu=8`);
    extended[k] = checkQuantity(v, '--node-extended-resource');
  }
  const labels: Record<string, string> = {};
  for (const l of flags.nodeLabel) {
    const i = l.indexOf('=');
    if (i <= 0) throw new UserError(`--node-label ${l}: expected key=value`);
    labels[l.slice(0, i)] = l.slice(i + 1);
  }
  const taints = flags.nodeTaint.map((t) => {
    const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
    if (!m) throw new UserError(`--node-taint ${t}: expected key[=value]:NoSchedule|PreferNoSchedule|NoExecute`);
    return { key: m[1], ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] };
  });
  let transport;
  try {
    transport = fromKubeconfig(flags.kubeconfig, { maxSockets: positiveInt(flags.concurrency, '--concurrency') });
  } catch (e) {
    throw new UserError(`--kubeconfig ${flags.kubeconfig}: ${(e as Error).message}`);
  }
  const sim = new Simulator({
    client: new Client(transport), nodes, prefix: flags.nodeNamePrefix,
    spec: {
      cpu: checkQuantity(flags.nodeCpu, '--node-cpu'), memory: checkQuantity(flags.nodeMemory, '--node-memory'),
      pods: String(positiveInt(flags.nodePods, '--node-pods')), ephemeralStorage: checkQuantity(flags.nodeEphemeralStorage, '--node-ephemeral-storage'),
      extended, labels, taints, zones: positiveInt(flags.zones, '--zones', 0),
    },
    readyDelayMs: parseDuration(flags.podReadyDelay, '--pod-ready-delay'),
    heartbeatMs: parseDuration(flags.heartbeatInterval, '--heartbeat-interval'),
    concurrency: positiveInt(flags.concurrency, '--concurrency'),
    progress: (m) => process.stderr.write(`  ${m}\n`),
  });
  process.stderr.write(`Simulating ${nodes} nodes against ${flags.kubeconfig}\n`);
  try {
    await sim.start();
  } catch (e) {
    sim.stop();
    throw new UserError(`cannot register the simulated nodes: ${(e as Error).message}`);
  }
  process.stderr.write(`Ready: ${nodes} simulated nodes heartbeating (stop one with: kubectl annotate node <name> skiff.io/simulate-heartbeat=stopped)\n`);
  return sim;
}
