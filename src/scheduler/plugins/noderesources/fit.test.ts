import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterAll, onlyPlugin, scoreAll } from '../../testing/harness.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { NodeResourcesFit } from './fit.js';
import { NodeResourcesBalancedAllocation, balancedScore } from './balanced.js';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { podInfoFor } from '../../framework/pod-info.js';

const fit = onlyPlugin(() => new NodeResourcesFit());
const balanced = onlyPlugin(() => new NodeResourcesBalancedAllocation());

test('NodeResourcesFit filter: table', () => {
  const node = makeNode('n', { cpu: '4', memory: '8Gi', pods: 3, extended: { 'nvidia.com/gpu': '2' } });
  const used = makePod('used', { nodeName: 'n', cpu: '3500m', memory: '1Gi' });
  const cases: { name: string; pod: ReturnType<typeof makePod>; existing?: ReturnType<typeof makePod>[]; want: string }[] = [
    { name: 'fits', pod: makePod('p', { cpu: '1', memory: '1Gi' }), want: '' },
    { name: 'insufficient cpu with existing pod', pod: makePod('p', { cpu: '1' }), existing: [used], want: 'Insufficient cpu' },
    { name: 'cpu and memory both reported', pod: makePod('p', { cpu: '1', memory: '8Gi' }), existing: [used], want: 'Insufficient cpu, Insufficient memory' },
    { name: 'zero request fits an overcommitted node', pod: makePod('p'), existing: [used, makePod('u2', { nodeName: 'n', cpu: '1' })], want: '' },
    {
      name: 'init container max rule: max(sum(containers)=1, init=3) = 3 > 4 - 2',
      pod: makePod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }], initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }] }),
      existing: [makePod('u', { nodeName: 'n', cpu: '2' })], want: 'Insufficient cpu',
    },
    {
      name: 'restartable init container (sidecar) adds to containers: 1 + 1.5 = 2.5 > 4 - 2',
      pod: makePod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }], initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '1500m' } } }] }),
      existing: [makePod('u', { nodeName: 'n', cpu: '2' })], want: 'Insufficient cpu',
    },
    { name: 'pod overhead counts', pod: makePod('p', { cpu: '1500m', overhead: { cpu: '600m' } }), existing: [makePod('u', { nodeName: 'n', cpu: '2' })], want: 'Insufficient cpu' },
    { name: 'extended resource fits', pod: makePod('p', { requests: { 'nvidia.com/gpu': '2' } }), want: '' },
    { name: 'extended resource insufficient', pod: makePod('p', { requests: { 'nvidia.com/gpu': '1' } }), existing: [makePod('g', { nodeName: 'n', requests: { 'nvidia.com/gpu': '2' } })], want: 'Insufficient nvidia.com/gpu' },
    { name: 'unknown extended resource is insufficient', pod: makePod('p', { requests: { 'example.com/foo': '1' } }), want: 'Insufficient example.com/foo' },
    { name: 'too many pods', pod: makePod('p'), existing: [makePod('a', { nodeName: 'n' }), makePod('b', { nodeName: 'n' }), makePod('c', { nodeName: 'n' })], want: 'Too many pods' },
    { name: 'ephemeral storage', pod: makePod('p', { requests: { 'ephemeral-storage': '1Gi' } }), want: 'Insufficient ephemeral-storage' },
  ];
  for (const c of cases) {
    const got = filterAll({ nodes: [node], pods: c.existing }, c.pod, fit);
    assert.equal(got.n, c.want, c.name);
  }
});

test('NodeResourcesFit filter: a request above allocatable is UnschedulableAndUnresolvable', () => {
  const ni = new NodeInfo(makeNode('n', { cpu: '4' }));
  const pl = new NodeResourcesFit();
  const s = new CycleState();
  const big = makePod('big', { cpu: '5' });
  pl.preFilter(s, big);
  assert.equal(pl.filter(s, big, ni)?.code, 'UnschedulableAndUnresolvable');
  ni.addPod(podInfoFor(makePod('u', { nodeName: 'n', cpu: '3' })));
  const small = makePod('small', { cpu: '2' });
  const s2 = new CycleState();
  pl.preFilter(s2, small);
  assert.equal(pl.filter(s2, small, ni)?.code, 'Unschedulable');
});

test('NodeResourcesFit score: LeastAllocated on differently sized nodes (37 / 50)', () => {
  const nodes = [makeNode('node1', { cpu: '4000m', memory: '10000' }), makeNode('node2', { cpu: '6000m', memory: '10000' })];
  const pod = makePod('p', {
    containers: [
      { name: 'a', resources: { requests: { cpu: '1000m', memory: '2000' } } },
      { name: 'b', resources: { requests: { cpu: '2000m', memory: '3000' } } },
    ],
  });
  assert.deepEqual(scoreAll({ nodes }, pod, fit), { node1: 37, node2: 50 });
});

test('NodeResourcesFit score: pods without requests count as 100m / 200Mi', () => {
  const nodes = [makeNode('a', { cpu: '1', memory: '1Gi' }), makeNode('b', { cpu: '1', memory: '1Gi' })];
  const pods = [makePod('x', { nodeName: 'a' })];
  // a: cpu (1000-200)*100/1000 = 80, mem (1024-400)*100/1024 = 60 → 70; b: 90, 80 → 85
  assert.deepEqual(scoreAll({ nodes, pods }, makePod('p'), fit), { a: 70, b: 85 });
});

test('NodeResourcesBalancedAllocation score: 87 / 100 on differently sized nodes', () => {
  const nodes = [makeNode('node1', { cpu: '4000m', memory: '10000' }), makeNode('node2', { cpu: '6000m', memory: '10000' })];
  const pod = makePod('p', { cpu: '3000m', memory: '5000' });
  assert.deepEqual(scoreAll({ nodes }, pod, balanced), { node1: 87, node2: 100 });
});

test('balancedScore: fractions are capped at 1 and use the std deviation for 3+ resources', () => {
  assert.equal(balancedScore([5, 1], [4, 2]), 75);
  assert.equal(balancedScore([1, 1, 1], [2, 2, 2]), 100);
  assert.equal(balancedScore([0, 0], [0, 0]), 100);
});
