import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../machinery/clock.js';
import { FakeBinder } from './binder.js';
import { Scheduler } from './scheduler.js';
import { seededRandom } from './random.js';
import { makeNode, makePod } from './testing/wrappers.js';

function setup() {
  const clock = new FakeClock(Date.parse('2024-06-01T00:00:00Z'));
  const binder = new FakeBinder();
  const s = new Scheduler({ binder, clock, random: seededRandom(42) });
  return { clock, binder, s };
}

test('Scheduler: binds pods and counts assumed pods before the bind is observed', async () => {
  const { binder, s } = setup();
  s.onNodeAdd(makeNode('a', { cpu: '4' }));
  s.onNodeAdd(makeNode('b', { cpu: '4' }));
  s.onPodAdd(makePod('p1', { cpu: '3' }));
  s.onPodAdd(makePod('p2', { cpu: '3' }));
  assert.ok(s.scheduleOne());
  assert.ok(s.scheduleOne());
  assert.equal(s.scheduleOne(), undefined);
  await s.idle();
  const binds = binder.ofOp('bind');
  assert.equal(binds.length, 2);
  assert.notEqual(binds[0]!.node, binds[1]!.node, 'the second pod saw the first one assumed');
  assert.deepEqual(binder.ofOp('event').map((e) => e.reason), ['Scheduled', 'Scheduled']);
  assert.match(binder.ofOp('event')[0]!.message!, /^Successfully assigned default\/p1 to [ab]$/);
});

test('Scheduler: pods of other schedulers and assigned pods are not queued', () => {
  const { s } = setup();
  s.onNodeAdd(makeNode('a'));
  s.onPodAdd(makePod('other', { schedulerName: 'my-scheduler' }));
  s.onPodAdd(makePod('bound', { nodeName: 'a', cpu: '1' }));
  assert.equal(s.scheduleOne(), undefined);
  assert.equal(s.cache.podCount(), 1);
});

test('Scheduler: a failed bind forgets the pod and retries it after backoff', async () => {
  const { binder, clock, s } = setup();
  s.onNodeAdd(makeNode('a', { cpu: '1' }));
  let fail = true;
  binder.failBind = () => (fail ? new Error('pods "p" is forbidden: conflict') : undefined);
  s.onPodAdd(makePod('p', { cpu: '1' }));
  s.scheduleOne();
  await s.idle();
  assert.equal(s.cache.podCount(), 0, 'assumed pod forgotten');
  const ev = binder.ofOp('event').at(-1)!;
  assert.deepEqual([ev.type, ev.reason, ev.message], ['Warning', 'FailedScheduling', 'Binding rejected: pods "p" is forbidden: conflict']);
  assert.equal(s.queue.where(makePod('p')), 'backoff');
  assert.equal(s.scheduleOne(), undefined);
  clock.advance(1000);
  fail = false;
  assert.ok(s.scheduleOne());
  await s.idle();
  assert.equal(binder.ofOp('bind').length, 2);
});

test('Scheduler: an unschedulable pod reports FailedScheduling and is scheduled when a big enough node appears', async () => {
  const { binder, clock, s } = setup();
  s.onNodeAdd(makeNode('small', { cpu: '1' }));
  const pod = makePod('big', { cpu: '3' });
  s.onPodAdd(pod);
  s.scheduleOne();
  await s.idle();
  const msg = '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
  assert.deepEqual(binder.ofOp('event').map((e) => [e.type, e.reason, e.message]), [['Warning', 'FailedScheduling', msg]]);
  assert.deepEqual(binder.ofOp('condition').map((c) => [c.type, c.reason, c.message]), [['PodScheduled', 'Unschedulable', msg]]);
  assert.equal(s.queue.where(pod), 'unschedulable');
  // A heartbeat-only update does not wake it; a new node does.
  const small = makeNode('small', { cpu: '1' });
  s.onNodeUpdate(small, { ...small, status: { ...small.status, conditions: [] } });
  assert.equal(s.queue.where(pod), 'unschedulable');
  s.onNodeAdd(makeNode('large', { cpu: '4' }));
  clock.advance(1000);
  s.scheduleOne();
  await s.idle();
  assert.deepEqual(binder.ofOp('bind').map((b) => b.node), ['large']);
});

test('Scheduler: preemption evicts the victim, nominates the node, then binds there once the victim is gone', async () => {
  const { binder, clock, s } = setup();
  s.onNodeAdd(makeNode('n', { cpu: '2' }));
  const low = makePod('low', { nodeName: 'n', cpu: '2', priority: 1 });
  s.onPodAdd(low);
  const high = makePod('high', { cpu: '2', priority: 1000 });
  s.onPodAdd(high);
  s.scheduleOne();
  await s.idle();
  assert.deepEqual(binder.ofOp('evict').map((e) => [e.pod, e.node]), [['default/low', 'n']]);
  assert.deepEqual(binder.ofOp('nominate').map((e) => [e.pod, e.node]), [['default/high', 'n']]);
  assert.deepEqual(binder.ofOp('event').map((e) => [e.pod, e.reason]), [['default/low', 'Preempted'], ['default/high', 'FailedScheduling']]);
  assert.equal(binder.ofOp('event')[0]!.message, 'Preempted by pod uid-default-high on node n');
  assert.equal(s.queue.nominator.nominatedNodeOf(high), 'n');
  // A lower-priority newcomer cannot take the room the preemptor is waiting for.
  s.onPodDelete(low);
  const sneaky = makePod('sneaky', { cpu: '1', priority: 500 });
  s.onPodAdd(sneaky);
  clock.advance(1000);
  s.onPodUpdate(high, { ...high, status: { ...high.status, nominatedNodeName: 'n' } });
  const first = s.scheduleOne()!;
  assert.equal(first.pod.metadata!.name, 'high');
  await s.idle();
  assert.deepEqual(binder.ofOp('bind').map((b) => [b.pod, b.node]), [['default/high', 'n']]);
});

test('Scheduler: deleting a pod while its bind is in flight drops it without requeueing', async () => {
  const { binder, s } = setup();
  s.onNodeAdd(makeNode('a'));
  let release!: (e?: Error) => void;
  binder.bind = (pod) => new Promise<void>((res, rej) => { release = (e) => (e ? rej(e) : res()); void pod; });
  const p = makePod('p');
  s.onPodAdd(p);
  s.scheduleOne();
  s.onPodDelete(p);
  release(new Error('pod not found'));
  await s.idle();
  assert.equal(s.queue.where(p), undefined);
  assert.equal(s.cache.podCount(), 0);
});

test('Scheduler.run: schedules until stopped', async () => {
  const binder = new FakeBinder();
  const s = new Scheduler({ binder, random: seededRandom(1) });
  s.onNodeAdd(makeNode('a'));
  const running = s.run();
  for (let i = 0; i < 5; i++) s.onPodAdd(makePod(`p${i}`));
  while (binder.ofOp('bind').length < 5) await new Promise((r) => setImmediate(r));
  s.stop();
  await running;
  await s.idle();
  assert.equal(binder.ofOp('bind').length, 5);
});
