import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { noopLogger } from '../../machinery/log.js';
import { settle } from '../../client/testing/settle.js';
import { PodWorkers } from './pod-workers.js';

test('PodWorkers serialises one pod and collapses updates that arrive during a sync into one more sync', async () => {
  const clock = new FakeClock();
  const log: string[] = [];
  let release!: () => void;
  let gate = new Promise<void>((r) => { release = r; });
  const w = new PodWorkers(async (uid) => { log.push(`start ${uid}`); await gate; log.push(`end ${uid}`); }, clock, noopLogger);
  w.enqueue('a');
  w.enqueue('a');
  w.enqueue('a');
  w.enqueue('b');
  await settle();
  assert.deepEqual(log, ['start a', 'start b']);
  gate = Promise.resolve();
  release();
  await w.whenIdle();
  assert.deepEqual(log, ['start a', 'start b', 'end a', 'end b', 'start a', 'end a']);
});

test('PodWorkers.enqueueAfter keeps the earliest timer and forget cancels it', async () => {
  const clock = new FakeClock();
  const runs: number[] = [];
  const w = new PodWorkers(async () => { runs.push(clock.now()); }, clock, noopLogger);
  w.enqueueAfter('a', 5000);
  w.enqueueAfter('a', 2000);
  w.enqueueAfter('a', 8000);
  clock.advance(2000);
  await w.whenIdle();
  assert.deepEqual(runs, [2000]);
  clock.advance(10_000);
  await settle();
  assert.deepEqual(runs, [2000]);
  w.enqueueAfter('b', 1000);
  w.forget('b');
  clock.advance(2000);
  await settle();
  assert.deepEqual(runs, [2000]);
  assert.equal(w.has('b'), false);
});
