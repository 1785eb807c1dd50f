import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numFeasibleNodesToFind, selectHost, PodScheduler } from './schedule.js';
import { NodeInfo } from './node-info.js';
import { CycleState } from './cycle-state.js';
import { frameworkFor, schedule } from '../testing/harness.js';
import { makeNode, makePod, zone } from '../testing/wrappers.js';
import { seededRandom } from '../random.js';

test('numFeasibleNodesToFind: adaptive percentage, at least 100 nodes, at least 5%', () => {
  const cases: [number | undefined, number, number][] = [
    [undefined, 50, 50], [undefined, 99, 99], [undefined, 100, 100], [undefined, 250, 120], [undefined, 1000, 420],
    [undefined, 5000, 500], [undefined, 6000, 300], [undefined, 10_000, 500], [30, 1000, 300], [5, 1000, 100], [100, 5000, 5000],
  ];
  for (const [pct, n, want] of cases) assert.equal(numFeasibleNodesToFind(pct, n), want, `${pct}% of ${n}`);
});

test('selectHost: the maximum wins; ties are broken uniformly by the injected RNG', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => new NodeInfo(makeNode(n)));
  assert.equal(selectHost(nodes, [1, 5, 3, 2], () => 0.99), 'b');
  const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
  const rnd = seededRandom(7);
  for (let i = 0; i < 3000; i++) counts[selectHost(nodes, [9, 2, 9, 9], rnd)]!++;
  assert.equal(counts.b, 0);
  for (const n of ['a', 'c', 'd']) assert.ok(counts[n]! > 850 && counts[n]! < 1150, JSON.stringify(counts));
});

test('schedulePod: evaluates only a sample of large clusters and rotates the start node', () => {
  const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`n${i}`));
  const fw = frameworkFor({ nodes });
  const algo = new PodScheduler(fw, seededRandom(1));
  const r1 = algo.schedulePod(new CycleState(), makePod('p1'), fw.snapshot);
  assert.ok('node' in r1);
  assert.equal(r1.feasibleNodes, 420);
  assert.equal(algo.nextStartNodeIndex, 420);
  const r2 = algo.schedulePod(new CycleState(), makePod('p2'), fw.snapshot);
  assert.ok('node' in r2 && Number(r2.node.slice(1)) >= 420 && Number(r2.node.slice(1)) < 840, JSON.stringify(r2));
});

test('schedulePod: places pods the way the default profile scores them', () => {
  const nodes = [makeNode('small', { cpu: '2', memory: '4Gi' }), makeNode('big', { cpu: '8', memory: '32Gi' })];
  assert.deepEqual(schedule({ nodes }, makePod('p', { cpu: '1', memory: '1Gi' })), { node: 'big', evaluatedNodes: 2, feasibleNodes: 2 });
  // Preferred node affinity (weight 2) outweighs LeastAllocated here.
  const pref = makePod('q', { cpu: '1', affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['small'] }] } }] } } });
  assert.equal((schedule({ nodes }, pref) as { node: string }).node, 'small');
  // A single feasible node is returned without scoring.
  const sel = makePod('r', { nodeSelector: { 'kubernetes.io/hostname': 'small' } });
  assert.deepEqual(schedule({ nodes }, sel), { node: 'small', evaluatedNodes: 2, feasibleNodes: 1 });
});

test('schedulePod: anti-affinity on hostname spreads replicas one per node', () => {
  const nodes = [makeNode('a'), makeNode('b'), makeNode('c')];
  const pods: ReturnType<typeof makePod>[] = [];
  const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
  for (let i = 0; i < 3; i++) {
    const r = schedule({ nodes, pods }, makePod(`w${i}`, { labels: { app: 'web' }, affinity: anti }), i + 1);
    assert.ok('node' in r);
    pods.push(makePod(`w${i}`, { labels: { app: 'web' }, affinity: anti, nodeName: r.node }));
  }
  assert.deepEqual(pods.map((p) => p.spec!.nodeName).sort(), ['a', 'b', 'c']);
  const r = schedule({ nodes, pods }, makePod('w3', { labels: { app: 'web' }, affinity: anti }));
  assert.ok('fitError' in r);
  assert.match(r.fitError.message(), /^0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\./);
});

test('schedulePod: topology spread maxSkew 1 over zones places 4 pods 2/2', () => {
  const nodes = [makeNode('a', { labels: zone('z1') }), makeNode('b', { labels: zone('z1') }), makeNode('c', { labels: zone('z2') })];
  const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 's' } } }];
  const pods: ReturnType<typeof makePod>[] = [];
  for (let i = 0; i < 4; i++) {
    const r = schedule({ nodes, pods }, makePod(`s${i}`, { labels: { app: 's' }, spread }), i + 11);
    assert.ok('node' in r);
    pods.push(makePod(`s${i}`, { labels: { app: 's' }, spread, nodeName: r.node }));
  }
  const perZone = { z1: 0, z2: 0 };
  for (const p of pods) perZone[p.spec!.nodeName === 'c' ? 'z2' : 'z1']++;
  assert.deepEqual(perZone, { z1: 2, z2: 2 });
});
