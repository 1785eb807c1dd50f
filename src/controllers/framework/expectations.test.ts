import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { Expectations } from './expectations.js';

test('Expectations are satisfied once every expected create and delete was observed', () => {
  const e = new Expectations({ clock: new FakeClock() });
  const key = { namespace: 'ns', name: 'rs' };
  assert.equal(e.satisfied(key), true, 'no record');
  e.expectCreations(key, 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved(key);
  assert.equal(e.satisfied(key), false);
  e.creationObserved(key);
  assert.equal(e.satisfied(key), true);
  e.expectDeletions(key, 1);
  e.raise(key, 1, 0);
  assert.deepEqual(e.pending(key), { add: 1, del: 1 });
  e.deletionObserved(key);
  e.lower(key, 1, 0);
  assert.equal(e.satisfied(key), true);
});

test('Expectations expire after the 5 minute TTL', () => {
  const clock = new FakeClock();
  const e = new Expectations({ clock });
  e.expectCreations('k', 3);
  clock.advance(300_000);
  assert.equal(e.satisfied('k'), false);
  clock.advance(1);
  assert.equal(e.satisfied('k'), true);
  e.delete('k');
  assert.equal(e.pending('k'), undefined);
});
