// B7, simulated scale (kwok-style), everything through the API with node heartbeats on: (1) `skiff simulate`
// registers 5000 Nodes (+ their Leases) until every Node is Ready; (2) one Deployment of 10 000 replicas until every
// pod is Running and Ready (Deployment → ReplicaSet → pods by the controller manager, placed by the scheduler,
// started by the simulator); (3) the Deployment is deleted (background propagation: the garbage collector deletes
// the ReplicaSet and its pods, the simulator finishes each graceful deletion) until no pod is left; then server RSS
// after settling, from /proc (the server's process tree, and the simulator's).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, type BenchArgs } from './lib/args.js';
import { createClient, type BenchClient } from './lib/client.js';
import { startSkiff } from './lib/server.js';
import { startSimulator } from './lib/simulator.js';
import { meterCpu } from './lib/cpu.js';
import { describeEnvironment, sampleLoad, type LoadSample } from './lib/env.js';
import { watchObjects, type WatchedObject, type WatchEventType } from './lib/objwatch.js';
import { PodTracker } from './lib/pod-tracker.js';
import { rssPeakSampler, treeRssMiB } from './lib/proc.js';
import { countsDelta, requestCounts, type RequestCounts } from './lib/metrics.js';
import { fmt, medianOfRuns } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { logFacts, type LogFacts } from './lib/server-log.js';
import { namespace, pod } from './fixtures.js';

const NS = 'b7';
const TARGET_S = 20;
const KWOK_BAR_S = { nodes: 60, pods: 60, delete: 90 };
const RSS_TARGET_MIB = 1024;

interface Sizes { nodes: number; pods: number; settleMs: number }

/** A step that has not completed after this long, or saw no pod event for STALL_MS, is recorded as incomplete. */
const STEP_TIMEOUT_MS = 600_000;
const STALL_MS = 120_000;

interface Step { /** NaN when the step did not complete (see error) */ seconds: number; error?: string; reached?: Record<string, number>; cpuPercent: { server: number; simulator: number }; /** requests the server handled in the step, all clients */ requests?: RequestCounts }

interface Run {
  sizes: Sizes;
  nodes: Step & { simulatorReadySeconds: number; allReadySeconds: number };
  pods: Step & { allCreatedSeconds: number; allBoundSeconds: number };
  delete: Step;
  /** From the node watch over the whole run. */
  nodeHealth: { lostReady: number; taintsAdded: number };
  /** CPU % while only heartbeats run (the settle window after the delete). */
  idleCpuPercent: { server: number; simulator: number };
  rssMiB: { serverWithPodsRunning: number; simulatorWithPodsRunning: number; serverSettled: number; simulatorSettled: number; sumSettled: number; peakSum: number };
  /** From the server's and the simulator's logs. */
  logs?: { server: LogFacts; simulator: LogFacts };
  watchErrors: string[];
  load: LoadSample[];
}

/** Counts Nodes whose Ready condition is True, from a node watch. */
class NodeReadiness {
  private readonly ready = new Set<string>();
  private readonly tainted = new Set<string>();
  private waiter?: { n: number; resolve(t: number): void };
  /** Ready → not Ready transitions seen (heartbeats that lapsed past the node monitor grace period). */
  lostReady = 0;
  /** Times a node gained a taint (e.g. node.kubernetes.io/unreachable from the node lifecycle controller). */
  taintsAdded = 0;
  get count(): number { return this.ready.size; }
  onEvent(type: WatchEventType, node: WatchedObject, t: number): void {
    const name = node.metadata?.name ?? '';
    const conds = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    const hasTaints = ((node.spec as { taints?: unknown[] } | undefined)?.taints ?? []).length > 0;
    if (hasTaints && !this.tainted.has(name)) { this.taintsAdded++; this.tainted.add(name); } else if (!hasTaints) this.tainted.delete(name);
    if (type !== 'DELETED' && conds.some((c) => c.type === 'Ready' && c.status === 'True')) this.ready.add(name);
    else if (this.ready.delete(name) && type !== 'DELETED') this.lostReady++;
    if (this.waiter && this.ready.size >= this.waiter.n) { this.waiter.resolve(t); this.waiter = undefined; }
  }
  waitFor(n: number, timeoutMs: number): Promise<number> {
    if (this.ready.size >= n) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.ready.size}/${n} nodes Ready after ${timeoutMs} ms`)), timeoutMs);
      this.waiter = { n, resolve: (t) => { clearTimeout(timer); resolve(t); } };
    });
  }
}

function deployment(replicas: number): object {
  const p = pod('unused', { app: 'b7' }) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: object };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'b7', labels: { app: 'b7' } },
    spec: { replicas, selector: { matchLabels: { app: 'b7' } }, template: { metadata: { labels: p.metadata.labels, annotations: p.metadata.annotations }, spec: p.spec } },
  };
}

async function listRv(client: BenchClient, path: string): Promise<string> {
  const r = await client.request('GET', `${path}?limit=1`);
  if (r.status !== 200) throw new Error(`LIST ${path}: ${r.status} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body).metadata.resourceVersion;
}

