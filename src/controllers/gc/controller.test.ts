import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client, Informer, resources, type GVR } from '../../client/index.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { Runner } from '../framework/index.js';
import { GarbageCollector, gcRelevantChange } from './controller.js';

/** The fake ignores propagationPolicy: add the finalizer the API server would, then let the fake mark deletion. */
function emulatePropagation(t: FakeTransport): void {
  t.addReactor(async (r) => {
    const policy = (r.body as { propagationPolicy?: string } | undefined)?.propagationPolicy;
    if (r.method !== 'DELETE' || (policy !== 'Foreground' && policy !== 'Orphan')) return undefined;
    const fin = policy === 'Foreground' ? 'foregroundDeletion' : 'orphan';
    const cur = await t.request({ method: 'GET', path: r.path });
    const obj = JSON.parse(cur.body.toString()) as KObject;
    if (cur.status === 200 && !obj.metadata?.finalizers?.includes(fin)) {
      await t.request({ method: 'PATCH', path: r.path, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: [...(obj.metadata?.finalizers ?? []), fin] } } });
    }
    return undefined;
  });
}

async function setup(gvrs: GVR[] = [resources.deployments, resources.replicaSets, resources.pods, resources.leases]) {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const t = new FakeTransport({ clock });
  emulatePropagation(t);
  const client = new Client(t);
  const informers = gvrs.map((g) => new Informer<KObject>(client.resource(g), { clock }));
  const gc = new GarbageCollector({ client, informers });
  const runner = new Runner({ reconciler: gc, clock });
  const start = async () => { for (const i of informers) i.start(); await runner.start(); await settle(80); };
  const stop = async () => { await runner.stop(); for (const i of informers) i.stop(); };
  return { t, client, start, stop };
}

const owner = (o: KObject, blockOwnerDeletion = true) => ({ apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata!.name!, uid: o.metadata!.uid!, controller: true, blockOwnerDeletion });

function seedTree(t: FakeTransport) {
  const d = t.seed(resources.deployments, { metadata: { name: 'web', namespace: 'ns' }, spec: {} }) as KObject;
  const rs = t.seed(resources.replicaSets, { metadata: { name: 'web-1', namespace: 'ns', ownerReferences: [owner(d)] }, spec: {} }) as KObject;
  const pods = ['a', 'b'].map((n) => t.seed(resources.pods, { metadata: { name: `web-1-${n}`, namespace: 'ns', ownerReferences: [owner(rs)] }, spec: {} }) as KObject);
  return { d, rs, pods };
}

test('GarbageCollector background: deleting the owner deletes ReplicaSets and then pods', async () => {
  const { t, client, start, stop } = await setup();
  seedTree(t);
  await start();
  assert.equal(t.list(resources.pods).length, 2, 'nothing collected while owners live');
  await client.resource(resources.deployments).delete('ns', 'web', { propagationPolicy: 'Background' });
  await settle(80);
  assert.deepEqual(t.list(resources.replicaSets), []);
  assert.deepEqual(t.list(resources.pods), []);
  const del = t.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/pods/'));
  assert.ok(del.every((r) => (r as { body?: { preconditions?: { uid?: string } } }).body?.preconditions?.uid), 'uid precondition on every delete');
  await stop();
});

test('GarbageCollector orphan: dependents lose the ownerReference, then the owner goes', async () => {
  const { t, client, start, stop } = await setup();
  const { rs } = seedTree(t);
  await start();
  await client.resource(resources.replicaSets).delete('ns', 'web-1', { propagationPolicy: 'Orphan' });
  await settle(80);
  assert.equal(t.get(resources.replicaSets, 'ns', 'web-1'), undefined, 'owner deleted once its finalizer is removed');
  const pods = t.list<KObject>(resources.pods);
  assert.equal(pods.length, 2);
  for (const p of pods) assert.ok(!(p.metadata?.ownerReferences ?? []).some((r) => r.uid === rs.metadata!.uid));
  await stop();
});

