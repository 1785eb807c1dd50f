import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../machinery/clock.js';
import { WorkQueue } from './workqueue.js';
import { BucketRateLimiter, ItemExponentialRateLimiter, defaultControllerRateLimiter } from './ratelimit.js';

test('WorkQueue.add dedupes a key queued several times before processing', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  q.add('a'); q.add('b'); q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.len(), 0);
});

test('WorkQueue never hands out a key being processed; re-adds during processing come back after done()', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  q.add('a');
  const k = await q.get();
  q.add('a'); q.add('a');
  assert.equal(q.len(), 0, 'held back while processing');
  let got: string | undefined;
  void q.get().then((x) => { got = x; });
  await Promise.resolve();
  assert.equal(got, undefined);
  q.done(k!);
  await Promise.resolve();
  assert.equal(got, 'a');
  q.done('a');
  assert.equal(q.len(), 0);
});

test('WorkQueue.get waits for an add; shutdown releases waiting getters with undefined', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  const p = q.get();
  q.add('x');
  assert.equal(await p, 'x');
  const p2 = q.get();
  q.shutdown();
  assert.equal(await p2, undefined);
  q.add('y');
  assert.equal(await q.get(), undefined);
});

test('WorkQueue.addAfter fires on the clock and keeps the earliest time for a key', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue({ clock });
  q.addAfter('a', 1000);
  q.addAfter('a', 500);
  q.addAfter('a', 2000);
  clock.advance(499);
  assert.equal(q.len(), 0);
  clock.advance(1);
  assert.equal(q.len(), 1);
  assert.equal(await q.get(), 'a');
  q.done('a');
  clock.advance(5000);
  assert.equal(q.len(), 0, 'later timers were superseded');
});

test('WorkQueue.addRateLimited backs off 5ms doubling per key until forget', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue({ clock });
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = clock.now();
    q.addRateLimited('k');
    while (q.len() === 0) clock.advance(1);
    delays.push(clock.now() - t0);
    q.done((await q.get())!);
  }
  assert.deepEqual(delays, [5, 10, 20, 40]);
  assert.equal(q.numRequeues('k'), 4);
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
});

test('ItemExponentialRateLimiter caps at 1000 s; BucketRateLimiter allows a burst of 100 then 10 qps', () => {
  const e = new ItemExponentialRateLimiter(5, 1_000_000);
  let last = 0;
  for (let i = 0; i < 40; i++) last = e.when('x');
  assert.equal(last, 1_000_000);
  const clock = new FakeClock();
  const b = new BucketRateLimiter(clock, 10, 100);
  for (let i = 0; i < 100; i++) assert.equal(b.when(), 0);
  assert.equal(b.when(), 100);
  assert.equal(b.when(), 200);
  clock.advance(1000);
  for (let i = 0; i < 8; i++) assert.equal(b.when(), 0, '10 tokens refilled, 2 were owed');
  assert.equal(b.when(), 100);
  const d = defaultControllerRateLimiter<string>(clock);
  assert.equal(d.when('new'), 5);
});

test('WorkQueue hooks report adds, waits, work time and retries', async () => {
  const clock = new FakeClock();
  const seen: string[] = [];
  const q = new WorkQueue<string>({ clock, hooks: { add: (k) => seen.push(`add ${k}`), get: (k, ms) => seen.push(`get ${k} ${ms}`), done: (k, ms) => seen.push(`done ${k} ${ms}`), retry: (k) => seen.push(`retry ${k}`) } });
  q.add('a');
  clock.advance(7);
  const k = (await q.get())!;
  clock.advance(3);
  q.done(k);
  q.addRateLimited('a');
  assert.deepEqual(seen, ['add a', 'get a 7', 'done a 3', 'retry a']);
});
