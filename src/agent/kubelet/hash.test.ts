import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerHash } from './hash.js';

test('containerHash ignores key order and undefined fields, changes with the spec', () => {
  const a = containerHash({ name: 'web', image: 'busybox', args: ['a'] });
  assert.equal(containerHash({ args: ['a'], image: 'busybox', name: 'web', command: undefined }), a);
  assert.notEqual(containerHash({ name: 'web', image: 'busybox:2', args: ['a'] }), a);
  assert.notEqual(containerHash({ name: 'web', image: 'busybox', args: ['b'] }), a);
  assert.match(a, /^[0-9a-f]+$/);
});
