// B3, the API write path: 1/10/100 closed-loop clients creating 1 KiB ConfigMaps, then Pods, against a real
// `skiff server`; in the same run, the same load against a bare node:https (and node:http) server answering the
// same JSON (the ceiling), and raw better-sqlite3 inserts at the same durability. See BENCHMARKS.md.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from './lib/args.js';
import { createClient, type BenchClient } from './lib/client.js';
import { startSkiff } from './lib/server.js';
import { startChildServer } from './lib/child.js';
import { closedLoop, type ClosedLoopResult } from './lib/load.js';
import { meterCpu } from './lib/cpu.js';
import { describeEnvironment, sampleLoad } from './lib/env.js';
import { fmt, medianOfRuns } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { configMap, namespace, pod } from './fixtures.js';
import { sqliteInserts, type SqliteBaseline } from './baselines/sqlite-inserts.js';

const CONCURRENCY = [1, 10, 100];
const KINDS = ['configmaps', 'pods'] as const;
type Kind = typeof KINDS[number];
const NS = 'bench';
const P99_SLO_MS = 1000;

type Level = ClosedLoopResult & { cpu: { serverPercent: number; clientPercent: number } };
interface Target { name: 'skiff' | 'https' | 'http'; levels: Record<Kind, Level[]> }
interface Run { targets: Target[]; sqlite: SqliteBaseline[]; load: ReturnType<typeof sampleLoad>[] }

function body(kind: Kind, name: string): string {
  return JSON.stringify(kind === 'pods' ? pod(name) : configMap(name));
}

/** Drives one server: a warm-up, then every kind at every concurrency. Names are unique per level. */
async function driveAll(client: BenchClient, serverPid: number, durationMs: number, tag: string): Promise<Record<Kind, Level[]>> {
  const post = async (kind: Kind, name: string) => {
    const r = await client.request('POST', `/api/v1/namespaces/${NS}/${kind}`, body(kind, name));
    if (r.status !== 201) throw new Error(`POST ${kind} ${name}: ${r.status} ${r.body.slice(0, 200)}`);
  };
  // warm-up at the highest concurrency, so every level finds its connections open and the JIT warm
  await closedLoop({ concurrency: 100, durationMs: 3000, maxOps: 1000, op: (i) => post('configmaps', `warm-${i}`) });
  const out = {} as Record<Kind, Level[]>;
  for (const kind of KINDS) {
    out[kind] = [];
    for (const c of CONCURRENCY) {
      const meter = meterCpu(serverPid);
      const r = { ...await closedLoop({ concurrency: c, durationMs, maxOps: 100_000, op: (i) => post(kind, `${kind.slice(0, 3)}-c${c}-${i}`) }), cpu: meter.stop() };
      log(`${tag} ${kind} c=${c}: ${fmt(r.perSecond)}/s p50 ${fmt(r.latencyMs.p50)} ms p99 ${fmt(r.latencyMs.p99)} ms errors ${r.errors}, server/client CPU ${r.cpu.serverPercent}/${r.cpu.clientPercent} %${r.firstError ? ` (${r.firstError})` : ''}`);
      out[kind].push(r);
    }
  }
  return out;
}

/** Highest throughput among the levels whose p99 stayed within the SLO and had no errors. */
function maxSustained(levels: Level[]): number {
  return Math.max(0, ...levels.filter((l) => l.latencyMs.p99 <= P99_SLO_MS && l.errors === 0).map((l) => l.perSecond));
}

