import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { BackOff, goDuration } from './backoff.js';

test('BackOff doubles from 10s to a 300s cap', () => {
  const clock = new FakeClock(1_000_000);
  const b = new BackOff({ clock });
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    b.next('k', clock.now());
    seen.push(b.get('k'));
    clock.advance(1000);
  }
  assert.deepEqual(seen, [10e3, 20e3, 40e3, 80e3, 160e3, 300e3, 300e3, 300e3]);
});

test('BackOff.isInBackOffSince is true until the back-off has elapsed since the event', () => {
  const clock = new FakeClock(0);
  const b = new BackOff({ clock });
  assert.equal(b.isInBackOffSince('k', 0), false, 'unknown key');
  b.next('k', 0);
  const finishedAt = clock.now();
  clock.advance(9_999);
  assert.equal(b.isInBackOffSince('k', finishedAt), true);
  assert.equal(b.remaining('k', finishedAt), 1);
  clock.advance(1);
  assert.equal(b.isInBackOffSince('k', finishedAt), false);
  assert.equal(b.isInBackOffSince('other', finishedAt), false, 'keys are independent');
});

test('BackOff resets after the container ran well for 10 minutes', () => {
  const clock = new FakeClock(0);
  const b = new BackOff({ clock });
  b.next('k', 0); b.next('k', 0); b.next('k', 0);
  assert.equal(b.get('k'), 40e3);
  clock.advance(600_001);
  const finishedAt = clock.now();
  assert.equal(b.isInBackOffSince('k', finishedAt), false);
  b.next('k', finishedAt);
  assert.equal(b.get('k'), 10e3);
});

test('BackOff.gc forgets stale entries', () => {
  const clock = new FakeClock(0);
  const b = new BackOff({ clock });
  b.next('k', 0);
  clock.advance(600_001);
  b.gc();
  assert.equal(b.get('k'), 0);
});

test('goDuration prints like Go', () => {
  const cases: [number, string][] = [[10e3, '10s'], [20e3, '20s'], [80e3, '1m20s'], [160e3, '2m40s'], [300e3, '5m0s'], [3_600e3, '1h0m0s']];
  for (const [ms, s] of cases) assert.equal(goDuration(ms), s);
});
