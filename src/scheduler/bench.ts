// Micro-benchmark (not run by tests): pods/s for 5000 nodes × 10 000 pods with a fake binder.
//   node /tmp/out-sched/src/scheduler/bench.js [nodes] [pods]
import { FakeBinder } from './binder.js';
import { Scheduler } from './scheduler.js';
import { seededRandom } from './random.js';
import { makeNode, makePod, zone } from './testing/wrappers.js';

async function main(): Promise<void> {
  const numNodes = Number(process.argv[2] ?? 5000);
  const numPods = Number(process.argv[3] ?? 10_000);
  const binder = new FakeBinder();
  binder.record = false;
  const s = new Scheduler({ binder, random: seededRandom(1) });
  for (let i = 0; i < numNodes; i++) s.onNodeAdd(makeNode(`node-${i}`, { cpu: '32', memory: '128Gi', labels: zone(`zone-${i % 3}`) }));
  for (let i = 0; i < numPods; i++) s.onPodAdd(makePod(`pod-${i}`, { cpu: '100m', memory: '128Mi', labels: { app: `app-${i % 50}` } }));
  s.cache.updateSnapshot(s.snapshot);
  const t0 = performance.now();
  let n = 0;
  // Let binds settle every 256 pods, as run() yields to the event loop between batches.
  while (s.scheduleOne()) if (++n % 256 === 0) await s.idle();
  await s.idle();
  const secs = (performance.now() - t0) / 1000;
  process.stdout.write(`scheduled ${n} pods on ${numNodes} nodes in ${secs.toFixed(2)} s: ${(n / secs).toFixed(0)} pods/s\n`);
}

void main();
