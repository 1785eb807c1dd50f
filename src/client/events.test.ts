import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../machinery/clock.js';
import { Client } from './rest.js';
import { EventRecorder } from './events.js';
import { resources } from './resources.js';
import { FakeTransport } from './testing/fake.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'ns1', uid: 'u1', resourceVersion: '7' } };

test('EventRecorder writes a core/v1 Event with involvedObject and source', async () => {
  const t = new FakeTransport();
  const r = new EventRecorder({ client: new Client(t), component: 'default-scheduler', clock: new FakeClock(1_700_000_000_000) });
  r.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
  await r.flush();
  const [ev] = t.list<Event>(resources.events, 'ns1');
  assert.equal(ev?.reason, 'FailedScheduling');
  assert.equal(ev?.type, 'Warning');
  assert.equal(ev?.count, 1);
  assert.deepEqual(ev?.involvedObject, { kind: 'Pod', namespace: 'ns1', name: 'web-1', uid: 'u1', apiVersion: 'v1', resourceVersion: '7' });
  assert.deepEqual(ev?.source, { component: 'default-scheduler' });
  assert.equal(ev?.firstTimestamp, '2023-11-14T22:13:20Z');
  assert.match(ev!.metadata!.name!, /^web-1\.[0-9a-f]+$/);
});

test('EventRecorder aggregates identical events into one with a growing count', async () => {
  const t = new FakeTransport();
  const clock = new FakeClock(1_700_000_000_000);
  const r = new EventRecorder({ client: new Client(t), component: 'kubelet', host: 'n1', clock });
  r.event(pod, 'Normal', 'Pulled', 'Container image "busybox" already present on machine');
  r.event(pod, 'Normal', 'Pulled', 'Container image "busybox" already present on machine');
  clock.advance(5000);
  r.event(pod, 'Normal', 'Pulled', 'Container image "busybox" already present on machine');
  r.event(pod, 'Normal', 'Started', 'Started container c');
  await r.flush();
  const evs = t.list<Event>(resources.events, 'ns1');
  assert.equal(evs.length, 2);
  const pulled = evs.find((e) => e.reason === 'Pulled')!;
  assert.equal(pulled.count, 3);
  assert.equal(pulled.lastTimestamp, '2023-11-14T22:13:25Z');
  assert.equal(pulled.firstTimestamp, '2023-11-14T22:13:20Z');
  assert.deepEqual(pulled.source, { component: 'kubelet', host: 'n1' });
});

test('EventRecorder recreates an aggregated event that was deleted, and cluster-scoped objects go to default', async () => {
  const t = new FakeTransport();
  const r = new EventRecorder({ client: new Client(t), component: 'node-controller', clock: new FakeClock(1) });
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'n' } };
  r.event(node, 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
  await r.flush();
  const first = t.list<Event>(resources.events, 'default')[0]!;
  await new Client(t).resource(resources.events).delete('default', first.metadata!.name!);
  r.event(node, 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
  await r.flush();
  const evs = t.list<Event>(resources.events, 'default');
  assert.equal(evs.length, 1);
  assert.equal(evs[0]!.count, 1);
});
