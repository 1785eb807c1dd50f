// B4, LIST at scale: 10k then 30k Pods stored (created through the API by concurrent clients), then the p99 of a
// cluster-wide LIST, a namespace LIST with a label selector, a single GET, and a full LIST paged with limit=500.
// Every read is a consistent read (no resourceVersion): served from the store at its current revision.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from './lib/args.js';
import { createClient, type BenchClient } from './lib/client.js';
import { startSkiff } from './lib/server.js';
import { closedLoop } from './lib/load.js';
import { describeEnvironment, sampleLoad } from './lib/env.js';
import { fmt, medianOfRuns, summarize, type LatencySummary } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { namespace, pod } from './fixtures.js';

const NAMESPACES = 10;
const GROUPS = 10;
const TARGET_MS = 300;

const nsOf = (i: number) => `b4-${i % NAMESPACES}`;
const groupOf = (i: number) => `g${Math.floor(i / NAMESPACES) % GROUPS}`;

interface Scale {
  pods: number;
  seed: { perSecond: number; seconds: number; errors: number };
  serverRssMiB: number;
  clusterList: LatencySummary & { bytes: number };
  selectorList: LatencySummary & { items: number };
  get: LatencySummary;
  paged: { pages: number; page: LatencySummary; traversalMs: LatencySummary };
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch { return NaN; }
}

/** Times `op` sequentially until `max` samples or `budgetMs` have passed (at least `min`). */
async function sample(max: number, min: number, budgetMs: number, op: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  const start = performance.now();
  for (let i = 0; i < max && (i < min || performance.now() - start < budgetMs); i++) {
    const t0 = performance.now();
    await op(i);
    out.push(performance.now() - t0);
  }
  return out;
}

function ok(status: number, what: string, body = ''): void {
  if (status !== 200) throw new Error(`${what}: HTTP ${status} ${body.slice(0, 200)}`);
}

