import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterAll, onlyPlugin, scoreAll } from '../../testing/harness.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { TaintToleration } from './index.js';

const tt = onlyPlugin(() => new TaintToleration());

test('TaintToleration filter: table', () => {
  const cp = makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
  const gpu = makeNode('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, { key: 'other', value: 'x', effect: 'NoSchedule' }] });
  const soft = makeNode('soft', { taints: [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }] });
  const nodes = [cp, gpu, soft];
  const cases: { name: string; pod: ReturnType<typeof makePod>; want: Record<string, string> }[] = [
    {
      name: 'no tolerations: first untolerated NoSchedule/NoExecute taint is named',
      pod: makePod('p'),
      want: { cp: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', gpu: 'node(s) had untolerated taint {dedicated: gpu}', soft: '' },
    },
    {
      name: 'Equal toleration on key/value/effect; the next taint is then reported',
      pod: makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }] }),
      want: { cp: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', gpu: 'node(s) had untolerated taint {other: x}', soft: '' },
    },
    {
      name: 'Exists with empty key tolerates everything',
      pod: makePod('p', { tolerations: [{ operator: 'Exists' }] }),
      want: { cp: '', gpu: '', soft: '' },
    },
    {
      name: 'wrong effect does not tolerate',
      pod: makePod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }] }),
      want: { cp: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', gpu: 'node(s) had untolerated taint {dedicated: gpu}', soft: '' },
    },
    {
      name: 'value mismatch with Equal (operator defaulted)',
      pod: makePod('p', { tolerations: [{ key: 'dedicated', value: 'cpu' }, { key: 'other', operator: 'Exists' }] }),
      want: { cp: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', gpu: 'node(s) had untolerated taint {dedicated: gpu}', soft: '' },
    },
  ];
  for (const c of cases) assert.deepEqual(filterAll({ nodes }, c.pod, tt), c.want, c.name);
});

test('TaintToleration score: untolerated PreferNoSchedule taints lower the score', () => {
  const nodes = [
    makeNode('one', { taints: [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }] }),
    makeNode('two', { taints: [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }, { key: 'baz', value: 'x', effect: 'PreferNoSchedule' }] }),
    makeNode('none'),
  ];
  assert.deepEqual(scoreAll({ nodes }, makePod('p'), tt), { one: 50, two: 0, none: 100 });
  const tolerant = makePod('p', { tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] });
  assert.deepEqual(scoreAll({ nodes }, tolerant, tt), { one: 100, two: 0, none: 100 });
  // A NoSchedule-only toleration does not count for scoring.
  const wrongEffect = makePod('p', { tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.deepEqual(scoreAll({ nodes }, wrongEffect, tt), { one: 50, two: 0, none: 100 });
});
