import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { schedule, frameworkFor } from '../testing/harness.js';
import { makeNode, makePod } from '../testing/wrappers.js';
import { pickOneNodeForPreemption, type Candidate } from './candidates.js';
import { filterPodsWithPDBViolation } from './pdb.js';
import { podInfoFor } from '../framework/pod-info.js';
import { DefaultPreemption } from './default-preemption.js';
import { PodScheduler } from '../framework/schedule.js';
import { CycleState } from '../framework/cycle-state.js';
import { seededRandom } from '../random.js';

const names = (ps: { metadata?: { name?: string } }[]) => ps.map((p) => p.metadata!.name).sort();

test('DefaultPreemption: a high-priority pod preempts the low-priority pod that blocks it', () => {
  const nodes = [makeNode('n', { cpu: '2' })];
  const pods = [makePod('low', { nodeName: 'n', cpu: '1500m', priority: 1 })];
  const out = schedule({ nodes, pods }, makePod('high', { cpu: '1', priority: 100 }));
  assert.ok('fitError' in out);
  assert.equal(out.plan?.nominatedNodeName, 'n');
  assert.deepEqual(names(out.plan!.victims), ['low']);
  assert.equal(out.fitError.message(), '0/1 nodes are available: 1 Insufficient cpu.');
});

test('DefaultPreemption: reprieves as many pods as possible, most important first', () => {
  const nodes = [makeNode('n', { cpu: '3' })];
  const pods = [
    makePod('p1', { nodeName: 'n', cpu: '1', priority: 5 }),
    makePod('p2', { nodeName: 'n', cpu: '1', priority: 3 }),
    makePod('p3', { nodeName: 'n', cpu: '1', priority: 4 }),
  ];
  const out = schedule({ nodes, pods }, makePod('hi', { cpu: '1', priority: 10 }));
  assert.ok('fitError' in out);
  assert.deepEqual(names(out.plan!.victims), ['p2']);
});

test('DefaultPreemption: never preempts equal or higher priority pods; honours preemptionPolicy Never', () => {
  const nodes = [makeNode('n', { cpu: '2' })];
  const pods = [makePod('same', { nodeName: 'n', cpu: '1500m', priority: 100 })];
  const out = schedule({ nodes, pods }, makePod('p', { cpu: '1', priority: 100 }));
  assert.ok('fitError' in out);
  assert.deepEqual(out.plan, { nominatedNodeName: '', victims: [], clearNominated: [] });
  const never = schedule({ nodes, pods: [makePod('low', { nodeName: 'n', cpu: '1500m', priority: 1 })] }, makePod('p', { cpu: '1', priority: 100, preemptionPolicy: 'Never' }));
  assert.ok('fitError' in never && never.plan === undefined);
});

test('DefaultPreemption: picks the node with the lowest-priority victims, then fewest victims', () => {
  const nodes = [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' }), makeNode('c', { cpu: '2' })];
  const pods = [
    makePod('a1', { nodeName: 'a', cpu: '2', priority: 50 }),
    makePod('b1', { nodeName: 'b', cpu: '1', priority: 10 }),
    makePod('b2', { nodeName: 'b', cpu: '1', priority: 10 }),
    makePod('c1', { nodeName: 'c', cpu: '2', priority: 10 }),
  ];
  const out = schedule({ nodes, pods }, makePod('hi', { cpu: '2', priority: 100 }));
  assert.ok('fitError' in out);
  assert.equal(out.plan!.nominatedNodeName, 'c', 'b and c tie on highest victim priority (10); c has the smaller priority sum');
  assert.deepEqual(names(out.plan!.victims), ['c1']);
});

test('DefaultPreemption: avoids PodDisruptionBudget violations when another node works', () => {
  const nodes = [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })];
  const pods = [
    makePod('guarded', { nodeName: 'a', cpu: '2', priority: 1, labels: { app: 'db' } }),
    makePod('free', { nodeName: 'b', cpu: '2', priority: 5, labels: { app: 'web' } }),
  ];
  const pdb: PodDisruptionBudget = { metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } };
  const fw = frameworkFor({ nodes, pods });
  // Replace the PostFilter with one that sees the PDB.
  const pre = new DefaultPreemption(fw, { pdbs: () => [pdb], random: seededRandom(3), now: () => 0 });
  fw.profile.postFilter = [pre];
  const algo = new PodScheduler(fw, seededRandom(1));
  const state = new CycleState();
  const out = algo.schedulePod(state, makePod('hi', { cpu: '2', priority: 100 }), fw.snapshot);
  assert.ok('fitError' in out);
  const pf = algo.postFilter(state, makePod('hi', { cpu: '2', priority: 100 }), out.fitError);
  assert.equal(pf.plan!.nominatedNodeName, 'b');
});

