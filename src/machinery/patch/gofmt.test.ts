import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goS, goTypeName, goV } from './gofmt.js';

test('goV prints decoded JSON as Go %v does', () => {
  const cases: [unknown, string][] = [
    [null, '<nil>'], ['a b', 'a b'], [true, 'true'], [42, '42'], [1.5, '1.5'], [1234567.5, '1.2345675e+06'], [0.00001, '1e-05'],
    [[1, 'x'], '[1 x]'], [{ b: 1, a: { c: [] } }, 'map[a:map[c:[]] b:1]'], [[{ name: 'x' }], '[map[name:x]]'],
  ];
  for (const [v, want] of cases) assert.equal(goV(v), want, JSON.stringify(v));
});

test('goTypeName and goS name values as reflect and %s do', () => {
  assert.equal(goTypeName('x'), 'string');
  assert.equal(goTypeName(1), 'int64');
  assert.equal(goTypeName(1.5), 'float64');
  assert.equal(goTypeName([]), '[]interface {}');
  assert.equal(goTypeName({}), 'map[string]interface {}');
  assert.equal(goTypeName(null), '%!s(<nil>)');
  assert.equal(goS('delete'), 'delete');
  assert.equal(goS(5), '%!s(int64=5)');
  assert.equal(goS(false), '%!s(bool=false)');
});
