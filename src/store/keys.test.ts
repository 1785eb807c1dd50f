import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys, prefixEnd } from './keys.js';

describe('compareKeys', () => {
  it('orders ASCII like plain comparison', () => {
    const keys = ['/b', '/a/x', '/a', '/a/'];
    assert.deepEqual([...keys].sort(compareKeys), ['/a', '/a/', '/a/x', '/b']);
  });
  it('orders astral characters after U+FFFD, as UTF-8 bytes do', () => {
    assert.ok(compareKeys('a\u{1F600}', 'a\uFFFD') > 0);
    assert.ok(compareKeys('a\uFFFD', 'a\u{1F600}') < 0);
    assert.equal(compareKeys('x', 'x'), 0);
  });
});

describe('prefixEnd', () => {
  it('increments the last character', () => {
    assert.equal(prefixEnd('/registry/pods/'), '/registry/pods0');
  });
  it('has no end for the empty prefix', () => {
    assert.equal(prefixEnd(''), undefined);
  });
  it('skips the surrogate range and drops maximal code points', () => {
    assert.equal(prefixEnd('a\uD7FF'), 'a\uE000');
    assert.equal(prefixEnd('a\u{10FFFF}'), 'b');
  });
  it('bounds every key with the prefix', () => {
    const end = prefixEnd('/a/')!;
    for (const k of ['/a/', '/a/zzz', '/a/\u{10FFFF}\u{10FFFF}']) assert.ok(compareKeys(k, end) < 0, k);
    assert.ok(compareKeys('/a0', end) >= 0);
  });
});
