import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTimeMs, isRunningAndReady } from './busybox-pod.js';

test('eventTimeMs decodes the recorder name suffix and rejects other names', () => {
  const at = 1_700_000_000_123;
  const name = `p-1.${(BigInt(at) * 1_000_000n + 7n).toString(16)}`;
  assert.equal(eventTimeMs(name, at + 5), at);
  assert.equal(eventTimeMs('p-1.17a2b3c4d5e6f7', at), undefined); // far from now
  assert.equal(eventTimeMs('plain-name', at), undefined);
});

test('isRunningAndReady needs Running, all containers running and Ready=True', () => {
  const running = { status: { phase: 'Running', containerStatuses: [{ state: { running: {} } }], conditions: [{ type: 'Ready', status: 'True' }] } };
  assert.equal(isRunningAndReady(running), true);
  assert.equal(isRunningAndReady({ status: { ...running.status, conditions: [{ type: 'Ready', status: 'False' }] } }), false);
  assert.equal(isRunningAndReady({ status: { ...running.status, containerStatuses: [{ state: {} }] } }), false);
  assert.equal(isRunningAndReady({ status: { phase: 'Pending' } }), false);
});