async function oneRun(args: BenchArgs, n: number, sz: Sizes): Promise<Run> {
  const load = [sampleLoad()];
  const skiff = await startSkiff({ bin: args.bin, nodeArgs: args.serverNodeArgs });
  const client = createClient({ port: skiff.port, tls: skiff.tls, maxSockets: 16, timeoutMs: 120_000 });
  const readiness = new NodeReadiness();
  const tracker = new PodTracker();
  const nodeWatch = watchObjects({ port: skiff.port, tls: skiff.tls, path: '/api/v1/nodes', resourceVersion: await listRv(client, '/api/v1/nodes'), onEvent: (t, o, at) => readiness.onEvent(t, o, at) });
  const ns = await client.request('POST', '/api/v1/namespaces', JSON.stringify(namespace(NS)));
  if (ns.status !== 201) throw new Error(`create namespace: ${ns.status} ${ns.body}`);
  const podWatch = watchObjects({ port: skiff.port, tls: skiff.tls, path: `/api/v1/namespaces/${NS}/pods`, resourceVersion: await listRv(client, `/api/v1/namespaces/${NS}/pods`), onEvent: (t, o, at) => tracker.onEvent(t, o, at) });
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  try {
    // (1) nodes
    const serverCpu1 = meterCpu(skiff.pid);
    const n0 = performance.now();
    sim = await startSimulator({ bin: args.bin, kubeconfig: skiff.kubeconfig, nodes: sz.nodes, timeoutMs: 600_000 });
    const peak = rssPeakSampler([skiff.pid, sim.pid]);
    const nReady = await readiness.waitFor(sz.nodes, 300_000);
    const nodesEnd = Math.max(n0 + sim.readyMs, nReady);
    const c1 = serverCpu1.stop();
    const nodes = { seconds: (nodesEnd - n0) / 1000, simulatorReadySeconds: sim.readyMs / 1000, allReadySeconds: (nReady - n0) / 1000, cpuPercent: { server: c1.serverPercent, simulator: NaN } };
    log(`run ${n}: ${sz.nodes} nodes registered and Ready in ${fmt(nodes.seconds)} s (simulator ready ${fmt(nodes.simulatorReadySeconds)} s)`);
    load.push(sampleLoad([skiff.pid, sim.pid]));

    // (2) pods
    const r2 = await requestCounts(client);
    const sc2 = meterCpu(skiff.pid); const mc2 = meterCpu(sim.pid);
    const p0 = performance.now();
    const d = await client.request('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, JSON.stringify(deployment(sz.pods)));
    if (d.status !== 201) throw new Error(`create deployment: ${d.status} ${d.body.slice(0, 300)}`);
    tracker.lastEventAt = performance.now();
    const firstAt = (m: Map<string, number>, count: number) => count <= m.size ? [...m.values()].sort((a, b) => a - b)[count - 1]! : NaN;
    const progress = setInterval(() => log(`run ${n}:   pods created ${tracker.added.size}, bound ${tracker.bound.size}, running ${tracker.running.size}`), 10_000);
    let pEnd = NaN;
    let podsError: string | undefined;
    try {
      pEnd = await tracker.waitOrStall(() => tracker.running.size >= sz.pods, STEP_TIMEOUT_MS, STALL_MS, 'pods Running and Ready');
    } catch (e) {
      podsError = (e as Error).message;
      log(`run ${n}: pods step did not complete: ${podsError}`);
    } finally { clearInterval(progress); }
    const a2 = sc2.stop(); const b2 = mc2.stop();
    const pods = {
      seconds: (pEnd - p0) / 1000, allCreatedSeconds: (firstAt(tracker.added, sz.pods) - p0) / 1000, allBoundSeconds: (firstAt(tracker.bound, sz.pods) - p0) / 1000,
      cpuPercent: { server: a2.serverPercent, simulator: b2.serverPercent }, requests: countsDelta(r2, await requestCounts(client)),
      reached: { created: tracker.added.size, bound: tracker.bound.size, running: tracker.running.size }, error: podsError,
    };
    const serverWithPodsRunning = treeRssMiB(skiff.pid);
    const simulatorWithPodsRunning = treeRssMiB(sim.pid);
    log(`run ${n}: ${sz.pods} pods Running in ${fmt(pods.seconds)} s (created ${fmt(pods.allCreatedSeconds)} s, bound ${fmt(pods.allBoundSeconds)} s); RSS server ${serverWithPodsRunning} MiB, simulator ${simulatorWithPodsRunning} MiB`);
    load.push(sampleLoad([skiff.pid, sim.pid]));

    // (3) delete
    const r3 = await requestCounts(client);
    const sc3 = meterCpu(skiff.pid); const mc3 = meterCpu(sim.pid);
    const x0 = performance.now();
    const del = await client.request('DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/b7`, JSON.stringify({ apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' }));
    if (del.status !== 200 && del.status !== 202) throw new Error(`delete deployment: ${del.status} ${del.body.slice(0, 300)}`);
    tracker.lastEventAt = performance.now();
    const progress3 = setInterval(() => log(`run ${n}:   pods left ${tracker.live}`), 10_000);
    let xEnd = NaN;
    let deleteError: string | undefined;
    try {
      xEnd = await tracker.waitOrStall(() => tracker.live <= 0, STEP_TIMEOUT_MS, STALL_MS, 'pods gone');
    } catch (e) {
      deleteError = (e as Error).message;
      log(`run ${n}: delete step did not complete: ${deleteError}`);
    } finally { clearInterval(progress3); }
    const a3 = sc3.stop(); const b3 = mc3.stop();
    const deleteStep = { seconds: (xEnd - x0) / 1000, cpuPercent: { server: a3.serverPercent, simulator: b3.serverPercent }, requests: countsDelta(r3, await requestCounts(client)), reached: { left: tracker.live }, error: deleteError };
    log(`run ${n}: ${sz.pods} pods deleted in ${fmt(deleteStep.seconds)} s`);

    // settle: only heartbeats (and controllers' periodic work) remain; their CPU cost is measured here
    const sc4 = meterCpu(skiff.pid); const mc4 = meterCpu(sim.pid);
    await new Promise((r) => setTimeout(r, sz.settleMs));
    const a4 = sc4.stop(); const b4 = mc4.stop();
    const serverSettled = treeRssMiB(skiff.pid);
    const simulatorSettled = treeRssMiB(sim.pid);
    const peakSum = peak.stop();
    log(`run ${n}: settled RSS server ${serverSettled} MiB, simulator ${simulatorSettled} MiB (peak sum ${peakSum} MiB)`);
    load.push(sampleLoad([skiff.pid, sim.pid]));
    return {
      sizes: sz, nodes, pods, delete: deleteStep, nodeHealth: { lostReady: readiness.lostReady, taintsAdded: readiness.taintsAdded }, idleCpuPercent: { server: a4.serverPercent, simulator: b4.serverPercent },
      rssMiB: { serverWithPodsRunning, simulatorWithPodsRunning, serverSettled, simulatorSettled, sumSettled: serverSettled + simulatorSettled, peakSum },
      watchErrors: [...nodeWatch.errors, ...podWatch.errors], load,
      logs: { server: logFacts(skiff.output()), simulator: logFacts(sim.output()) },
    };
  } finally {
    writeFileSync(join(tmpdir(), `skiff-bench-b7-run${n}-server.log`), skiff.output());
    if (sim) writeFileSync(join(tmpdir(), `skiff-bench-b7-run${n}-simulator.log`), sim.output());
    nodeWatch.close();
    podWatch.close();
    await sim?.stop();
    client.close();
    await skiff.stop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sz: Sizes = args.quick ? { nodes: 500, pods: 1000, settleMs: 5000 } : { nodes: 5000, pods: 10_000, settleMs: 30_000 };
  const env = describeEnvironment();
  const runs: Run[] = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n, sz));
  env.load = runs.flatMap((r) => r.load);
  const m = medianOfRuns(runs.map(({ load: _l, watchErrors: _w, logs: _g, ...r }) => ({ ...r, pods: { ...r.pods, requests: undefined, error: undefined }, delete: { ...r.delete, requests: undefined, error: undefined } })));
  const incomplete = (f: (r: Run) => Step) => runs.filter((r) => !Number.isFinite(f(r).seconds)).length;
  const failed = [incomplete((r) => r.nodes), incomplete((r) => r.pods), incomplete((r) => r.delete)];
  const secs = (v: number, k: number) => `${fmt(v)}${k ? ` (${k} of ${runs.length} runs did not finish)` : ''}`;
  const top = (c: RequestCounts | undefined) => Object.entries(c ?? {}).slice(0, 6).map(([k, v]) => `${k} ${v}`).join(', ');
  const steps: [string, number, number][] = [
    [`create ${sz.nodes} nodes (simulator registration, until all Ready)`, m.nodes.seconds, KWOK_BAR_S.nodes],
    [`${sz.pods} pods (one Deployment) until all Running and Ready`, m.pods.seconds, KWOK_BAR_S.pods],
    [`delete the Deployment until all ${sz.pods} pods are gone`, m.delete.seconds, KWOK_BAR_S.delete],
  ];
  const text = [
    `B7 simulated scale (kwok-style) — medians of ${runs.length} run(s)${args.quick ? ' (QUICK: 500 nodes, 1000 pods)' : ''}; Lease heartbeats every 10 s throughout`,
    table(['step', 'seconds (median of finished runs)', 'kwok bar s', `target < ${TARGET_S} s`, 'server / simulator CPU %'], [
      [steps[0]![0], secs(steps[0]![1], failed[0]!), steps[0]![2], !failed[0] && steps[0]![1] < TARGET_S ? 'yes' : 'NO', `${m.nodes.cpuPercent.server} / —`],
      [steps[1]![0], secs(steps[1]![1], failed[1]!), steps[1]![2], !failed[1] && steps[1]![1] < TARGET_S ? 'yes' : 'NO', `${m.pods.cpuPercent.server} / ${m.pods.cpuPercent.simulator}`],
      [steps[2]![0], secs(steps[2]![1], failed[2]!), steps[2]![2], !failed[2] && steps[2]![1] < TARGET_S ? 'yes' : 'NO', `${m.delete.cpuPercent.server} / ${m.delete.cpuPercent.simulator}`],
    ]),
    '',
    table(['detail', 'median', ...runs.map((_, i) => `run ${i + 1}`)], [
      ['nodes: simulator "Ready" line s', fmt(m.nodes.simulatorReadySeconds), ...runs.map((r) => fmt(r.nodes.simulatorReadySeconds))],
      ['nodes: all Ready in a node watch s', fmt(m.nodes.allReadySeconds), ...runs.map((r) => fmt(r.nodes.allReadySeconds))],
      ['pods: all created s', fmt(m.pods.allCreatedSeconds), ...runs.map((r) => fmt(r.pods.allCreatedSeconds))],
      ['pods: all bound s', fmt(m.pods.allBoundSeconds), ...runs.map((r) => fmt(r.pods.allBoundSeconds))],
      ['pods: all Running and Ready s', fmt(m.pods.seconds), ...runs.map((r) => fmt(r.pods.seconds))],
      ['delete: all gone s', fmt(m.delete.seconds), ...runs.map((r) => fmt(r.delete.seconds))],
      ['RSS MiB with pods running, server / simulator', `${m.rssMiB.serverWithPodsRunning} / ${m.rssMiB.simulatorWithPodsRunning}`, ...runs.map((r) => `${r.rssMiB.serverWithPodsRunning} / ${r.rssMiB.simulatorWithPodsRunning}`)],
      [`RSS MiB settled (${sz.settleMs / 1000} s after delete), server / simulator`, `${m.rssMiB.serverSettled} / ${m.rssMiB.simulatorSettled}`, ...runs.map((r) => `${r.rssMiB.serverSettled} / ${r.rssMiB.simulatorSettled}`)],
      [`CPU % with only heartbeats (settle window), server / simulator`, `${m.idleCpuPercent.server} / ${m.idleCpuPercent.simulator}`, ...runs.map((r) => `${r.idleCpuPercent.server} / ${r.idleCpuPercent.simulator}`)],
      ['node watch: Ready→not Ready transitions / taints added', '', ...runs.map((r) => `${r.nodeHealth.lostReady} / ${r.nodeHealth.taintsAdded}`)],
      ['server log: became leader / lost leadership / error lines', '', ...runs.map((r) => `${r.logs?.server.becameLeader} / ${r.logs?.server.lostLeadership} / ${r.logs?.server.errorLines}`)],
      ['RSS MiB peak, server + simulator', fmt(m.rssMiB.peakSum), ...runs.map((r) => fmt(r.rssMiB.peakSum))],
    ]),
    '',
    table(['target', 'value', 'met'], [
      [`each step < ${TARGET_S} s`, steps.map((s) => fmt(s[1])).join(' / '), failed.every((f) => !f) && steps.every((s) => s[1] < TARGET_S) ? 'yes' : 'NO'],
      ['kwok bar: nodes < 60 s, pods < 60 s, delete < 90 s', steps.map((s) => fmt(s[1])).join(' / '), failed.every((f) => !f) && steps.every((s) => s[1] < s[2]) ? 'yes' : 'NO'],
      [`server RSS after settling < ${RSS_TARGET_MIB} MiB`, `${m.rssMiB.serverSettled} MiB (+ simulator: ${m.rssMiB.sumSettled})`, m.rssMiB.serverSettled < RSS_TARGET_MIB ? 'yes' : 'NO'],
    ]),
    '',
    `requests the server handled (run 1) — pods step: ${top(runs[0]!.pods.requests)}; delete step: ${top(runs[0]!.delete.requests)}`,
    '',
    ...runs.flatMap((r, i) => [r.pods.error && `run ${i + 1} pods step: ${r.pods.error}`, r.delete.error && `run ${i + 1} delete step: ${r.delete.error}`].filter(Boolean) as string[]),
    `watch errors: ${runs.flatMap((r) => r.watchErrors).length}. Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}`,
  ].join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b7', {
    benchmark: 'B7', command: `npm run bench -- b7${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: {
      ...sz, pods: `${sz.pods} replicas of one apps/v1 Deployment (bench/fixtures.ts Pod template, 100m CPU, 64Mi requests); deleted with propagationPolicy=Background`,
      simulator: 'skiff simulate, defaults: 32 CPU / 256Gi / 110 pods per node, 3 zones, 10 s Lease heartbeats, pods Running+Ready as soon as bound (--pod-ready-delay 0s)',
      timing: 'each step ends at the receipt of the watch event that completed it (node watch for Ready, pod watch for Running+Ready and DELETED)',
      rss: 'VmRSS summed over each process tree, from /proc',
    },
    median: m, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
