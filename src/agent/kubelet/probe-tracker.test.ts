import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProbe, ProbeTracker, trackerResults } from './probe-tracker.js';

const exec = { exec: { command: ['true'] } };
const running = (id = 'c1', startedAt = 0) => ({ id, state: 'RUNNING' as const, startedAt });

test('compileProbe applies the API defaults', () => {
  assert.deepEqual(compileProbe(exec, 'readiness'), { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 });
  assert.equal(compileProbe({ ...exec, successThreshold: 3 }, 'liveness').successThreshold, 1, 'liveness needs 1');
  assert.equal(compileProbe({ ...exec, successThreshold: 3 }, 'readiness').successThreshold, 3);
});

test('ProbeTracker initial results per kind', () => {
  for (const [kind, want] of [['liveness', 'Success'], ['readiness', 'Failure'], ['startup', 'Unknown']] as const) {
    const t = new ProbeTracker(kind, exec);
    assert.equal(t.result, undefined);
    t.observe(running());
    assert.equal(t.result, want, kind);
  }
});

test('ProbeTracker.due honours initialDelaySeconds and periodSeconds', () => {
  const t = new ProbeTracker('readiness', { ...exec, initialDelaySeconds: 5, periodSeconds: 2 });
  t.observe(running('c1', 1000));
  const table: [number, boolean][] = [[1000, false], [5999, false], [6000, true]];
  for (const [now, want] of table) assert.equal(t.due(now), want, `at ${now}`);
  assert.equal(t.nextDueAt(), 6000);
  t.record('Success', 6000);
  assert.equal(t.due(7999), false);
  assert.equal(t.due(8000), true);
  assert.equal(t.nextDueAt(), 8000);
});

test('ProbeTracker thresholds: failureThreshold failures in a row flip liveness', () => {
  const t = new ProbeTracker('liveness', { ...exec, failureThreshold: 3 });
  t.observe(running());
  const seq: ['Success' | 'Failure', string][] = [['Failure', 'Success'], ['Failure', 'Success'], ['Success', 'Success'], ['Failure', 'Success'], ['Failure', 'Success'], ['Failure', 'Failure']];
  let now = 0;
  for (const [outcome, want] of seq) { now += 10_000; t.record(outcome, now); assert.equal(t.result, want); }
  assert.equal(t.due(now + 60_000), false, 'held after a liveness failure');
  t.observe(running('c2', now));
  assert.equal(t.result, 'Success', 'a new instance resets');
  assert.equal(t.due(now + 1), true);
});

test('ProbeTracker thresholds: successThreshold for readiness', () => {
  const t = new ProbeTracker('readiness', { ...exec, successThreshold: 2, failureThreshold: 1 });
  t.observe(running());
  t.record('Success', 1); assert.equal(t.result, 'Failure');
  t.record('Success', 2); assert.equal(t.result, 'Success');
  t.record('Failure', 3); assert.equal(t.result, 'Failure');
  assert.equal(t.due(20_000), true, 'readiness keeps probing after failure');
  t.record('Unknown', 20_000); assert.equal(t.result, 'Failure', 'an error changes nothing');
});

test('ProbeTracker: startup gates the others and stops after success', () => {
  const live = new ProbeTracker('liveness', exec);
  const start = new ProbeTracker('startup', exec);
  live.observe(running()); start.observe(running());
  assert.equal(live.due(0, false), false);
  assert.equal(start.due(0, false), true);
  start.record('Success', 0);
  assert.equal(start.result, 'Success');
  assert.equal(start.due(100_000, true), false);
  assert.equal(live.due(100_000, true), true);
});

test('ProbeTracker: a stopped container fails and is not probed', () => {
  const t = new ProbeTracker('readiness', exec);
  t.observe(running());
  t.record('Success', 0);
  t.observe({ id: 'c1', state: 'EXITED', startedAt: 0 });
  assert.equal(t.result, 'Failure');
  assert.equal(t.due(1e9), false);
  assert.equal(t.nextDueAt(), undefined);
});

test('trackerResults answers by container id and kind', () => {
  const a = new ProbeTracker('liveness', exec);
  const b = new ProbeTracker('readiness', exec);
  a.observe(running('x')); b.observe(running('x'));
  const r = trackerResults([a, b]);
  assert.equal(r.get('x', 'liveness'), 'Success');
  assert.equal(r.get('x', 'readiness'), 'Failure');
  assert.equal(r.get('x', 'startup'), undefined);
  assert.equal(r.get('y', 'liveness'), undefined);
});
