import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { alreadyExists } from '../../machinery/errors.js';
import { Client, Informer, resources } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { ServiceAccountsController } from './controller.js';

async function setup() {
  const clock = new FakeClock();
  const t = new FakeTransport({ clock });
  const client = new Client(t);
  const namespaces = new Informer<Namespace>(client.resource(resources.namespaces), { clock });
  const serviceAccounts = new Informer<ServiceAccount>(client.resource(resources.serviceAccounts), { clock });
  const runner = new Runner({ reconciler: new ServiceAccountsController({ client, namespaces, serviceAccounts }), clock });
  const start = async () => { namespaces.start(); serviceAccounts.start(); await runner.start(); await settle(40); };
  const stop = async () => { await runner.stop(); namespaces.stop(); serviceAccounts.stop(); };
  return { t, client, start, stop };
}

const names = (t: FakeTransport) => t.list<ServiceAccount>(resources.serviceAccounts).map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`).sort();

test('ServiceAccountsController creates default in active namespaces only, and re-creates it when deleted', async () => {
  const { t, client, start, stop } = await setup();
  t.seed(resources.namespaces, { metadata: { name: 'a' }, status: { phase: 'Active' } });
  t.seed(resources.namespaces, { metadata: { name: 'b' }, status: { phase: 'Active' } });
  t.seed(resources.serviceAccounts, { metadata: { name: 'default', namespace: 'b' } });
  t.seed(resources.namespaces, { metadata: { name: 'dying', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['x'] }, status: { phase: 'Terminating' } });
  await start();
  assert.deepEqual(names(t), ['a/default', 'b/default']);
  await client.resource(resources.serviceAccounts).delete('a', 'default');
  await settle(40);
  assert.deepEqual(names(t), ['a/default', 'b/default']);
  await client.resource(resources.namespaces).create('', { metadata: { name: 'c' } });
  await settle(40);
  assert.deepEqual(names(t), ['a/default', 'b/default', 'c/default']);
  await stop();
});

test('ServiceAccountsController treats AlreadyExists as success', async () => {
  const { t, start, stop } = await setup();
  t.addReactor((r) => (r.method === 'POST' && r.path.endsWith('/serviceaccounts') ? alreadyExists({ group: '', resource: 'serviceaccounts' }, 'default') : undefined));
  t.seed(resources.namespaces, { metadata: { name: 'a' } });
  await start();
  const posts = t.requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 1, 'no retry loop');
  await stop();
});
