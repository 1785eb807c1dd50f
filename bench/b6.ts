// B6, scheduler throughput (kube-scheduler's SchedulingBasic/5000Nodes_10000Pods, end to end): `skiff server`
// (API server + controller manager + scheduler, one process) with 5000 hollow nodes from `skiff simulate`
// heartbeating; 1000 initial pods, then 10 000 measured pods created directly (bare pods, as SchedulingBasic does)
// by concurrent clients. A watch on the pods counts persisted bindings (spec.nodeName set): throughput = measured
// pods / (first create → last binding seen). Same-run ceiling: the scheduler alone in this process with a binder
// that only confirms (bench/lib/sched-ceiling.ts), on the same nodes and the same stored pod.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { parseArgs, type BenchArgs } from './lib/args.js';
import { createClient, type BenchClient } from './lib/client.js';
import { startSkiff } from './lib/server.js';
import { startSimulator } from './lib/simulator.js';
import { closedLoop } from './lib/load.js';
import { meterCpu } from './lib/cpu.js';
import { describeEnvironment, sampleLoad, type LoadSample } from './lib/env.js';
import { watchObjects } from './lib/objwatch.js';
import { PodTracker, perSecond } from './lib/pod-tracker.js';
import { treeRssMiB } from './lib/proc.js';
import { countsDelta, requestCounts, type RequestCounts } from './lib/metrics.js';
import { schedulerCeiling, type CeilingResult } from './lib/sched-ceiling.js';
import { fmt, median, medianOfRuns, percentile } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { logFacts, type LogFacts } from './lib/server-log.js';
import { namespace, pod } from './fixtures.js';
import { sqliteInserts } from './baselines/sqlite-inserts.js';

const NS = 'b6';
const CREATORS = 100;
const TARGET = 1000;

interface Sizes { nodes: number; initialPods: number; measuredPods: number }

interface Run {
  sizes: Sizes;
  nodesReadySeconds: number;
  initial: { seconds: number };
  create: { perSecond: number; seconds: number; errors: number };
  /** First measured create sent → last measured binding seen by the watch. */
  endToEnd: { seconds: number; podsPerSecond: number; lastCreateToLastBindMs: number };
  /** 1-second samples of bindings seen, from the first create to the last binding. */
  samples: { median: number; p10: number; max: number };
  cpuPercent: { server: number; simulator: number; client: number };
  rssMiB: { server: number; simulator: number };
  /** From the server's and the simulator's logs. */
  logs?: { server: LogFacts; simulator: LogFacts };
  watchErrors: number;
  /** Requests the server handled from the first measured create to the last binding (all clients). */
  requests: RequestCounts;
  ceiling: CeilingResult;
  ratioToCeiling: number;
  /** Context: raw better-sqlite3 commits/s (one insert per fsynced COMMIT) on the same disk, right after. */
  fsyncCommitsPerSecond: number;
  load: LoadSample[];
}

async function createPods(client: BenchClient, prefix: string, count: number): Promise<{ perSecond: number; seconds: number; errors: number }> {
  const r = await closedLoop({
    concurrency: CREATORS, durationMs: 600_000, maxOps: count,
    op: async (i) => {
      const res = await client.request('POST', `/api/v1/namespaces/${NS}/pods`, JSON.stringify(pod(`${prefix}${i}`, { bench: 'b6' })));
      if (res.status !== 201) throw new Error(`create ${prefix}${i}: ${res.status} ${res.body.slice(0, 200)}`);
    },
  });
  if (r.errors) throw new Error(`${r.errors} creates failed: ${r.firstError}`);
  return { perSecond: r.perSecond, seconds: r.seconds, errors: r.errors };
}

