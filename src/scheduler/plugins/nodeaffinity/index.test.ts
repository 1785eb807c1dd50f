import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import { filterAll, onlyPlugin, scoreAll } from '../../testing/harness.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { NodeAffinity, ERR_REASON_POD } from './index.js';

const na = onlyPlugin(() => new NodeAffinity());
const required = (...nodeSelectorTerms: NodeSelectorTerm[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } });

test('NodeAffinity filter: nodeSelector and required node affinity operators', () => {
  const nodes = [
    makeNode('n1', { labels: { foo: 'bar', gpu: '4', zone: 'a' } }),
    makeNode('n2', { labels: { foo: 'baz', gpu: '1' } }),
    makeNode('n3', { labels: {} }),
  ];
  const cases: { name: string; pod: ReturnType<typeof makePod>; fits: string[] }[] = [
    { name: 'no constraints', pod: makePod('p'), fits: ['n1', 'n2', 'n3'] },
    { name: 'nodeSelector', pod: makePod('p', { nodeSelector: { foo: 'bar' } }), fits: ['n1'] },
    { name: 'In', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'baz'] }] }) }), fits: ['n1', 'n2'] },
    { name: 'NotIn matches nodes without the label', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'foo', operator: 'NotIn', values: ['bar'] }] }) }), fits: ['n2', 'n3'] },
    { name: 'Exists', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }) }), fits: ['n1'] },
    { name: 'DoesNotExist', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }) }), fits: ['n2', 'n3'] },
    { name: 'Gt', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['2'] }] }) }), fits: ['n1'] },
    { name: 'Lt', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'Lt', values: ['2'] }] }) }), fits: ['n2'] },
    { name: 'Gt with a non-integer value matches nothing', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'foo', operator: 'Gt', values: ['1'] }] }) }), fits: [] },
    { name: 'terms are ORed', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }, { matchExpressions: [{ key: 'gpu', operator: 'In', values: ['1'] }] }) }), fits: ['n1', 'n2'] },
    { name: 'expressions in a term are ANDed', pod: makePod('p', { affinity: required({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'baz'] }, { key: 'gpu', operator: 'In', values: ['1'] }] }) }), fits: ['n2'] },
    { name: 'an empty term matches nothing', pod: makePod('p', { affinity: required({}) }), fits: [] },
    { name: 'nodeSelector AND affinity', pod: makePod('p', { nodeSelector: { foo: 'baz' }, affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }) }), fits: ['n2'] },
  ];
  for (const c of cases) {
    const got = filterAll({ nodes }, c.pod, na);
    const fits = Object.entries(got).filter(([, r]) => r === '').map(([n]) => n);
    assert.deepEqual(fits, c.fits, c.name);
    for (const [, r] of Object.entries(got)) if (r) assert.equal(r, ERR_REASON_POD, c.name);
  }
});

test('NodeAffinity PreFilter: matchFields metadata.name narrows the nodes; conflicting terms are unresolvable', () => {
  const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3')];
  const pod = makePod('p', { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }) });
  assert.deepEqual(filterAll({ nodes }, pod, na), { n1: 'filtered out by PreFilterResult', n2: '', n3: 'filtered out by PreFilterResult' });
  const conflict = makePod('p', { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] }] }) });
  assert.deepEqual(filterAll({ nodes }, conflict, na), { n1: 'pod affinity terms conflict', n2: 'pod affinity terms conflict', n3: 'pod affinity terms conflict' });
});

test('NodeAffinity score: preferred weights, normalized to 100 by the best node', () => {
  const nodes = [makeNode('n1', { labels: { foo: 'bar' } }), makeNode('n2', { labels: { foo: 'bar', key: 'value' } }), makeNode('n3')];
  const pod = makePod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
          { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
          { weight: 5, preference: {} },
        ],
      },
    },
  });
  assert.deepEqual(scoreAll({ nodes }, pod, na), { n1: 33, n2: 100, n3: 0 });
});
