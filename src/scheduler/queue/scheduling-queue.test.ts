import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { SchedulingQueue, backoffDuration, type QueuedPodInfo } from './scheduling-queue.js';
import * as ev from './events.js';
import { makePod } from '../testing/wrappers.js';

function fail(q: SchedulingQueue, p: QueuedPodInfo, plugins: string[], unschedulable = true): void {
  p.unschedulablePlugins = new Set(plugins);
  q.requeue(p, q.schedulingCycle, unschedulable);
}

test('backoffDuration: 1s doubling per attempt, capped at 10s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 10].map((a) => backoffDuration(a, 1000, 10_000)), [1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
});

test('SchedulingQueue.pop: highest priority first, then oldest', () => {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock });
  q.add(makePod('low', { priority: 1 }));
  clock.advance(1);
  q.add(makePod('high-late', { priority: 10 }));
  clock.advance(1);
  q.add(makePod('low-late', { priority: 1 }));
  q.add(makePod('high-early-ish', { priority: 10 }));
  const order = [q.pop(), q.pop(), q.pop(), q.pop(), q.pop()].map((p) => p?.pod.metadata?.name);
  assert.deepEqual(order, ['high-late', 'high-early-ish', 'low', 'low-late', undefined]);
});

test('SchedulingQueue: unschedulable pods move on relevant events only, through backoff', () => {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock });
  q.add(makePod('cpu'));
  q.add(makePod('taint'));
  const a = q.pop()!;
  const b = q.pop()!;
  fail(q, a, ['NodeResourcesFit']);
  fail(q, b, ['TaintToleration']);
  assert.equal(q.where(a.pod), 'unschedulable');
  assert.equal(q.moveAllToActiveOrBackoffQueue(ev.ASSIGNED_POD_DELETE), 1, 'a deleted pod frees resources, not taints');
  assert.equal(q.where(a.pod), 'backoff', 'still within its 1s backoff');
  assert.equal(q.where(b.pod), 'unschedulable');
  assert.equal(q.pop(), undefined);
  clock.advance(1000);
  assert.equal(q.pop()?.pod.metadata?.name, 'cpu');
  assert.equal(q.moveAllToActiveOrBackoffQueue(ev.NODE_ADD), 1);
  clock.advance(1000);
  assert.equal(q.pop()?.pod.metadata?.name, 'taint');
});

test('SchedulingQueue: a move request during the attempt sends the failed pod to backoff, not unschedulable', () => {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock });
  q.add(makePod('p'));
  const p = q.pop()!;
  const cycle = q.schedulingCycle;
  q.moveAllToActiveOrBackoffQueue(ev.NODE_ADD); // arrives while p is being scheduled
  p.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.requeue(p, cycle, true);
  assert.equal(q.where(p.pod), 'backoff');
});

test('SchedulingQueue: consecutive failures double the backoff', () => {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock });
  q.add(makePod('p'));
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    const p = q.pop()!;
    fail(q, p, [], false);
    let waited = 0;
    for (;;) {
      clock.advance(500);
      waited += 500;
      q.flushBackoffQCompleted();
      if (q.where(p.pod) === 'active' || waited > 60_000) break;
    }
    waits.push(waited);
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 10_000]);
});

test('SchedulingQueue: unschedulable pods are retried after 5 minutes without any event', () => {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock });
  q.run();
  q.add(makePod('p'));
  const p = q.pop()!;
  fail(q, p, ['NodeAffinity']);
  clock.advance(299_000);
  assert.equal(q.where(p.pod), 'unschedulable');
  clock.advance(31_000);
  assert.equal(q.where(p.pod), 'active');
  q.close();
});

test('SchedulingQueue: an update that changes the spec moves an unschedulable pod; a status-only update does not', () => {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock });
  const pod = makePod('p');
  q.add(pod);
  const p = q.pop()!;
  fail(q, p, ['NodeAffinity']);
  clock.advance(5000);
  q.update(pod, { ...pod, metadata: { ...pod.metadata, resourceVersion: '9' }, status: { phase: 'Pending', conditions: [] } });
  assert.equal(q.where(pod), 'unschedulable');
  q.update(pod, { ...pod, metadata: { ...pod.metadata, labels: { new: 'label' } } });
  assert.equal(q.where(pod), 'active');
});

test('SchedulingQueue: gated pods wait until their scheduling gates are removed', () => {
  const q = new SchedulingQueue({ clock: new FakeClock(0) });
  const gated = makePod('g', { schedulingGates: ['example.com/wait'] });
  q.add(gated);
  assert.equal(q.pop(), undefined);
  q.moveAllToActiveOrBackoffQueue(ev.NODE_ADD);
  assert.equal(q.pop(), undefined, 'events do not release gated pods');
  q.update(gated, makePod('g'));
  assert.equal(q.pop()?.pod.metadata?.name, 'g');
});

test('SchedulingQueue: waitForPod resolves when a pod becomes active; delete removes it everywhere', async () => {
  const q = new SchedulingQueue({ clock: new FakeClock(0) });
  const w = q.waitForPod();
  const pod = makePod('p', { nominatedNodeName: 'n1' });
  q.add(pod);
  await w;
  assert.equal(q.nominator.nominatedPodsForNode('n1').length, 1);
  q.delete(pod);
  assert.equal(q.pop(), undefined);
  assert.equal(q.nominator.nominatedPodsForNode('n1').length, 0);
});
