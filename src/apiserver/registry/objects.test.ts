import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clone, deepEqual } from './objects.js';

test('clone is deep: changing the copy leaves the original alone', () => {
  const a = { metadata: { labels: { app: 'web' } }, spec: { ports: [{ port: 80 }] } };
  const b = clone(a);
  b.metadata.labels.app = 'db';
  b.spec.ports[0]!.port = 81;
  assert.equal(a.metadata.labels.app, 'web');
  assert.equal(a.spec.ports[0]!.port, 80);
  assert.equal(clone(undefined), undefined);
});

test('deepEqual treats undefined properties as absent', () => {
  assert.equal(deepEqual({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(deepEqual({ a: 1 }, { a: 1, b: undefined }), true);
  assert.equal(deepEqual({ a: 1, b: null }, { a: 1 }), false);
});

test('deepEqual compares arrays by order and never equates arrays with objects', () => {
  assert.equal(deepEqual([1, 2], [1, 2]), true);
  assert.equal(deepEqual([1, 2], [2, 1]), false);
  assert.equal(deepEqual([1], [1, 1]), false);
  assert.equal(deepEqual({ 0: 'a' }, ['a']), false);
  assert.equal(deepEqual(['a'], { 0: 'a' }), false);
});

test('deepEqual distinguishes types and nested values', () => {
  assert.equal(deepEqual(1, '1'), false);
  assert.equal(deepEqual(null, {}), false);
  assert.equal(deepEqual({}, null), false);
  assert.equal(deepEqual(null, null), true);
  assert.equal(deepEqual({ s: { r: [{ x: 1 }] } }, { s: { r: [{ x: 1 }] } }), true);
  assert.equal(deepEqual({ s: { r: [{ x: 1 }] } }, { s: { r: [{ x: 2 }] } }), false);
  assert.equal(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 }), true, 'key order does not matter');
});