test('GarbageCollector foreground: the owner stays until its blocking dependents are gone', async () => {
  const { t, client, start, stop } = await setup();
  const { pods } = seedTree(t);
  await client.resource(resources.pods).patch('ns', pods[0]!.metadata!.name!, 'merge', { metadata: { finalizers: ['example.com/hold'] } });
  await start();
  await client.resource(resources.deployments).delete('ns', 'web', { propagationPolicy: 'Foreground' });
  await settle(80);
  const d = t.get<KObject>(resources.deployments, 'ns', 'web');
  const rs = t.get<KObject>(resources.replicaSets, 'ns', 'web-1');
  assert.ok(d?.metadata?.deletionTimestamp && rs?.metadata?.deletionTimestamp, 'owner and RS wait, marked for deletion');
  assert.deepEqual(rs.metadata?.finalizers, ['foregroundDeletion'], 'RS deleted with Foreground since it has dependents');
  assert.equal(t.list(resources.pods).length, 1, 'the held pod stays, the other is gone');
  await client.resource(resources.pods).patch('ns', pods[0]!.metadata!.name!, 'merge', { metadata: { finalizers: null } });
  await settle(80);
  assert.deepEqual(t.list(resources.pods), []);
  assert.equal(t.get(resources.replicaSets, 'ns', 'web-1'), undefined);
  assert.equal(t.get(resources.deployments, 'ns', 'web'), undefined);
  await stop();
});

test('GarbageCollector confirms missing owners with a live GET and keeps dependents of unknown kinds', async () => {
  const { t, start, stop } = await setup([resources.pods, resources.leases]);
  const node = t.seed(resources.nodes, { metadata: { name: 'n1' } }) as KObject;
  t.seed(resources.leases, { metadata: { name: 'n1', namespace: 'kube-node-lease', ownerReferences: [{ ...owner(node), controller: false }] }, spec: {} });
  t.seed(resources.pods, { metadata: { name: 'stray', namespace: 'ns', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'u-gone', controller: true }] }, spec: {} });
  t.seed(resources.pods, { metadata: { name: 'custom', namespace: 'ns', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'u-w' }] }, spec: {} });
  await start();
  assert.ok(t.get(resources.leases, 'kube-node-lease', 'n1'), 'owner exists though no informer watches nodes');
  assert.equal(t.get(resources.pods, 'ns', 'stray'), undefined, 'dangling owner → deleted');
  assert.ok(t.get(resources.pods, 'ns', 'custom'), 'custom-resource owners are not collected');
  await stop();
});

test('GarbageCollector drops only the dangling reference when another owner lives, re-reading on a conflict', async () => {
  const { t, start, stop } = await setup();
  let conflicts = 1;
  t.addReactor((r) => (r.method === 'PATCH' && conflicts-- > 0
    ? { status: 409, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ kind: 'Status', code: 409, reason: 'Conflict', message: 'the object has been modified' })) } : undefined));
  const d = t.seed(resources.deployments, { metadata: { name: 'live', namespace: 'ns' }, spec: {} }) as KObject;
  t.seed(resources.replicaSets, { metadata: { name: 'rs', namespace: 'ns', ownerReferences: [owner(d, false), { apiVersion: 'apps/v1', kind: 'Deployment', name: 'old', uid: 'u-old' }] }, spec: {} });
  await start();
  const rs = t.get<KObject>(resources.replicaSets, 'ns', 'rs');
  assert.deepEqual(rs?.metadata?.ownerReferences?.map((r) => r.uid), [d.metadata!.uid]);
  assert.equal(conflicts, -1, 'the first patch met a conflict; the retry read the object again (no backoff wait)');
  await stop();
});

test('only ownership and deletion changes are relevant to the collector', () => {
  const base: KObject = { metadata: { uid: 'u1', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'o1' }] }, spec: { renewTime: 'a' } };
  assert.equal(gcRelevantChange(base, { ...base, spec: { renewTime: 'b' } }), false);
  assert.equal(gcRelevantChange(base, { ...base, metadata: { ...base.metadata, ownerReferences: [] } }), true);
  assert.equal(gcRelevantChange(base, { ...base, metadata: { ...base.metadata, deletionTimestamp: 't' } }), true);
  assert.equal(gcRelevantChange(base, { ...base, metadata: { ...base.metadata, finalizers: ['foregroundDeletion'] } }), true);
});

test('GarbageCollector verifies an absent owner once, however many dependents point at it', async () => {
  const { t, start, stop } = await setup([resources.pods]);
  const gone = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid-gone', controller: true };
  for (const n of ['a', 'b', 'c', 'd', 'e']) t.seed(resources.pods, { metadata: { name: `web-1-${n}`, namespace: 'ns', ownerReferences: [gone] }, spec: {} });
  await start();
  await settle(80);
  assert.deepEqual(t.list(resources.pods), [], 'orphans of a deleted owner are collected');
  const gets = t.requests.filter((r) => r.method === 'GET' && r.path.includes('/replicasets/web-1'));
  assert.equal(gets.length, 1, 'one live lookup of the absent owner');
  await stop();
});
