import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client, EventRecorder, Informer, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { NodeIpamController } from './controller.js';

async function setup(clusterCIDR = '10.42.0.0/16') {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const t = new FakeTransport({ clock });
  const client = new Client(t);
  const nodes = new Informer<Node>(client.resource(resources.nodes), { clock });
  const recorder = new EventRecorder({ client, component: 'node-controller', clock });
  const runner = new Runner({ reconciler: new NodeIpamController({ client, nodes, clusterCIDR, skip: (n) => n.metadata?.labels?.sim === 'true' }), clock, recorder });
  const start = async () => { nodes.start(); await runner.start(); await settle(60); };
  const stop = async () => { await runner.stop(); nodes.stop(); };
  const step = async (ms: number) => { await settle(60); clock.advance(ms); await settle(60); };
  return { t, client, start, stop, step, recorder };
}

const cidrOf = (t: FakeTransport, name: string) => {
  const n = t.get<Node>(resources.nodes, '', name);
  return [n?.spec?.podCIDR, ...(n?.spec?.podCIDRs ?? [])].join(' ');
};

test('NodeIpamController adopts existing CIDRs at startup and gives new nodes free ones', async () => {
  const { t, client, start, stop } = await setup();
  t.seed(resources.nodes, { metadata: { name: 'new1' } });
  t.seed(resources.nodes, { metadata: { name: 'old' }, spec: { podCIDR: '10.42.0.0/24', podCIDRs: ['10.42.0.0/24'] } });
  t.seed(resources.nodes, { metadata: { name: 'sim', labels: { sim: 'true' } } });
  await start();
  assert.equal(cidrOf(t, 'new1'), '10.42.1.0/24 10.42.1.0/24');
  assert.equal(cidrOf(t, 'old'), '10.42.0.0/24 10.42.0.0/24');
  assert.equal(cidrOf(t, 'sim'), '', 'skipped');
  await client.resource(resources.nodes).create('', { metadata: { name: 'new2' } });
  await settle(60);
  assert.equal(cidrOf(t, 'new2'), '10.42.2.0/24 10.42.2.0/24');
  await stop();
});

test('NodeIpamController releases on deletion and records CIDRNotAvailable when exhausted', async () => {
  const { t, client, start, stop, step, recorder } = await setup('10.42.0.0/23');
  const nodes = client.resource(resources.nodes);
  await start();
  for (const n of ['a', 'b', 'c']) await nodes.create('', { metadata: { name: n } });
  await settle(60);
  assert.deepEqual(['a', 'b', 'c'].map((n) => cidrOf(t, n)), ['10.42.0.0/24 10.42.0.0/24', '10.42.1.0/24 10.42.1.0/24', '']);
  await recorder.flush();
  const ev = t.list<Event>(resources.events).find((e) => e.reason === 'CIDRNotAvailable');
  assert.equal(ev?.message, 'Node c status is now: CIDRNotAvailable');
  assert.deepEqual([ev?.involvedObject.kind, ev?.involvedObject.name], ['Node', 'c']);
  await nodes.delete('', 'a');
  await step(30_000);
  assert.equal(cidrOf(t, 'c'), '10.42.0.0/24 10.42.0.0/24', 'the released CIDR went to the waiting node');
  await stop();
});

test('NodeIpamController rewrites the same CIDR after a failed write and gives it up when the node is gone', async () => {
  const { t, client, start, stop, step } = await setup('10.42.0.0/22');
  let fail = 1;
  t.addReactor((r) => (r.method === 'PATCH' && r.path.endsWith('/nodes/a') && fail-- > 0 ? { status: 500, headers: {}, body: Buffer.from('{}') } : undefined));
  await start();
  await client.resource(resources.nodes).create('', { metadata: { name: 'a' } });
  await step(1000);
  assert.equal(cidrOf(t, 'a'), '10.42.0.0/24 10.42.0.0/24');
  t.addReactor((r) => (r.method === 'PATCH' && r.path.endsWith('/nodes/gone') ? { status: 404, headers: {}, body: Buffer.from(JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound' })) } : undefined));
  await client.resource(resources.nodes).create('', { metadata: { name: 'gone' } });
  await step(1000);
  await client.resource(resources.nodes).create('', { metadata: { name: 'b' } });
  await step(1000);
  assert.equal(cidrOf(t, 'b'), '10.42.2.0/24 10.42.2.0/24', 'gone abandoned 10.42.1.0/24; round-robin moves on');
  const patches = t.requests.filter((r) => r.method === 'PATCH' && r.path === '/api/v1/nodes/a');
  assert.equal(patches.length, 2);
  assert.deepEqual(patches.map((p) => (p as { body: { spec: { podCIDR: string } } }).body.spec.podCIDR), ['10.42.0.0/24', '10.42.0.0/24']);
  await stop();
});