test('filterPodsWithPDBViolation: budgets count down across victims', () => {
  const pdb: PodDisruptionBudget = { metadata: { name: 'x', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } } }, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 } };
  const ps = ['p1', 'p2', 'p3'].map((n) => podInfoFor(makePod(n, { labels: { app: 'x' } })));
  const other = podInfoFor(makePod('o', { labels: { app: 'y' } }));
  const r = filterPodsWithPDBViolation([...ps, other], [pdb]);
  assert.deepEqual(r.violating.map((p) => p.pod.metadata!.name), ['p2', 'p3']);
  assert.deepEqual(r.nonViolating.map((p) => p.pod.metadata!.name), ['p1', 'o']);
});

test('pickOneNodeForPreemption: kube-scheduler ordering', () => {
  const v = (name: string, priority: number, startTime?: string) => makePod(name, { priority, startTime });
  const cands = (...cs: Candidate[]) => pickOneNodeForPreemption(cs, Date.parse('2024-06-01T00:00:00Z'))!.nodeName;
  assert.equal(cands({ nodeName: 'x', victims: [v('a', 1)], numPDBViolations: 1 }, { nodeName: 'y', victims: [v('b', 9)], numPDBViolations: 0 }), 'y');
  assert.equal(cands({ nodeName: 'x', victims: [v('a', 5)], numPDBViolations: 0 }, { nodeName: 'y', victims: [v('b', 3), v('c', 3)], numPDBViolations: 0 }), 'y');
  assert.equal(cands({ nodeName: 'x', victims: [v('a', 3), v('b', 1)], numPDBViolations: 0 }, { nodeName: 'y', victims: [v('c', 3)], numPDBViolations: 0 }), 'y');
  assert.equal(cands(
    { nodeName: 'x', victims: [v('a', 3, '2024-01-01T00:00:00Z')], numPDBViolations: 0 },
    { nodeName: 'y', victims: [v('b', 3, '2024-03-01T00:00:00Z')], numPDBViolations: 0 }), 'y', 'latest start time wins');
});

test('DefaultPreemption: nominated pods of higher priority keep their room', () => {
  const nodes = [makeNode('n', { cpu: '2' })];
  const fw = frameworkFor({ nodes });
  const nominated = podInfoFor(makePod('nom', { cpu: '2', priority: 50, nominatedNodeName: 'n' }));
  fw.nominator = { nominatedPodsForNode: (n) => (n === 'n' ? [nominated] : []) };
  const algo = new PodScheduler(fw, seededRandom(1));
  const lower = algo.schedulePod(new CycleState(), makePod('low', { cpu: '1', priority: 10 }), fw.snapshot);
  assert.ok('fitError' in lower, 'lower-priority pod does not take the nominated room');
  const higher = algo.schedulePod(new CycleState(), makePod('hi', { cpu: '1', priority: 60 }), fw.snapshot);
  assert.deepEqual(higher, { node: 'n', evaluatedNodes: 1, feasibleNodes: 1 });
});