async function oneRun(args: ReturnType<typeof parseArgs>, n: number): Promise<Run> {
  const durationMs = args.quick ? 1500 : 5000;
  const load = [sampleLoad()];
  const skiff = await startSkiff({ bin: args.bin, nodeArgs: args.serverNodeArgs });
  const pids = [skiff.pid];
  const targets: Target[] = [];
  try {
    const client = createClient({ port: skiff.port, tls: skiff.tls, maxSockets: 128 });
    const ns = await client.request('POST', '/api/v1/namespaces', JSON.stringify(namespace(NS)));
    if (ns.status !== 201) throw new Error(`create namespace: ${ns.status} ${ns.body}`);
    targets.push({ name: 'skiff', levels: await driveAll(client, skiff.pid, durationMs, `run ${n} skiff`) });
    client.close();
    load.push(sampleLoad(pids));
    const script = fileURLToPath(new URL('./baselines/echo-server.js', import.meta.url));
    for (const name of ['https', 'http'] as const) {
      const echo = await startChildServer(script, name === 'https' ? ['--tls-dir', join(skiff.dataDir, 'server', 'tls')] : []);
      pids.push(echo.pid);
      try {
        const c = createClient({ port: echo.port, tls: name === 'https' ? skiff.tls : undefined, maxSockets: 128 });
        targets.push({ name, levels: await driveAll(c, echo.pid, durationMs, `run ${n} bare ${name}`) });
        c.close();
      } finally {
        await echo.stop();
      }
    }
  } finally {
    await skiff.stop();
  }
  const value = JSON.stringify((configMap('x') as { data: unknown }).data);
  const sqlite = [1, 10, 100].map((perTransaction) => {
    const r = sqliteInserts({ perTransaction, durationMs: args.quick ? 1000 : 3000, maxInserts: 500_000, value });
    log(`run ${n} sqlite ${perTransaction}/txn: ${fmt(r.insertsPerSecond)} inserts/s`);
    return r;
  });
  load.push(sampleLoad());
  return { targets, sqlite, load };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = describeEnvironment();
  const runs: Run[] = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n));
  env.load = runs.flatMap((r) => r.load);
  const med = medianOfRuns(runs.map((r) => ({ targets: r.targets, sqlite: r.sqlite })));
  const by = (name: Target['name']) => med.targets.find((t) => t.name === name)!;
  const skiff = by('skiff');
  const https = by('https');
  const http = by('http');

  const rows = KINDS.flatMap((kind) => CONCURRENCY.map((c, i) => {
    const s = skiff.levels[kind][i]!;
    const h = https.levels[kind][i]!;
    const p = http.levels[kind][i]!;
    return [kind, c, fmt(s.perSecond), fmt(s.latencyMs.p50), fmt(s.latencyMs.p99), s.errors, fmt(h.perSecond), fmt(h.latencyMs.p99), fmt(p.perSecond), fmt(s.perSecond / h.perSecond), fmt(s.perSecond / p.perSecond), `${s.cpu.serverPercent} / ${s.cpu.clientPercent}`];
  }));
  const sustained = Object.fromEntries(KINDS.map((kind) => [kind, {
    skiff: maxSustained(skiff.levels[kind]), https: maxSustained(https.levels[kind]), http: maxSustained(http.levels[kind]),
  }]));
  const sqliteSingle = med.sqlite[0]!.insertsPerSecond;
  const sqliteGrouped = Math.max(...med.sqlite.map((s) => s.insertsPerSecond));
  const cm = sustained.configmaps!;
  const targets = {
    ceilingRatio: { goal: '>= 0.25 x bare-https ceiling (ConfigMaps, max sustained)', value: cm.skiff / cm.https, met: cm.skiff / cm.https >= 0.25 },
    durableCreates: { goal: '>= 3000 durable creates/s (ConfigMaps, p99 <= 1 s)', value: cm.skiff, met: cm.skiff >= 3000 },
    mutatingSlo: { goal: 'mutating p99 <= 1 s at every level', met: KINDS.every((k) => skiff.levels[k].every((l) => l.latencyMs.p99 <= P99_SLO_MS)) },
  };

  const out: string[] = [];
  out.push(`B3 API write path — medians of ${runs.length} run(s)${args.quick ? ' (QUICK)' : ''}; closed loop, ${args.quick ? 1.5 : 5} s per level; JSON bodies both sides`);
  out.push(table(['kind', 'clients', 'skiff creates/s', 'p50 ms', 'p99 ms', 'errors', 'https ceiling/s', 'ceiling p99 ms', 'http/s', 'skiff/https', 'skiff/http', 'skiff CPU % (server/client)'], rows));
  out.push('');
  out.push(table(['max sustained QPS (p99 <= 1 s)', 'skiff', 'bare https', 'bare http', 'skiff/https'],
    KINDS.map((k) => [k, fmt(sustained[k]!.skiff), fmt(sustained[k]!.https), fmt(sustained[k]!.http), fmt(sustained[k]!.skiff / sustained[k]!.https)])));
  out.push('');
  out.push(table(['raw better-sqlite3 (WAL, synchronous=FULL)', 'inserts/s', 'skiff ConfigMaps max / this'],
    med.sqlite.map((s) => [`${s.perTransaction} insert(s) per transaction`, fmt(s.insertsPerSecond), fmt(cm.skiff / s.insertsPerSecond)])));
  out.push('');
  out.push(table(['target', 'value', 'met'], [
    [targets.ceilingRatio.goal, fmt(targets.ceilingRatio.value), targets.ceilingRatio.met ? 'yes' : 'NO'],
    [targets.durableCreates.goal, fmt(targets.durableCreates.value), targets.durableCreates.met ? 'yes' : 'NO'],
    [targets.mutatingSlo.goal, '', targets.mutatingSlo.met ? 'yes' : 'NO'],
  ]));
  out.push('');
  out.push(`Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}`);
  const text = out.join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b3', {
    benchmark: 'B3', command: `npm run bench -- b3${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: { concurrency: CONCURRENCY, secondsPerLevel: args.quick ? 1.5 : 5, p99SloMs: P99_SLO_MS, serialization: 'JSON request and response bodies on both sides', sqliteRatios: { single: cm.skiff / sqliteSingle, grouped: cm.skiff / sqliteGrouped } },
    median: med, sustained, targets, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
