import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeContinue, encodeContinue } from './continue.js';
import { ApiError } from '../../machinery/errors.js';

test('encodeContinue/decodeContinue round-trip the revision and start key', () => {
  const t = { rv: 42, start: 'default/web-7f9c' };
  const s = encodeContinue(t);
  assert.match(s, /^[A-Za-z0-9_-]+$/, 'URL-safe without padding');
  assert.deepEqual(decodeContinue(s), t);
});

test('decodeContinue refuses garbage with 400 BadRequest', () => {
  const bad = (s: string, message: string) => assert.throws(() => decodeContinue(s), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    assert.equal(e.message, message);
    return true;
  }, s);
  bad('!!!not base64 json', 'continue key is not valid: illegal base64 data or JSON');
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const wrongShape = 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)';
  bad(enc({ v: 'meta.k8s.io/v2', rv: 5, start: 'a' }), wrongShape);
  bad(enc({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }), wrongShape);
  bad(enc({ v: 'meta.k8s.io/v1', rv: '5', start: 'a' }), wrongShape);
  bad(enc({ v: 'meta.k8s.io/v1', rv: 5 }), wrongShape);
  bad(enc('just a string'), wrongShape);
});
