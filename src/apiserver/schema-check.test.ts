import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletePath } from './schema-check.js';
import type { KObject } from '../api/types.js';

const obj = (): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { a: 'b' } },
  spec: { replicas: 1, foo: true, template: { spec: { containers: [{ name: 'c', bogus: 1 }, { name: 'd', bogus: 2 }] } }, matrix: [[{ x: 1, y: 2 }]] },
});

test('deletePath removes a top-level, nested and leading-dot path', () => {
  const o = obj();
  deletePath(o, '.spec.foo');
  deletePath(o, 'metadata.labels');
  assert.deepEqual(Object.keys(o.spec as object), ['replicas', 'template', 'matrix']);
  assert.equal(o.metadata!.labels, undefined);
  assert.equal(o.metadata!.name, 'web');
});

test('deletePath follows array indices and touches only the indexed element', () => {
  const o = obj();
  deletePath(o, 'spec.template.spec.containers[1].bogus');
  const cs = (o.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;
  assert.deepEqual(cs, [{ name: 'c', bogus: 1 }, { name: 'd' }]);
  deletePath(o, '.spec.matrix[0][0].y');
  assert.deepEqual((o.spec as { matrix: unknown }).matrix, [[{ x: 1 }]]);
});

test('deletePath ignores paths that do not exist', () => {
  const o = obj();
  const before = structuredClone(o);
  deletePath(o, 'spec.nope.deeper');
  deletePath(o, 'spec.template.spec.containers[7].bogus');
  deletePath(o, 'spec.replicas.x');
  assert.deepEqual(o, before);
});
