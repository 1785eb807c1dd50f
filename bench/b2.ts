// B2, cold start: exec of `skiff server` (with its embedded agent) → the "API server:" line → /readyz 200 →
// first Node Ready (seen by a watch) → first pod Running and Ready (seen by a watch). "Cold" means: a fresh data
// dir every run (new CA and certificates, empty SQLite store, empty containerd root), containerd not running (the
// agent spawns it), the busybox test image present as an archive in <dataDir>/agent/images/ (imported at start, as
// an air-gapped k3s node does) so no registry pull is involved. The page cache is warm (node, the binaries and the
// image archive have been read before): this is not a cold boot of the machine.
// The pod is created as soon as /readyz answers 200 (as `kubectl apply` right after start would), and waits
// Pending until the node registers.
import https from 'node:https';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs, type BenchArgs } from './lib/args.js';
import { startAgentServer, NODE_LINE } from './lib/agent-server.js';
import { createClient, type Credentials } from './lib/client.js';
import { watchObjects, type WatchedObject } from './lib/objwatch.js';
import { busyboxPod, isRunningAndReady } from './lib/busybox-pod.js';
import { describeEnvironment, sampleLoad, type LoadSample } from './lib/env.js';
import { fmt, medianOfRuns } from './lib/stats.js';
import { log, table, writeResult } from './lib/report.js';
import { busyboxArchive } from './lib/test-images.js';

const TARGET_API_MS = 1000;
const TARGET_NODE_MS = 3000;

/** Milliseconds from exec. */
interface Marks {
  firstLine: number;
  apiLine: number;
  readyz: number;
  containerdReady: number;
  imagesImported: number;
  nodeRegisteredLine: number;
  nodeReady: number;
  podCreated: number;
  podRunning: number;
}

/** Same-run context: exec → exit of `node -e 0`, and of `skiff --version` (loads skiff's whole module graph). */
interface ProcessBaseline { nodeMs: number; skiffVersionMs: number }

interface Run { marks: Marks; baseline: ProcessBaseline; serverReportedApiMs: number; readyzPolls: number; podCreateAttempts: number; load: LoadSample[] }

function nodeReady(o: WatchedObject): boolean {
  return ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function waitWatch(port: number, tls: Credentials, path: string, rv: string, pred: (o: WatchedObject) => boolean, timeoutMs: number): Promise<number> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => { w.close(); rej(new Error(`timed out watching ${path}`)); }, timeoutMs);
    const w = watchObjects({
      port, tls, path, resourceVersion: rv,
      onEvent: (_t, o, at) => { if (pred(o)) { clearTimeout(timer); w.close(); res(at); } },
    });
  });
}

