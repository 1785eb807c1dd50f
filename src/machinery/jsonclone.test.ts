import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonClone } from './jsonclone.js';

test('jsonClone copies deeply and shares nothing', () => {
  const a = { m: { labels: { x: 'y' } }, list: [{ n: 1 }, [2, 3]], s: 'str', b: false, z: null };
  const c = jsonClone(a);
  assert.deepEqual(c, a);
  c.m.labels.x = 'changed';
  (c.list[0] as { n: number }).n = 9;
  assert.equal(a.m.labels.x, 'y');
  assert.equal((a.list[0] as { n: number }).n, 1);
});

test('jsonClone drops undefined properties and keeps non-JSON objects intact', () => {
  const d = new Date(0);
  const c = jsonClone({ a: undefined, b: 1, d, buf: Buffer.from('hi') });
  assert.deepEqual(Object.keys(c), ['b', 'd', 'buf']);
  assert.ok(c.d instanceof Date && c.d !== d && c.d.getTime() === 0);
  assert.equal(Buffer.from(c.buf).toString(), 'hi');
});

test('jsonClone of primitives and undefined', () => {
  assert.equal(jsonClone(undefined), undefined);
  assert.equal(jsonClone(5), 5);
  assert.equal(jsonClone('x'), 'x');
});
