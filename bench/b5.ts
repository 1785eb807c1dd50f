// B5, watch latency and fan-out: an open-loop writer creates ConfigMaps at 100/s while 1, 100 and 1000 watchers
// (half of them with a label selector) watch the namespace; latency runs from the writer's ack (the 201 arriving)
// to each watcher's receipt of the event. Also counts streams that ended or sent ERROR (each one = a relist).
import { performance } from 'node:perf_hooks';
import { parseArgs } from './lib/args.js';
import { createClient, type BenchClient } from './lib/client.js';
import { startSkiff, type SkiffProcess } from './lib/server.js';
import { openWatch, type WatchStream } from './lib/watcher.js';
import { meterCpu } from './lib/cpu.js';
import { describeEnvironment, sampleLoad } from './lib/env.js';
import { fmt, medianOfRuns, summarize, type LatencySummary } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { configMap, namespace } from './fixtures.js';

const WATCHERS = [1, 100, 1000];
const RATE = 100;
const SHARDS = 10;
const PREFIX = 'w-';

interface Level {
  watchers: number;
  selectorWatchers: number;
  writes: number;
  writeErrors: number;
  achievedWritesPerSecond: number;
  writeAckMs: LatencySummary;
  /** Write-ack → receipt, over every (watcher, event) pair. Negative when the event beat the 201 back. */
  ackToReceiptMs: LatencySummary;
  /** Write sent → receipt. */
  sendToReceiptMs: LatencySummary;
  delivered: number;
  missing: number;
  relists: number;
  openSeconds: number;
  /** During the write phase, in % of one core. */
  cpu: { serverPercent: number; clientPercent: number };
}