async function measure(client: BenchClient, pods: number, quick: boolean): Promise<Omit<Scale, 'seed' | 'serverRssMiB'>> {
  const first = await client.request('GET', '/api/v1/pods');
  ok(first.status, 'cluster LIST', first.body);
  const count = JSON.parse(first.body).items.length;
  if (count !== pods) throw new Error(`cluster LIST returned ${count} pods, expected ${pods}`);
  let bytes = first.bytes;
  const listN = quick ? 3 : pods > 10_000 ? 10 : 20;
  const cluster = await sample(listN, 3, 60_000, async () => {
    const r = await client.requestDiscard('GET', '/api/v1/pods');
    ok(r.status, 'cluster LIST');
    bytes = r.bytes;
  });
  log(`  ${pods} pods: cluster LIST p50 ${fmt(summarize(cluster).p50)} ms (${(bytes / 2 ** 20).toFixed(1)} MiB)`);
  let items = 0;
  const selector = await sample(quick ? 10 : 50, 10, 30_000, async (i) => {
    const r = await client.request('GET', `/api/v1/namespaces/${nsOf(i)}/pods?labelSelector=${encodeURIComponent(`group=${groupOf(i * NAMESPACES + i)}`)}`);
    ok(r.status, 'namespace LIST', r.body);
    items = JSON.parse(r.body).items.length;
  });
  if (items !== pods / NAMESPACES / GROUPS) throw new Error(`selector LIST returned ${items} pods, expected ${pods / NAMESPACES / GROUPS}`);
  const get = await sample(quick ? 100 : 500, 50, 20_000, async (i) => {
    const k = (i * 7919) % pods;
    const r = await client.request('GET', `/api/v1/namespaces/${nsOf(k)}/pods/pod-${k}`);
    ok(r.status, 'GET', r.body);
  });
  const pages: number[] = [];
  let pageCount = 0;
  const traversal = await sample(quick ? 1 : 3, 1, 60_000, async () => {
    let cont = '';
    let seen = 0;
    pageCount = 0;
    for (let guard = 0; guard < pods / 500 + 5; guard++) {
      const t0 = performance.now();
      const r = await client.request('GET', `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      pages.push(performance.now() - t0);
      ok(r.status, 'paged LIST', r.body);
      const l = JSON.parse(r.body);
      seen += l.items.length;
      pageCount++;
      cont = l.metadata?.continue ?? '';
      if (!cont) break;
    }
    if (seen !== pods) throw new Error(`paged LIST saw ${seen} pods, expected ${pods}`);
  });
  return {
    pods,
    clusterList: { ...summarize(cluster), bytes },
    selectorList: { ...summarize(selector), items },
    get: summarize(get),
    paged: { pages: pageCount, page: summarize(pages), traversalMs: summarize(traversal) },
  };
}

async function seed(client: BenchClient, from: number, to: number): Promise<Scale['seed']> {
  const r = await closedLoop({
    concurrency: 50, durationMs: 600_000, maxOps: to - from,
    op: async (j) => {
      const i = from + j;
      const res = await client.request('POST', `/api/v1/namespaces/${nsOf(i)}/pods`, JSON.stringify(pod(`pod-${i}`, { group: groupOf(i) })));
      if (res.status !== 201) throw new Error(`create pod-${i}: ${res.status} ${res.body.slice(0, 200)}`);
    },
  });
  if (r.errors) throw new Error(`seeding failed ${r.errors} times: ${r.firstError}`);
  return { perSecond: r.perSecond, seconds: r.seconds, errors: r.errors };
}

async function oneRun(args: ReturnType<typeof parseArgs>, n: number, scales: number[]) {
  const load = [sampleLoad()];
  const skiff = await startSkiff({ bin: args.bin, nodeArgs: args.serverNodeArgs });
  const out: Scale[] = [];
  try {
    const client = createClient({ port: skiff.port, tls: skiff.tls, maxSockets: 64, timeoutMs: 120_000 });
    for (let k = 0; k < NAMESPACES; k++) {
      const r = await client.request('POST', '/api/v1/namespaces', JSON.stringify(namespace(`b4-${k}`)));
      if (r.status !== 201) throw new Error(`create namespace: ${r.status} ${r.body}`);
    }
    let stored = 0;
    for (const target of scales) {
      const s = await seed(client, stored, target);
      stored = target;
      log(`run ${n}: seeded to ${target} pods at ${fmt(s.perSecond)}/s`);
      const m = await measure(client, target, args.quick);
      out.push({ ...m, seed: s, serverRssMiB: rssMiB(skiff.pid) });
      log(`run ${n} ${target} pods: LIST p99 ${fmt(m.clusterList.p99)} ms, selector p99 ${fmt(m.selectorList.p99)} ms, GET p99 ${fmt(m.get.p99)} ms, page p99 ${fmt(m.paged.page.p99)} ms`);
      load.push(sampleLoad([skiff.pid]));
    }
    client.close();
  } finally {
    await skiff.stop();
  }
  return { scales: out, load };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scales = args.quick ? [1000, 3000] : [10_000, 30_000];
  const env = describeEnvironment();
  const runs = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n, scales));
  env.load = runs.flatMap((r) => r.load);
  const med = medianOfRuns(runs.map((r) => r.scales));
  const rows = med.flatMap((s) => [
    [s.pods, 'cluster LIST (all namespaces)', s.clusterList.count, fmt(s.clusterList.p50), fmt(s.clusterList.p99), `${(s.clusterList.bytes / 2 ** 20).toFixed(1)} MiB`],
    [s.pods, `namespace LIST, labelSelector (${s.selectorList.items} items)`, s.selectorList.count, fmt(s.selectorList.p50), fmt(s.selectorList.p99), ''],
    [s.pods, 'single GET', s.get.count, fmt(s.get.p50), fmt(s.get.p99), ''],
    [s.pods, `LIST limit=500, one page (${s.paged.pages} pages)`, s.paged.page.count, fmt(s.paged.page.p50), fmt(s.paged.page.p99), ''],
    [s.pods, 'LIST limit=500, whole traversal', s.paged.traversalMs.count, fmt(s.paged.traversalMs.p50), fmt(s.paged.traversalMs.p99), ''],
  ]);
  const ten = med[0]!;
  const target = { goal: `${ten.pods}-pod cluster LIST p99 < ${TARGET_MS} ms`, value: ten.clusterList.p99, met: ten.clusterList.p99 < TARGET_MS };
  const text = [
    `B4 LIST at scale — medians of ${runs.length} run(s)${args.quick ? ' (QUICK: 1k/3k pods)' : ''}; sequential requests, consistent reads; pods created through the API (50 concurrent clients)`,
    table(['pods', 'request', 'samples/run', 'p50 ms', 'p99 ms', 'response'], rows),
    '',
    table(['pods', 'seeding creates/s', 'server RSS MiB'], med.map((s) => [s.pods, fmt(s.seed.perSecond), fmt(s.serverRssMiB)])),
    '',
    table(['target', 'value ms', 'met'], [[target.goal, fmt(target.value), target.met ? 'yes' : 'NO'],
      ['SLO: single object p99 <= 1 s, list p99 <= 30 s', `${fmt(Math.max(...med.map((s) => s.get.p99)))} / ${fmt(Math.max(...med.map((s) => s.clusterList.p99)))}`,
        med.every((s) => s.get.p99 <= 1000 && s.clusterList.p99 <= 30_000) ? 'yes' : 'NO']]),
    '',
    `Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}`,
  ].join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b4', {
    benchmark: 'B4', command: `npm run bench -- b4${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: { scales, namespaces: NAMESPACES, labelGroups: GROUPS, seeding: 'through the API, 50 concurrent clients, realistic small Pod (bench/fixtures.ts)', reads: 'one at a time, no resourceVersion (consistent)', percentile: 'nearest rank; with 10-20 LIST samples per run p99 is the slowest sample' },
    median: med, target, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
