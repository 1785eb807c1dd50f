import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { filterAll, onlyPlugin, scoreAll } from '../../testing/harness.js';
import { makeNode, makePod, zone } from '../../testing/wrappers.js';
import { InterPodAffinity, ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY } from './index.js';

const ipa = onlyPlugin((h) => new InterPodAffinity(h));
const term = (labels: Record<string, string>, topologyKey = 'kubernetes.io/hostname', extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm =>
  ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });

const nodes = [makeNode('n1', { labels: zone('z1') }), makeNode('n2', { labels: zone('z1') }), makeNode('n3', { labels: zone('z2') })];

test('InterPodAffinity filter: required affinity, anti-affinity, existing anti-affinity', () => {
  const db = makePod('db', { nodeName: 'n1', labels: { app: 'db' } });
  const web = makePod('web', { nodeName: 'n1', labels: { app: 'web' } });
  const guard = makePod('guard', { nodeName: 'n1', labels: { app: 'guard' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, 'topology.kubernetes.io/zone')] } } });
  const cases: { name: string; pods: ReturnType<typeof makePod>[]; pod: ReturnType<typeof makePod>; want: Record<string, string> }[] = [
    {
      name: 'affinity to db on the same host',
      pods: [db],
      pod: makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' })] } } }),
      want: { n1: '', n2: ERR_REASON_AFFINITY, n3: ERR_REASON_AFFINITY },
    },
    {
      name: 'affinity to db in the same zone',
      pods: [db],
      pod: makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'topology.kubernetes.io/zone')] } } }),
      want: { n1: '', n2: '', n3: ERR_REASON_AFFINITY },
    },
    {
      name: 'anti-affinity to web on hostname',
      pods: [web],
      pod: makePod('p', { labels: { app: 'web' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' })] } } }),
      want: { n1: ERR_REASON_ANTI_AFFINITY, n2: '', n3: '' },
    },
    {
      name: "existing pod's anti-affinity (zone) rejects the incoming web pod in z1",
      pods: [guard],
      pod: makePod('p', { labels: { app: 'web' } }),
      want: { n1: ERR_REASON_EXISTING_ANTI_AFFINITY, n2: ERR_REASON_EXISTING_ANTI_AFFINITY, n3: '' },
    },
    {
      name: 'the first pod of a self-affine group may go anywhere',
      pods: [],
      pod: makePod('p', { labels: { app: 'a' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'a' })] } } }),
      want: { n1: '', n2: '', n3: '' },
    },
    {
      name: 'other namespaces do not match unless named',
      pods: [makePod('db2', { ns: 'other', nodeName: 'n2', labels: { app: 'db' } })],
      pod: makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' })] } } }),
      want: { n1: ERR_REASON_AFFINITY, n2: ERR_REASON_AFFINITY, n3: ERR_REASON_AFFINITY },
    },
    {
      name: 'namespaces lists the other namespace',
      pods: [makePod('db2', { ns: 'other', nodeName: 'n2', labels: { app: 'db' } })],
      pod: makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, undefined, { namespaces: ['other'] })] } } }),
      want: { n1: ERR_REASON_AFFINITY, n2: '', n3: ERR_REASON_AFFINITY },
    },
  ];
  for (const c of cases) assert.deepEqual(filterAll({ nodes, pods: c.pods }, c.pod, ipa), c.want, c.name);
});

test('InterPodAffinity filter: namespaceSelector resolves against namespace labels', () => {
  const pods = [makePod('db', { ns: 'team-a', nodeName: 'n3', labels: { app: 'db' } })];
  const pod = makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, undefined, { namespaceSelector: { matchLabels: { team: 'a' } } })] } } });
  const got = filterAll({ nodes, pods, namespaces: { 'team-a': { team: 'a' }, default: {} } }, pod, ipa);
  assert.deepEqual(got, { n1: ERR_REASON_AFFINITY, n2: ERR_REASON_AFFINITY, n3: '' });
  const all = makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, undefined, { namespaceSelector: {} })] } } });
  assert.equal(filterAll({ nodes, pods }, all, ipa).n3, '');
});

test('InterPodAffinity score: preferred affinity and anti-affinity by zone', () => {
  const pods = [makePod('db', { nodeName: 'n1', labels: { app: 'db' } }), makePod('web', { nodeName: 'n3', labels: { app: 'web' } })];
  const pod = makePod('p', {
    affinity: {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'db' }, 'topology.kubernetes.io/zone') }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, podAffinityTerm: term({ app: 'web' }, 'topology.kubernetes.io/zone') }] },
    },
  });
  // z1: +5, z2: -3 → min-max normalized
  assert.deepEqual(scoreAll({ nodes, pods }, pod, ipa), { n1: 100, n2: 100, n3: 0 });
});

test("InterPodAffinity score: existing pods' required affinity attracts the incoming pod (hardPodAffinityWeight 1)", () => {
  const pods = [makePod('fan', { nodeName: 'n2', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'star' })] } } })];
  assert.deepEqual(scoreAll({ nodes, pods }, makePod('p', { labels: { app: 'star' } }), ipa), { n1: 0, n2: 100, n3: 0 });
});
