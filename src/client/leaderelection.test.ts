import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { FakeClock } from '../machinery/clock.js';
import { ApiError } from '../machinery/errors.js';
import { Client } from './rest.js';
import { LeaderElector, microTime } from './leaderelection.js';
import { resources } from './resources.js';
import { FakeTransport } from './testing/fake.js';
import { settle } from './testing/settle.js';

function candidate(t: FakeTransport, clock: FakeClock, identity: string, extra: { releaseOnCancel?: boolean } = {}) {
  const events: string[] = [];
  const e = new LeaderElector({
    client: new Client(t), name: 'skiff-controller-manager', identity, clock, ...extra,
    onStartedLeading: () => events.push('started'), onStoppedLeading: () => events.push('stopped'),
  });
  return { e, events, done: e.run() };
}

async function tick(clock: FakeClock, ms: number, step = 500) {
  for (let t = 0; t < ms; t += step) { clock.advance(Math.min(step, ms - t)); await settle(); }
}

const lease = (t: FakeTransport) => t.get<Lease>(resources.leases, 'kube-system', 'skiff-controller-manager')!;

test('microTime writes RFC 3339 with microseconds', () => {
  assert.equal(microTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02T03:04:05.678000Z');
});

test('LeaderElector: first candidate creates the lease and leads; the second stays standby while it renews', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  const a = candidate(t, clock, 'a');
  await settle();
  const b = candidate(t, clock, 'b');
  await settle();
  assert.deepEqual(a.events, ['started']);
  assert.equal(a.e.isLeader(), true);
  assert.equal(lease(t).spec?.holderIdentity, 'a');
  assert.equal(lease(t).spec?.leaseDurationSeconds, 15);
  assert.equal(lease(t).spec?.leaseTransitions, 0);
  await tick(clock, 60_000);
  assert.deepEqual(b.events, []);
  assert.equal(b.e.getLeader(), 'a');
  assert.equal(lease(t).spec?.renewTime, microTime(clock.now()));
  await a.e.stop();
  await b.e.stop();
});

test('LeaderElector: a clean stop releases the lease and the standby takes over at its next retry', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  const a = candidate(t, clock, 'a');
  await settle();
  const b = candidate(t, clock, 'b');
  await settle();
  await a.e.stop();
  assert.deepEqual(a.events, ['started', 'stopped']);
  assert.equal(lease(t).spec?.holderIdentity, undefined);
  await tick(clock, 2000);
  assert.deepEqual(b.events, ['started']);
  assert.equal(lease(t).spec?.holderIdentity, 'b');
  assert.equal(lease(t).spec?.leaseTransitions, 1);
  await b.e.stop();
});

test('LeaderElector: a crashed leader (no release) is replaced only after the lease duration', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  const a = candidate(t, clock, 'a', { releaseOnCancel: false });
  await settle();
  const b = candidate(t, clock, 'b');
  await settle();
  await a.e.stop(); // stops renewing, lease still names a
  assert.equal(lease(t).spec?.holderIdentity, 'a');
  await tick(clock, 14_000);
  assert.deepEqual(b.events, [], 'not before 15 s');
  await tick(clock, 4_000);
  assert.deepEqual(b.events, ['started']);
  assert.equal(lease(t).spec?.holderIdentity, 'b');
  await b.e.stop();
});

test('LeaderElector: a leader that cannot renew for renewDeadline stops leading and run() resolves', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  const a = candidate(t, clock, 'a');
  await settle();
  t.addReactor((r) => (r.method === 'PUT' ? new ApiError(500, 'InternalError', 'etcd down') : undefined));
  await tick(clock, 8_000);
  assert.deepEqual(a.events, ['started']);
  await tick(clock, 4_000);
  assert.deepEqual(a.events, ['started', 'stopped']);
  await a.done;
});

test('LeaderElector: a conflicting write (stale resourceVersion) does not win', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  t.seed(resources.leases, { metadata: { name: 'skiff-controller-manager', namespace: 'kube-system' }, spec: { holderIdentity: '', leaseDurationSeconds: 15 } });
  t.addReactor((r) => (r.method === 'PUT' ? new ApiError(409, 'Conflict', 'the object has been modified') : undefined));
  const a = candidate(t, clock, 'a');
  await tick(clock, 6_000);
  assert.deepEqual(a.events, []);
  await a.e.stop();
});
