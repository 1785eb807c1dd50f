// B1, idle footprint: `skiff server` with its embedded node agent (real containerd, no pods) left idle; every
// Skiff process is sampled: the server's node process (API server + controllers + scheduler + agent in one), the
// containerd it started and its shims (none while idle). RSS is summed over them every 5 s; CPU % comes from the
// utime+stime deltas in /proc/<pid>/stat over the whole idle window, in percent of ONE core.
import { performance } from 'node:perf_hooks';
import { parseArgs, type BenchArgs } from './lib/args.js';
import { startAgentServer } from './lib/agent-server.js';
import { cpuSecondsBetween, skiffProcesses, sumRssMiB, sumTicks, type SkiffProcesses } from './lib/skiff-procs.js';
import { describeEnvironment, sampleLoad, type LoadSample } from './lib/env.js';
import { fmt, median, medianOfRuns } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { busyboxArchive } from './lib/test-images.js';

const TARGET_RSS_MIB = 150;
const TARGET_CPU = 2;

interface Group { rssMiB: { median: number; max: number }; cpuPercent: number }

interface Run {
  settleSeconds: number;
  idleSeconds: number;
  samples: number;
  server: Group;
  containerd: Group;
  shims: Group & { processes: number };
  total: Group;
  load: LoadSample[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oneRun(args: BenchArgs, n: number, settleMs: number, idleMs: number, image: string): Promise<Run> {
  const load = [sampleLoad()];
  const s = await startAgentServer({ bin: args.bin, nodeArgs: args.serverNodeArgs, images: [image] });
  try {
    log(`run ${n}: node registered; settling ${settleMs / 1000} s, then idle ${idleMs / 1000} s`);
    await sleep(settleMs);
    const procs = () => skiffProcesses(s.pid, s.agentDir);
    const all = (p: SkiffProcesses) => [...p.server, ...p.containerd, ...p.shims];
    const p0 = procs();
    if (!p0.containerd.length) throw new Error('containerd of this server not found');
    const t0 = { server: sumTicks(p0.server), containerd: sumTicks(p0.containerd), shims: sumTicks(p0.shims), total: sumTicks(all(p0)) };
    const w0 = performance.now();
    const rss = { server: [] as number[], containerd: [] as number[], shims: [] as number[], total: [] as number[] };
    let shimCount = 0;
    const sample = () => {
      const p = procs();
      rss.server.push(sumRssMiB(p.server));
      rss.containerd.push(sumRssMiB(p.containerd));
      rss.shims.push(sumRssMiB(p.shims));
      rss.total.push(sumRssMiB(all(p)));
      shimCount = Math.max(shimCount, p.shims.length);
    };
    sample();
    while (performance.now() - w0 < idleMs) {
      await sleep(Math.min(5000, Math.max(0, idleMs - (performance.now() - w0))));
      sample();
    }
    const wall = (performance.now() - w0) / 1000;
    const p1 = procs();
    const pct = (a: Map<number, number>, b: Map<number, number>) => (cpuSecondsBetween(a, b) / wall) * 100;
    const group = (r: number[], cpu: number): Group => ({ rssMiB: { median: median(r), max: Math.max(...r) }, cpuPercent: cpu });
    load.push(sampleLoad(all(p1)));
    const run: Run = {
      settleSeconds: settleMs / 1000, idleSeconds: wall, samples: rss.total.length,
      server: group(rss.server, pct(t0.server, sumTicks(p1.server))),
      containerd: group(rss.containerd, pct(t0.containerd, sumTicks(p1.containerd))),
      shims: { ...group(rss.shims, pct(t0.shims, sumTicks(p1.shims))), processes: shimCount },
      total: group(rss.total, pct(t0.total, sumTicks(all(p1)))),
      load,
    };
    log(`run ${n}: total RSS ${fmt(run.total.rssMiB.median)} MiB, CPU ${fmt(run.total.cpuPercent)} % of a core (server ${fmt(run.server.rssMiB.median)} MiB / ${fmt(run.server.cpuPercent)} %, containerd ${fmt(run.containerd.rssMiB.median)} MiB / ${fmt(run.containerd.cpuPercent)} %)`);
    return run;
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const settleMs = args.quick ? 5000 : 10_000;
  const idleMs = args.quick ? 20_000 : 120_000;
  const env = describeEnvironment();
  const image = await busyboxArchive();
  const runs: Run[] = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n, settleMs, idleMs, image));
  env.load = runs.flatMap((r) => r.load);
  const m = medianOfRuns(runs.map(({ load: _l, ...r }) => r));
  const rssMet = m.total.rssMiB.median < TARGET_RSS_MIB;
  const cpuMet = m.total.cpuPercent < TARGET_CPU;
  const row = (name: string, g: Group): (string | number)[] => [name, fmt(g.rssMiB.median), fmt(g.rssMiB.max), fmt(g.cpuPercent)];
  const text = [
    `B1 idle footprint — medians of ${runs.length} run(s)${args.quick ? ' (QUICK: 20 s idle)' : ''}; skiff server + embedded agent (real containerd, no pods), ${m.settleSeconds} s settle after the node registered, then ${fmt(m.idleSeconds)} s idle, RSS sampled every 5 s`,
    table(['processes', 'RSS MiB (median of samples)', 'RSS MiB (max)', 'CPU % of one core'], [
      row('skiff server (node process: API server, controllers, scheduler, agent)', m.server),
      row('containerd (started by the agent)', m.containerd),
      row(`containerd shims (${m.shims.processes} processes)`, m.shims),
      row('all Skiff processes', m.total),
    ]),
    '',
    table(['per run', ...runs.map((_, i) => `run ${i + 1}`)], [
      ['total RSS MiB (median / max)', ...runs.map((r) => `${fmt(r.total.rssMiB.median)} / ${fmt(r.total.rssMiB.max)}`)],
      ['total CPU % of a core', ...runs.map((r) => fmt(r.total.cpuPercent))],
      ['server RSS MiB / CPU %', ...runs.map((r) => `${fmt(r.server.rssMiB.median)} / ${fmt(r.server.cpuPercent)}`)],
      ['containerd RSS MiB / CPU %', ...runs.map((r) => `${fmt(r.containerd.rssMiB.median)} / ${fmt(r.containerd.cpuPercent)}`)],
    ]),
    '',
    table(['target / anchor', 'value', 'met'], [
      [`< ${TARGET_RSS_MIB} MB RSS (all Skiff processes)`, `${fmt(m.total.rssMiB.median)} MiB`, rssMet ? 'yes' : 'NO'],
      [`< ${TARGET_CPU} % CPU`, `${fmt(m.total.cpuPercent)} %`, cpuMet ? 'yes' : 'NO'],
      ['k3s v1.26 server+agent: 1428 MB, 5 % of a core (4-core box, other hardware)', `${fmt(1428 / m.total.rssMiB.median)}× less RSS`, '—'],
      ['k0s controller 510 MB; MicroK8s 540 MB (other hardware)', `${fmt(510 / m.total.rssMiB.median)}× / ${fmt(540 / m.total.rssMiB.median)}× less RSS`, '—'],
    ]),
    '',
    `Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}; other busy processes: ${[...new Set(env.load.flatMap((l) => l.otherBusyProcesses))].slice(0, 6).join(', ') || 'none'}`,
  ].join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b1', {
    benchmark: 'B1', command: `npm run bench -- b1${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: {
      settleMs, idleMs, sampleEveryMs: 5000,
      processes: 'the server node process tree + the containerd found by its pid file and --config (detached, not a child) + containerd-shim-runc-v2 processes whose -address is that containerd\'s socket, with their descendants',
      rss: 'VmRSS from /proc/<pid>/status, summed (shared pages counted once per process, as ps does), MiB',
      cpu: 'utime+stime delta from /proc/<pid>/stat over the idle window / wall time, percent of one core',
      agent: 'embedded agent with real containerd; busybox test image imported at start; no pods',
    },
    median: m, target: { rssMiB: TARGET_RSS_MIB, cpuPercent: TARGET_CPU, rssMet, cpuMet }, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
