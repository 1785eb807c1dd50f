// NamespaceLifecycle admission with a real ApiServer over the memory backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { ApiServer } from '../server.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import type { AdmissionAttributes } from '../handlers/env.js';

const settle = () => new Promise<void>((r) => setImmediate(r));
let server: ApiServer;
before(async () => {
  server = new ApiServer({ backend: createMemoryBackend(), clock: new FakeClock(0), tls: { key: '', cert: '', ca: '' }, authenticate: () => undefined, serviceCIDR: '10.43.0.0/16' });
  await server.init();
  const ns = server.entry('', 'v1', 'namespaces').store!;
  for (const name of ['default', 'shop', 'closing']) await ns.create('', { metadata: { name } });
  await ns.delete('', 'closing');
  await settle();
});
after(() => server.close());

const attrs = (resource: string, over: Partial<AdmissionAttributes>, group = '', version = 'v1'): AdmissionAttributes =>
  ({ operation: 'CREATE', entry: server.entry(group, version, resource), namespace: 'shop', name: 'x', subresource: '', object: { metadata: { name: 'x' } }, user: { username: 'u', groups: [] }, dryRun: false, ...over });

async function refused(run: () => unknown, code: number, message: string): Promise<ApiError> {
  let err: unknown;
  try { await run(); } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected ${code}, got ${String(err)}`);
  assert.equal(err.code, code);
  assert.equal(err.message, message);
  return err;
}

test('the terminating namespace is marked Terminating with finalizers pending', async () => {
  const ns = await server.entry('', 'v1', 'namespaces').store!.get('', 'closing');
  assert.ok(ns.metadata!.deletionTimestamp);
  assert.equal((ns.status as { phase: string }).phase, 'Terminating');
});

test('creating in an existing namespace is allowed', async () => {
  await namespaceLifecycle(server).admit(attrs('configmaps', {}));
});

test('creating in a missing namespace is 404 namespaces "x" not found', async () => {
  await refused(() => namespaceLifecycle(server).admit(attrs('configmaps', { namespace: 'nowhere' })), 404, 'namespaces "nowhere" not found');
});

test('a namespace created a moment ago is found even before the cache sees it', async () => {
  await server.entry('', 'v1', 'namespaces').store!.create('', { metadata: { name: 'fresh' } });
  await namespaceLifecycle(server).admit(attrs('configmaps', { namespace: 'fresh' }));
});

test('creating in a terminating namespace is 403 with the NamespaceTerminating cause', async () => {
  const err = await refused(() => namespaceLifecycle(server).admit(attrs('deployments', { namespace: 'closing', name: 'web' }, 'apps')), 403,
    'deployments.apps "web" is forbidden: unable to create new content in namespace closing because it is being terminated');
  assert.equal(err.reason, 'Forbidden');
  assert.deepEqual(err.details?.causes, [{ reason: 'NamespaceTerminating', message: 'namespace closing is being terminated', field: 'metadata.namespace' }]);
  assert.equal(err.details?.group, 'apps');
});

test('updates and deletes inside a terminating namespace are allowed (finalizers must be able to run)', async () => {
  await namespaceLifecycle(server).admit(attrs('configmaps', { namespace: 'closing', operation: 'UPDATE' }));
  await namespaceLifecycle(server).admit(attrs('configmaps', { namespace: 'closing', operation: 'DELETE', object: undefined }));
});

test('cluster-scoped resources are not subject to namespaces', async () => {
  await namespaceLifecycle(server).admit(attrs('clusterroles', { namespace: '' }, 'rbac.authorization.k8s.io'));
});

test('default, kube-system and kube-public may not be deleted; other namespaces may', async () => {
  for (const name of ['default', 'kube-system', 'kube-public']) {
    const err = await refused(() => namespaceLifecycle(server).admit(attrs('namespaces', { operation: 'DELETE', namespace: '', name, object: undefined })), 403,
      `namespaces "${name}" is forbidden: this namespace may not be deleted`);
    assert.deepEqual(err.details, { kind: 'namespaces', name });
  }
  await namespaceLifecycle(server).admit(attrs('namespaces', { operation: 'DELETE', namespace: '', name: 'shop', object: undefined }));
  await namespaceLifecycle(server).admit(attrs('namespaces', { operation: 'DELETE', namespace: '', name: 'kube-node-lease', object: undefined }));
});
