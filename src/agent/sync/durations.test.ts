import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError } from '../runtime/errors.js';
import { errorText, goDurationMs } from './durations.js';

test('goDurationMs prints like Go time.Duration truncated to ms', () => {
  assert.equal(goDurationMs(0), '0s');
  assert.equal(goDurationMs(140), '140ms');
  assert.equal(goDurationMs(1500), '1.5s');
  assert.equal(goDurationMs(2000), '2s');
  assert.equal(goDurationMs(123_040), '2m3.04s');
  assert.equal(goDurationMs(3_600_000), '1h0m0s');
});

test('errorText formats runtime errors as a Go gRPC client prints them', () => {
  assert.equal(errorText(new RuntimeError('NOT_FOUND', 'no such image', 'PullImage')), 'rpc error: code = NotFound desc = no such image');
  assert.equal(errorText(new Error('plain')), 'plain');
});