async function level(skiff: SkiffProcess, client: BenchClient, watchers: number, seconds: number): Promise<Level> {
  const ns = `b5-w${watchers}`;
  const mk = await client.request('POST', '/api/v1/namespaces', JSON.stringify(namespace(ns)));
  if (mk.status !== 201) throw new Error(`create namespace: ${mk.status} ${mk.body}`);
  const list = await client.request('GET', `/api/v1/namespaces/${ns}/configmaps`);
  const rv = JSON.parse(list.body).metadata.resourceVersion as string;
  const selectorWatchers = Math.floor(watchers / 2);
  const shardOf = (k: number) => k % SHARDS;
  const streams: WatchStream[] = [];
  const t0 = performance.now();
  try {
    for (let k = 0; k < watchers; k += 50) {
      const batch = [];
      for (let j = k; j < Math.min(watchers, k + 50); j++) {
        const sel = j < selectorWatchers ? `&labelSelector=${encodeURIComponent(`shard=s${shardOf(j)}`)}` : '';
        batch.push(openWatch({ port: skiff.port, tls: skiff.tls, namePrefix: PREFIX, path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true${sel}` }));
      }
      streams.push(...await Promise.all(batch));
    }
    const openSeconds = (performance.now() - t0) / 1000;
    log(`  ${watchers} watchers open in ${openSeconds.toFixed(1)} s`);

    // open-loop writer: every 10 ms, issue whatever is due; bounded by count
    const total = RATE * seconds;
    const sent = new Float64Array(total);
    const acked = new Float64Array(total).fill(NaN);
    const ackLat: number[] = [];
    let issued = 0;
    let errors = 0;
    const inflight = new Set<Promise<void>>();
    const start = performance.now();
    const meter = meterCpu(skiff.pid);
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
        while (issued < due) {
          const seq = issued++;
          sent[seq] = performance.now();
          const p = client.request('POST', `/api/v1/namespaces/${ns}/configmaps`, JSON.stringify(configMap(`${PREFIX}${seq}`, { shard: `s${seq % SHARDS}` })))
            .then((r) => {
              if (r.status !== 201) { errors++; return; }
              acked[seq] = performance.now();
              ackLat.push(acked[seq]! - sent[seq]!);
            }, () => { errors++; })
            .finally(() => inflight.delete(p));
          inflight.add(p);
        }
        if (issued >= total) { clearInterval(tick); done(); }
      }, 10);
    });
    await Promise.all(inflight);
    const elapsed = (performance.now() - start) / 1000;
    const cpu = meter.stop();

    // wait (bounded) until every watcher has what it should, or give up after 10 s
    const expected = (j: number) => (j < selectorWatchers ? Math.ceil((total - shardOf(j)) / SHARDS) : total);
    const drainBy = performance.now() + 10_000;
    while (performance.now() < drainBy && streams.some((s, j) => s.seqs.length < expected(j) && !s.endedEarly)) await new Promise((r) => setTimeout(r, 50));

    const fromAck: number[] = [];
    const fromSend: number[] = [];
    let delivered = 0;
    let missing = 0;
    streams.forEach((s, j) => {
      delivered += s.seqs.length;
      missing += Math.max(0, expected(j) - new Set(s.seqs).size);
      for (let i = 0; i < s.seqs.length; i++) {
        const seq = s.seqs[i]!;
        if (!Number.isNaN(acked[seq]!)) fromAck.push(s.times[i]! - acked[seq]!);
        fromSend.push(s.times[i]! - sent[seq]!);
      }
    });
    return {
      watchers, selectorWatchers, writes: total - errors, writeErrors: errors, achievedWritesPerSecond: total / elapsed,
      writeAckMs: summarize(ackLat), ackToReceiptMs: summarize(fromAck), sendToReceiptMs: summarize(fromSend),
      delivered, missing, relists: streams.filter((s) => s.endedEarly || s.errors > 0).length, openSeconds, cpu,
    };
  } finally {
    for (const s of streams) s.close();
  }
}

async function oneRun(args: ReturnType<typeof parseArgs>, n: number) {
  const seconds = args.quick ? 3 : 10;
  const load = [sampleLoad()];
  const skiff = await startSkiff({ bin: args.bin, nodeArgs: args.serverNodeArgs });
  const levels: Level[] = [];
  try {
    const client = createClient({ port: skiff.port, tls: skiff.tls, maxSockets: 64 });
    for (const w of WATCHERS) {
      const l = await level(skiff, client, w, seconds);
      log(`run ${n} ${w} watchers: ack→receipt p50 ${fmt(l.ackToReceiptMs.p50)} ms p99 ${fmt(l.ackToReceiptMs.p99)} ms; writes ${fmt(l.achievedWritesPerSecond)}/s; missing ${l.missing}; relists ${l.relists}`);
      levels.push(l);
      load.push(sampleLoad([skiff.pid]));
    }
    client.close();
  } finally {
    await skiff.stop();
  }
  return { levels, load };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = describeEnvironment();
  const runs = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n));
  env.load = runs.flatMap((r) => r.load);
  const med = medianOfRuns(runs.map((r) => r.levels));
  const goal = (w: number) => (w >= 1000 ? 50 : w >= 100 ? 10 : undefined);
  const targets = med.filter((l) => goal(l.watchers) !== undefined).map((l) => ({
    goal: `p99 < ${goal(l.watchers)} ms at ${l.watchers} watchers`, value: l.ackToReceiptMs.p99, met: l.ackToReceiptMs.p99 < goal(l.watchers)!,
  }));
  const totalRelists = runs.reduce((a, r) => a + r.levels.reduce((b, l) => b + l.relists, 0), 0);
  const totalMissing = runs.reduce((a, r) => a + r.levels.reduce((b, l) => b + l.missing, 0), 0);
  targets.push({ goal: 'no relists (all runs)', value: totalRelists, met: totalRelists === 0 });
  const text = [
    `B5 watch latency and fan-out — medians of ${runs.length} run(s)${args.quick ? ' (QUICK: 3 s per level)' : ''}; ${RATE} ConfigMap creates/s for ${args.quick ? 3 : 10} s per level; half the watchers select 1/${SHARDS} of the events by label`,
    table(['watchers', 'with selector', 'writes/s', 'write ack p50 / p99 ms', 'ack→receipt p50 ms', 'ack→receipt p99 ms', 'send→receipt p99 ms', 'events delivered', 'missing', 'relists', 'server / client CPU %'],
      med.map((l) => [l.watchers, l.selectorWatchers, fmt(l.achievedWritesPerSecond), `${fmt(l.writeAckMs.p50)} / ${fmt(l.writeAckMs.p99)}`, fmt(l.ackToReceiptMs.p50), fmt(l.ackToReceiptMs.p99), fmt(l.sendToReceiptMs.p99), fmt(l.delivered), l.missing, l.relists, `${l.cpu.serverPercent} / ${l.cpu.clientPercent}`])),
    '',
    table(['target', 'value', 'met'], targets.map((t) => [t.goal, fmt(t.value), t.met ? 'yes' : 'NO'])),
    '',
    `missing events over all runs: ${totalMissing}. Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}`,
  ].join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b5', {
    benchmark: 'B5', command: `npm run bench -- b5${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: { watchers: WATCHERS, writesPerSecond: RATE, secondsPerLevel: args.quick ? 3 : 10, shards: SHARDS, clientNote: 'writer and all watchers in one client process on the same 2 cores as the server; one TLS connection per watcher; receipt timed at chunk arrival' },
    median: med, targets, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
