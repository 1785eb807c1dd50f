import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { filterAll, onlyPlugin, scoreAll } from '../../testing/harness.js';
import { makeNode, makePod, zone } from '../../testing/wrappers.js';
import { PodTopologySpread, ERR_REASON_CONSTRAINTS_NOT_MATCH as SKEW, ERR_REASON_NODE_LABEL_NOT_MATCH as LABEL } from './index.js';

const pts = onlyPlugin((h) => new PodTopologySpread(h));
const foo = { foo: '' };
const spreadZone = (o: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint =>
  ({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] }, ...o });

const nodes = [
  makeNode('node-a', { labels: zone('zone1') }), makeNode('node-b', { labels: zone('zone1') }),
  makeNode('node-x', { labels: zone('zone2') }), makeNode('node-y', { labels: zone('zone2') }),
];

test('PodTopologySpread filter: maxSkew over zones', () => {
  const onA = makePod('a1', { nodeName: 'node-a', labels: foo });
  const onB = makePod('b1', { nodeName: 'node-b', labels: foo });
  const onX = makePod('x1', { nodeName: 'node-x', labels: foo });
  const cases: { name: string; pods: ReturnType<typeof makePod>[]; pod: ReturnType<typeof makePod>; want: Record<string, string> }[] = [
    { name: 'no existing pods', pods: [], pod: makePod('p', { labels: foo, spread: [spreadZone()] }), want: { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' } },
    { name: 'pods spread 2/1: only zone2 keeps skew <= 1', pods: [onA, onB, onX], pod: makePod('p', { labels: foo, spread: [spreadZone()] }), want: { 'node-a': SKEW, 'node-b': SKEW, 'node-x': '', 'node-y': '' } },
    { name: 'maxSkew 2 allows zone1', pods: [onA, onB, onX], pod: makePod('p', { labels: foo, spread: [spreadZone({ maxSkew: 2 })] }), want: { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' } },
    { name: 'a pod that does not match its own selector adds no self count', pods: [onA, onX], pod: makePod('p', { spread: [spreadZone()] }), want: { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' } },
    { name: 'other namespaces are not counted', pods: [makePod('o', { ns: 'other', nodeName: 'node-a', labels: foo })], pod: makePod('p', { labels: foo, spread: [spreadZone()] }), want: { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' } },
    { name: 'terminating pods are not counted', pods: [makePod('t', { nodeName: 'node-a', labels: foo, deleting: true })], pod: makePod('p', { labels: foo, spread: [spreadZone()] }), want: { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' } },
    { name: 'minDomains 3 with 2 zones: global minimum is 0', pods: [onX], pod: makePod('p', { labels: foo, spread: [spreadZone({ minDomains: 3 })] }), want: { 'node-a': '', 'node-b': '', 'node-x': SKEW, 'node-y': SKEW } },
    {
      name: 'nodeAffinityPolicy Honor (default): zone2 excluded by nodeSelector is not a domain',
      pods: [onA], pod: makePod('p', { labels: foo, nodeSelector: { 'topology.kubernetes.io/zone': 'zone1' }, spread: [spreadZone()] }),
      want: { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' },
    },
    {
      name: 'nodeAffinityPolicy Ignore: zone2 counts with 0, zone1 too full',
      pods: [onA], pod: makePod('p', { labels: foo, nodeSelector: { 'topology.kubernetes.io/zone': 'zone1' }, spread: [spreadZone({ nodeAffinityPolicy: 'Ignore' })] }),
      want: { 'node-a': SKEW, 'node-b': SKEW, 'node-x': '', 'node-y': '' },
    },
  ];
  for (const c of cases) assert.deepEqual(filterAll({ nodes, pods: c.pods }, c.pod, pts), c.want, c.name);
});

test('PodTopologySpread filter: a node without the topology key is unresolvable', () => {
  const got = filterAll({ nodes: [...nodes, makeNode('bare')] }, makePod('p', { labels: foo, spread: [spreadZone()] }), pts);
  assert.equal(got.bare, LABEL);
});

test('PodTopologySpread filter: nodeTaintsPolicy Honor excludes untolerated tainted nodes from domains', () => {
  const tainted = [makeNode('node-a', { labels: zone('zone1') }), makeNode('node-x', { labels: zone('zone2'), taints: [{ key: 'k', effect: 'NoSchedule' }] })];
  const pods = [makePod('a1', { nodeName: 'node-a', labels: foo })];
  assert.deepEqual(filterAll({ nodes: tainted, pods }, makePod('p', { labels: foo, spread: [spreadZone()] }), pts), { 'node-a': SKEW, 'node-x': '' });
  assert.deepEqual(filterAll({ nodes: tainted, pods }, makePod('p', { labels: foo, spread: [spreadZone({ nodeTaintsPolicy: 'Honor' })] }), pts), { 'node-a': '', 'node-x': '' });
});

test('PodTopologySpread score: fewer matching pods score higher (hostname, ScheduleAnyway)', () => {
  const two = [makeNode('node-a'), makeNode('node-b')];
  const pods = [makePod('a1', { nodeName: 'node-a', labels: foo }), makePod('a2', { nodeName: 'node-a', labels: foo }), makePod('b1', { nodeName: 'node-b', labels: foo })];
  const pod = makePod('p', { labels: foo, spread: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: foo } }] });
  // weight log(4): a = round(2*1.386) = 3, b = 1 → a: 100*(3+1-3)/3 = 33, b: 100
  assert.deepEqual(scoreAll({ nodes: two, pods }, pod, pts), { 'node-a': 33, 'node-b': 100 });
  assert.deepEqual(scoreAll({ nodes: two }, pod, pts), { 'node-a': 100, 'node-b': 100 });
});

test('PodTopologySpread score: system default constraints apply to pods owned by a ReplicaSet', () => {
  const three = [makeNode('n1', { labels: zone('z1') }), makeNode('n2', { labels: zone('z1') }), makeNode('n3', { labels: zone('z2') })];
  const owner = { kind: 'ReplicaSet', name: 'web-abc' };
  const pods = [makePod('w1', { nodeName: 'n1', labels: { app: 'web' }, owner }), makePod('w2', { nodeName: 'n2', labels: { app: 'web' }, owner })];
  const s = scoreAll({ nodes: three, pods }, makePod('p', { labels: { app: 'web' }, owner }), pts);
  assert.ok(s.n3! > s.n1! && s.n1 === s.n2, JSON.stringify(s));
  // Without an owner there is no default spreading: PreScore skips.
  assert.deepEqual(scoreAll({ nodes: three, pods }, makePod('p', { labels: { app: 'web' } }), pts), { n1: 0, n2: 0, n3: 0 });
});
