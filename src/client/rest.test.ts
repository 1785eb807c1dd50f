import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiError } from '../machinery/errors.js';
import { Client } from './rest.js';
import { resources, resourcePath } from './resources.js';
import { FakeTransport } from './testing/fake.js';
import { apiErrorFromResponse } from './status.js';

const pod = (name: string, labels: Record<string, string> = {}): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

test('resourcePath builds core, group, namespaced, cluster and subresource paths', () => {
  assert.equal(resourcePath(resources.pods, 'ns', 'p', 'status'), '/api/v1/namespaces/ns/pods/p/status');
  assert.equal(resourcePath(resources.pods, ''), '/api/v1/pods');
  assert.equal(resourcePath(resources.nodes, 'ignored', 'n1'), '/api/v1/nodes/n1');
  assert.equal(resourcePath(resources.deployments, 'd'), '/apis/apps/v1/namespaces/d/deployments');
  assert.equal(resourcePath(resources.leases, 'kube-system', 'x'), '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x');
});

test('ResourceClient create/get/update round-trips and stale update throws 409 ApiError', async () => {
  const c = new Client(new FakeTransport());
  const pods = c.resource(resources.pods);
  const created = await pods.create('default', pod('a'));
  assert.equal(created.metadata?.namespace, 'default');
  assert.ok(created.metadata?.uid);
  const got = await pods.get('default', 'a');
  const updated = await pods.update('default', { ...got, metadata: { ...got.metadata, labels: { x: '1' } } });
  assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);
  await assert.rejects(pods.update('default', got), (e: unknown) => e instanceof ApiError && e.code === 409 && e.reason === 'Conflict'
    && e.message === 'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again');
  await assert.rejects(pods.get('default', 'nope'), (e: unknown) => e instanceof ApiError && e.code === 404 && e.message === 'pods "nope" not found' && e.details?.name === 'nope');
  await assert.rejects(pods.create('default', pod('a')), (e: unknown) => e instanceof ApiError && e.code === 409 && e.reason === 'AlreadyExists');
});

test('ResourceClient.list pages with limit/continue and filters by label selector', async () => {
  const c = new Client(new FakeTransport());
  const pods = c.resource(resources.pods);
  for (const n of ['a', 'b', 'c']) await pods.create('default', pod(n, { app: n === 'c' ? 'other' : 'web' }));
  const p1 = await pods.list('default', { limit: 2 });
  assert.deepEqual(p1.items.map((p) => p.metadata?.name), ['a', 'b']);
  assert.ok(p1.metadata.continue);
  const p2 = await pods.list('default', { limit: 2, continue: p1.metadata.continue });
  assert.deepEqual(p2.items.map((p) => p.metadata?.name), ['c']);
  assert.equal(p2.metadata.continue, undefined);
  assert.equal(p2.metadata.resourceVersion, p1.metadata.resourceVersion);
  assert.deepEqual((await pods.list('', { labelSelector: 'app=web' })).items.map((p) => p.metadata?.name), ['a', 'b']);
});

test('ResourceClient.patch sends the right content type for each patch type', async () => {
  const t = new FakeTransport();
  const pods = new Client(t).resource(resources.pods);
  await pods.create('default', pod('a'));
  await pods.patch('default', 'a', 'merge', { metadata: { labels: { m: '1' } } });
  await pods.patch('default', 'a', 'json', [{ op: 'add', path: '/metadata/labels/j', value: '2' }]);
  const p = await pods.patch('default', 'a', 'strategic', { metadata: { labels: { s: '3' } } }, { fieldManager: 'me' });
  assert.deepEqual(p.metadata?.labels, { m: '1', j: '2', s: '3' });
  const patches = t.requests.filter((r) => r.method === 'PATCH') as { contentType?: string; query?: Record<string, unknown> }[];
  assert.deepEqual(patches.map((r) => r.contentType), ['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json']);
  assert.equal(patches[2]!.query?.fieldManager, 'me');
  await pods.patch('default', 'a', 'merge', { status: { phase: 'Running' } }, { subresource: 'status' });
  assert.equal((await pods.get('default', 'a')).status?.phase, 'Running');
});

test('ResourceClient.delete honours preconditions; binding sets nodeName once', async () => {
  const pods = new Client(new FakeTransport()).resource(resources.pods);
  const a = await pods.create('default', pod('a'));
  await pods.createSubresource('default', 'a', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'a' }, target: { kind: 'Node', name: 'n1' } });
  assert.equal((await pods.get('default', 'a')).spec?.nodeName, 'n1');
  await assert.rejects(pods.createSubresource('default', 'a', 'binding', { target: { name: 'n2' } }), { code: 409 });
  await assert.rejects(pods.delete('default', 'a', { preconditions: { uid: 'other' } }), { code: 409 });
  await pods.delete('default', 'a', { preconditions: { uid: a.metadata!.uid! } });
  await assert.rejects(pods.get('default', 'a'), { code: 404 });
});

test('ResourceClient.watch delivers events and rejects a compacted resourceVersion with an ERROR 410 event', async () => {
  const t = new FakeTransport();
  const pods = new Client(t).resource(resources.pods);
  const a = await pods.create('default', pod('a'));
  const seen: string[] = [];
  const h = await pods.watch('default', { resourceVersion: a.metadata!.resourceVersion }, (e) => seen.push(`${e.type} ${e.object.metadata?.name}`));
  await pods.create('default', pod('b'));
  await pods.delete('default', 'a');
  h.stop();
  assert.deepEqual(await h.ended, {});
  assert.deepEqual(seen, ['ADDED b', 'DELETED a']);
  t.compact();
  const errs: unknown[] = [];
  const h2 = await pods.watch('default', { resourceVersion: '1' }, (e) => errs.push(e));
  await h2.ended;
  assert.equal((errs[0] as { type: string; object: { code: number } }).object.code, 410);
});

test('apiErrorFromResponse uses the Status body, or a generic message for a bare status', () => {
  const e = apiErrorFromResponse({ status: 422, headers: {}, body: Buffer.from(JSON.stringify({ kind: 'Status', code: 422, reason: 'Invalid', message: 'bad', details: { name: 'x' } })) });
  assert.equal(e.code, 422); assert.equal(e.reason, 'Invalid'); assert.equal(e.message, 'bad'); assert.equal(e.details?.name, 'x');
  const g = apiErrorFromResponse({ status: 404, headers: {}, body: Buffer.from('404 page not found') });
  assert.equal(g.reason, 'NotFound'); assert.equal(g.message, 'the server could not find the requested resource');
  const u = apiErrorFromResponse({ status: 502, headers: {}, body: Buffer.alloc(0) });
  assert.equal(u.message, 'the server responded with the status code 502 but did not return more information');
});