function timeExec(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}`);
  return performance.now() - t;
}

async function oneRun(args: BenchArgs, n: number, image: string): Promise<Run> {
  const load = [sampleLoad()];
  const baseline = { nodeMs: timeExec(['-e', '0']), skiffVersionMs: timeExec([args.bin, '--version']) };
  const s = await startAgentServer({ bin: args.bin, nodeArgs: args.serverNodeArgs, images: [image], waitForNode: false });
  try {
    const t0 = s.spawnedAt;
    const apiLine = s.lineAt(/API server: https/)!;
    // /readyz: a fresh TLS connection per poll would add ~10 ms; one keep-alive agent, polled every 5 ms
    const agent = new https.Agent({ keepAlive: true, ca: s.tls.ca, maxSockets: 1 });
    let polls = 0;
    let readyz = 0;
    for (const deadline = performance.now() + 60_000; performance.now() < deadline;) {
      polls++;
      const code = await new Promise<number>((res) => {
        const req = https.get({ host: '127.0.0.1', port: s.port, path: '/readyz', agent }, (r) => { r.resume(); r.on('end', () => res(r.statusCode ?? 0)); });
        req.on('error', () => res(0));
      });
      if (code === 200) { readyz = performance.now(); break; }
      await new Promise((r) => setTimeout(r, 5));
    }
    agent.destroy();
    if (!readyz) throw new Error('/readyz never answered 200');
    const client = createClient({ port: s.port, tls: s.tls });
    try {
      const nodes = JSON.parse((await client.request('GET', '/api/v1/nodes')).body) as { metadata: { resourceVersion: string }; items: WatchedObject[] };
      const nodeReadyP = nodes.items.some(nodeReady) ? Promise.resolve(performance.now())
        : waitWatch(s.port, s.tls, '/api/v1/nodes', nodes.metadata.resourceVersion, nodeReady, 120_000);
      const pods = JSON.parse((await client.request('GET', '/api/v1/namespaces/default/pods')).body) as { metadata: { resourceVersion: string } };
      const podRunningP = waitWatch(s.port, s.tls, '/api/v1/namespaces/default/pods', pods.metadata.resourceVersion, (o) => o.metadata?.name === 'first' && isRunningAndReady(o), 120_000);
      let attempts = 0;
      let podCreated = 0;
      while (!podCreated) {
        attempts++;
        const r = await client.request('POST', '/api/v1/namespaces/default/pods', JSON.stringify(busyboxPod('first', { bench: 'b2' })));
        if (r.status === 201) podCreated = performance.now();
        else if (attempts > 200) throw new Error(`create pod: ${r.status} ${r.body.slice(0, 300)}`);
        else await new Promise((res) => setTimeout(res, 25));
      }
      const [nodeReadyAt, podRunning] = await Promise.all([nodeReadyP, podRunningP]);
      const rel = (x: number | undefined) => (x === undefined ? NaN : x - t0);
      const marks: Marks = {
        firstLine: rel(s.lineAt(/Starting skiff server/)), apiLine: rel(apiLine), readyz: rel(readyz),
        containerdReady: rel(s.lineAt(/node agent: containerd .* ready in/)),
        imagesImported: rel(s.lineAt(/node agent: imported .* from/)),
        nodeRegisteredLine: rel(s.lineAt(NODE_LINE)),
        nodeReady: rel(nodeReadyAt), podCreated: rel(podCreated), podRunning: rel(podRunning),
      };
      const reported = Number(/API server: \S+ \(ready in (\d+) ms\)/.exec(s.output())?.[1] ?? NaN);
      load.push(sampleLoad([s.pid]));
      log(`run ${n}: readyz ${fmt(marks.readyz)} ms, node Ready ${fmt(marks.nodeReady)} ms, pod Running ${fmt(marks.podRunning)} ms after exec`);
      return { marks, baseline, serverReportedApiMs: reported, readyzPolls: polls, podCreateAttempts: attempts, load };
    } finally {
      client.close();
    }
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = describeEnvironment();
  const image = await busyboxArchive();
  const runs: Run[] = [];
  for (let n = 1; n <= args.runs; n++) runs.push(await oneRun(args, n, image));
  env.load = runs.flatMap((r) => r.load);
  const m = medianOfRuns(runs.map(({ load: _l, ...r }) => r));
  const steps: [keyof Marks, string][] = [
    ['firstLine', 'first output line (node started, modules loaded, main() running)'],
    ['apiLine', '"API server:" line printed (listening, bootstrap objects written)'],
    ['readyz', 'first /readyz 200'],
    ['containerdReady', 'containerd spawned and answering CRI (agent log line)'],
    ['imagesImported', 'pause + busybox archives imported (agent log line)'],
    ['nodeRegisteredLine', 'Node registered (agent log line)'],
    ['nodeReady', 'first Node Ready=True (watch)'],
    ['podCreated', 'pod created (POST 201, sent right after /readyz)'],
    ['podRunning', 'first pod Running + Ready (watch)'],
  ];
  const apiMet = m.marks.readyz < TARGET_API_MS;
  const nodeMet = m.marks.nodeReady < TARGET_NODE_MS;
  const text = [
    `B2 cold start — medians of ${runs.length} run(s)${args.quick ? ' (QUICK)' : ''}; ms after exec of \`skiff server\` (embedded agent, fresh data dir, containerd spawned by the agent, busybox image imported from <dataDir>/agent/images/)`,
    table(['step', 'ms after exec (median)', ...runs.map((_, i) => `run ${i + 1}`)], steps.map(([k, label]) => [label, fmt(m.marks[k]), ...runs.map((r) => fmt(r.marks[k]))])),
    '',
    table(['same-run process baseline (exec → exit)', 'ms (median)', ...runs.map((_, i) => `run ${i + 1}`)], [
      ['`node -e 0`', fmt(m.baseline.nodeMs), ...runs.map((r) => fmt(r.baseline.nodeMs))],
      ['`skiff --version` (loads the module graph)', fmt(m.baseline.skiffVersionMs), ...runs.map((r) => fmt(r.baseline.skiffVersionMs))],
    ]),
    '',
    table(['target / anchor', 'value', 'met'], [
      [`API ready < ${TARGET_API_MS} ms (exec → /readyz 200)`, `${fmt(m.marks.readyz)} ms`, apiMet ? 'yes' : 'NO'],
      [`node Ready < ${TARGET_NODE_MS} ms (exec → Node Ready)`, `${fmt(m.marks.nodeReady)} ms`, nodeMet ? 'yes' : 'NO'],
      ['k3s: all default pods Ready in ~50 s (other hardware)', `first pod Running ${fmt(m.marks.podRunning / 1000)} s after exec`, '—'],
    ]),
    '',
    `server's own "ready in" figure (process start → listening): ${fmt(m.serverReportedApiMs)} ms; Node ${env.node}, ${env.cores} cores (${env.cpuModel}); load avg at samples: ${env.load.map((l) => l.loadavg1).join(', ')}; other busy processes: ${[...new Set(env.load.flatMap((l) => l.otherBusyProcesses))].slice(0, 6).join(', ') || 'none'}`,
  ].join('\n');
  console.log(text);
  const path = writeResult(args.out, 'b2', {
    benchmark: 'B2', command: `npm run bench -- b2${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    date: new Date().toISOString(), quick: args.quick, environment: env,
    config: {
      cold: 'fresh data dir per run (new PKI, empty SQLite store, empty containerd root); containerd not running, spawned by the agent; image archive present (no pull); page cache warm',
      timing: 'performance.now() in the bench process: exec = just before spawn; log lines timed on receipt of stderr; /readyz polled every 5 ms on one keep-alive TLS connection once the port is printed; Node Ready and pod Running from watches (receipt time)',
      baseline: 'before each run: wall time of `node -e 0` and of `skiff --version` (same launcher: imports the whole CLI module graph, then exits), so process start and module loading under the current machine load can be told apart from Skiff\'s own startup work',
      pod: 'busybox (skiff.local/busybox:1.36, IfNotPresent) running `sleep 3600`, no probes, created in default right after /readyz 200',
    },
    median: m, target: { apiReadyMs: TARGET_API_MS, nodeReadyMs: TARGET_NODE_MS, apiMet, nodeMet }, runs, table: text,
  });
  log(`wrote ${path}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