async function oneRun(args: BenchArgs, n: number, sz: Sizes): Promise<Run> {
  const load = [sampleLoad()];
  const skiff = await startSkiff({ bin: args.bin, nodeArgs: args.serverNodeArgs });
  let nodes: Node[] = [];
  let template: Pod | undefined;
  let partial: Omit<Run, 'ceiling' | 'ratioToCeiling' | 'fsyncCommitsPerSecond'>;
  try {
    const client = createClient({ port: skiff.port, tls: skiff.tls, maxSockets: CREATORS + 8, timeoutMs: 120_000 });
    // the simulator holds bound pods Pending (no status writes) so that only the scheduler's writes are measured,
    // as in scheduler_perf, which runs no kubelets; Leases are renewed every 10 s (500 writes/s at 5000 nodes)
    const sim = await startSimulator({ bin: args.bin, kubeconfig: skiff.kubeconfig, nodes: sz.nodes, args: ['--pod-ready-delay', '1h'] });
    try {
      log(`run ${n}: ${sz.nodes} simulated nodes ready in ${fmt(sim.readyMs / 1000)} s`);
      load.push(sampleLoad([skiff.pid, sim.pid]));
      const ns = await client.request('POST', '/api/v1/namespaces', JSON.stringify(namespace(NS)));
      if (ns.status !== 201) throw new Error(`create namespace: ${ns.status} ${ns.body}`);
      const list = await client.request('GET', `/api/v1/namespaces/${NS}/pods`);
      const tracker = new PodTracker();
      const watch = watchObjects({ port: skiff.port, tls: skiff.tls, path: `/api/v1/namespaces/${NS}/pods`, resourceVersion: JSON.parse(list.body).metadata.resourceVersion, onEvent: (t, o, at) => tracker.onEvent(t, o, at) });
      try {
        const i0 = performance.now();
        await createPods(client, 'init-', sz.initialPods);
        await tracker.waitFor(() => tracker.bound.size >= sz.initialPods, 300_000, 'initial pods bound');
        const initialSeconds = (performance.now() - i0) / 1000;
        log(`run ${n}: ${sz.initialPods} initial pods bound in ${fmt(initialSeconds)} s`);

        const measured = Array.from({ length: sz.measuredPods }, (_, i) => `${NS}/pod-${i}`);
        const before = await requestCounts(client);
        const cpu = meterCpu(skiff.pid);
        const simCpu = meterCpu(sim.pid);
        const t0 = performance.now();
        const create = await createPods(client, 'pod-', sz.measuredPods);
        const createdAt = performance.now();
        log(`run ${n}: ${sz.measuredPods} pods created at ${fmt(create.perSecond)}/s; bound so far ${PodTracker.count(tracker.bound, measured)}`);
        const tEnd = await tracker.waitFor(() => tracker.bound.size >= sz.initialPods + sz.measuredPods, 600_000, 'measured pods bound');
        const c = cpu.stop();
        const sc = simCpu.stop();
        const requests = countsDelta(before, await requestCounts(client));
        const bindTimes = measured.map((k) => tracker.bound.get(k)!);
        const last = Math.max(...bindTimes);
        const samples = perSecond(bindTimes, t0, last);
        const seconds = (last - t0) / 1000;
        load.push(sampleLoad([skiff.pid, sim.pid]));
        log(`run ${n}: ${sz.measuredPods} bindings in ${fmt(seconds)} s = ${fmt(sz.measuredPods / seconds)} pods/s (ended ${fmt(tEnd - createdAt)} ms after the last create)`);
        const got = await client.request('GET', `/api/v1/namespaces/${NS}/pods/pod-0`);
        template = JSON.parse(got.body) as Pod;
        nodes = (JSON.parse((await client.request('GET', '/api/v1/nodes')).body) as { items: Node[] }).items;
        partial = {
          sizes: sz, nodesReadySeconds: sim.readyMs / 1000, initial: { seconds: initialSeconds }, create,
          endToEnd: { seconds, podsPerSecond: sz.measuredPods / seconds, lastCreateToLastBindMs: last - createdAt },
          samples: { median: median(samples), p10: percentile(samples, 10), max: Math.max(...samples) },
          cpuPercent: { server: c.serverPercent, simulator: sc.serverPercent, client: c.clientPercent },
          rssMiB: { server: treeRssMiB(skiff.pid), simulator: treeRssMiB(sim.pid) },
          watchErrors: watch.errors.length, requests, load,
          logs: { server: logFacts(skiff.output()), simulator: logFacts(sim.output()) },
        };
        if (watch.errors.length) log(`run ${n}: watch errors: ${watch.errors.join('; ')}`);
      } finally {
        watch.close();
      }
    } finally {
      writeFileSync(join(tmpdir(), `skiff-bench-b6-run${n}-server.log`), skiff.output());
      writeFileSync(join(tmpdir(), `skiff-bench-b6-run${n}-simulator.log`), sim.output());
      await sim.stop();
      client.close();
    }
  } finally {
    await skiff.stop();
  }
  // the ceiling runs with the server and simulator stopped, on the same machine a few seconds later
  const ceiling = await schedulerCeiling(nodes, template!, sz.initialPods, sz.measuredPods);
  log(`run ${n}: in-process ceiling ${fmt(ceiling.podsPerSecond)} pods/s (${ceiling.bound} bound, ${ceiling.failed} failed)`);
  const fsync = sqliteInserts({ perTransaction: 1, durationMs: 2000, maxInserts: 100_000, value: JSON.stringify(template) }).insertsPerSecond;
  return { ...partial!, ceiling, ratioToCeiling: partial!.endToEnd.podsPerSecond / ceiling.podsPerSecond, fsyncCommitsPerSecond: fsync };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sz: Sizes = args.quick ? { nodes: 500, initialPods: 100, measuredPods: 1000 } : { nodes: 5000, initialPods: 1000, measuredPods: 10_000 };
  const env = describeEnvironment();
  const runs: Run[] = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n, sz));
  env.load = runs.flatMap((r) => r.load);
  const m = medianOfRuns(runs.map(({ load: _l, requests: _r, logs: _g, ...r }) => r));
  const reqKinds = Object.keys(runs[0]!.requests).slice(0, 8);
  const met = m.endToEnd.podsPerSecond >= TARGET;
  const text = [
    `B6 scheduler throughput — medians of ${runs.length} run(s)${args.quick ? ' (QUICK: 500 nodes, 100 + 1000 pods)' : ''}; ${sz.nodes} simulated nodes heartbeating, ${sz.initialPods} initial + ${sz.measuredPods} measured bare pods created by ${CREATORS} concurrent clients`,
    table(['nodes', 'measured pods', 'creates/s', 'first create → last binding s', 'bindings/s (end to end)', '1 s samples p50 / p10 / max', 'last create → last binding ms', 'in-process ceiling pods/s', 'end to end / ceiling', 'CPU % server / simulator / client'], [[
      sz.nodes, sz.measuredPods, fmt(m.create.perSecond), fmt(m.endToEnd.seconds), fmt(m.endToEnd.podsPerSecond),
      `${fmt(m.samples.median)} / ${fmt(m.samples.p10)} / ${fmt(m.samples.max)}`, fmt(m.endToEnd.lastCreateToLastBindMs),
      fmt(m.ceiling.podsPerSecond), fmt(m.ratioToCeiling), `${m.cpuPercent.server} / ${m.cpuPercent.simulator} / ${m.cpuPercent.client}`,
    ]]),
    '',
    table(['per run', ...runs.map((_, i) => `run ${i + 1}`)], [
      ['bindings/s end to end', ...runs.map((r) => fmt(r.endToEnd.podsPerSecond))],
      ['creates/s', ...runs.map((r) => fmt(r.create.perSecond))],
      ['in-process ceiling pods/s', ...runs.map((r) => fmt(r.ceiling.podsPerSecond))],
      ['raw SQLite fsynced commits/s (1 insert each)', ...runs.map((r) => fmt(r.fsyncCommitsPerSecond))],
      ...reqKinds.map((k) => [`requests during measurement: ${k}`, ...runs.map((r) => String(r.requests[k] ?? 0))]),
      ['server log: became leader / lost leadership / error lines', ...runs.map((r) => `${r.logs?.server.becameLeader} / ${r.logs?.server.lostLeadership} / ${r.logs?.server.errorLines}`)],
      ['nodes registered + ready s', ...runs.map((r) => fmt(r.nodesReadySeconds))],
      ['RSS MiB server / simulator', ...runs.map((r) => `${r.rssMiB.server} / ${r.rssMiB.simulator}`)],
    ]),
    '',
    table(['target', 'value', 'met'], [[`>= ${TARGET} persisted bindings/s (fsync on)`, fmt(m.endToEnd.podsPerSecond), met ? 'yes' : 'NO'],
      ['kube-scheduler CI floor 270 pods/s', fmt(m.endToEnd.podsPerSecond), m.endToEnd.podsPerSecond >= 270 ? 'yes' : 'NO']]),
    '',
    `Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}`,
  ].join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b6', {
    benchmark: 'B6', command: `npm run bench -- b6${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: {
      ...sz, creators: CREATORS, pods: 'bare pods created directly (as SchedulingBasic), bench/fixtures.ts Pod (100m CPU, 64Mi requests)',
      simulator: 'skiff simulate, default node size (32 CPU, 256Gi, 110 pods, 3 zones), 10 s Lease heartbeats, --pod-ready-delay 1h so bound pods get no status writes during the measurement',
      counted: 'a binding counts when the pod watch delivers the pod with spec.nodeName set, i.e. after it is committed (fsync) and fanned out',
      ceiling: 'bench/lib/sched-ceiling.ts: Scheduler with a binder that confirms on the next microtask, same nodes and stored pod, run after the server stopped',
    },
    median: m, target: { goal: `>= ${TARGET} pods/s`, value: m.endToEnd.podsPerSecond, met }, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
