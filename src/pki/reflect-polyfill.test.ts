import { test } from 'node:test';
import assert from 'node:assert/strict';
import './reflect-polyfill.js';

const R = Reflect as unknown as {
  defineMetadata(k: unknown, v: unknown, t: object, p?: string): void;
  getMetadata(k: unknown, t: object, p?: string): unknown;
  getOwnMetadata(k: unknown, t: object, p?: string): unknown;
  hasMetadata(k: unknown, t: object, p?: string): boolean;
};

test('reflect polyfill stores metadata per target and property and follows the prototype chain', () => {
  class A {}
  class B extends A {}
  R.defineMetadata('k', 1, A);
  R.defineMetadata('k', 2, A, 'p');
  assert.equal(R.getOwnMetadata('k', A), 1);
  assert.equal(R.getOwnMetadata('k', A, 'p'), 2);
  assert.equal(R.getOwnMetadata('k', B), undefined);
  assert.equal(R.getMetadata('k', B), 1);
  assert.ok(R.hasMetadata('k', B));
  assert.ok(!R.hasMetadata('other', B));
});
