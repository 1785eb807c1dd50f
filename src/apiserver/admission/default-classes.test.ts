// DefaultStorageClass / DefaultIngressClass with a real ApiServer, and the choice among several defaults.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { defaultIngressClass, defaultStorageClass, pickDefault } from './default-classes.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { attrs, seed, testServer } from './testkit.js';

const SC = 'storageclass.kubernetes.io/is-default-class';
const IC = 'ingressclass.kubernetes.io/is-default-class';
const PVCS: [string, string, string] = ['', 'v1', 'persistentvolumeclaims'];
const INGS: [string, string, string] = ['networking.k8s.io', 'v1', 'ingresses'];

test('pickDefault: only annotated objects, the newest first, then the lower name', () => {
  const o = (name: string, t: string, def = true): KObject => ({ metadata: { name, creationTimestamp: t, annotations: def ? { d: 'true' } : {} } });
  const isDef = (x: KObject) => x.metadata?.annotations?.d === 'true';
  assert.equal(pickDefault([o('a', '2024-01-01T00:00:00Z'), o('b', '2024-02-01T00:00:00Z'), o('c', '2025-01-01T00:00:00Z', false)], isDef)?.metadata?.name, 'b');
  assert.equal(pickDefault([o('z', '2024-01-01T00:00:00Z'), o('m', '2024-01-01T00:00:00Z')], isDef)?.metadata?.name, 'm');
  assert.equal(pickDefault([o('a', '2024-01-01T00:00:00Z', false)], isDef), undefined);
});

let s: ApiServer;
before(async () => {
  s = await testServer();
  await seed(s, ['storage.k8s.io', 'v1', 'storageclasses'],
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local', annotations: { [SC]: 'true' } }, provisioner: 'p' } as KObject,
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'slow', annotations: { [SC]: 'false' } }, provisioner: 'p' } as KObject);
  await seed(s, ['networking.k8s.io', 'v1', 'ingressclasses'],
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { [IC]: 'true' } }, spec: { controller: 'c' } } as KObject);
});
after(() => s.close());

const pvc = (spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KObject =>
  ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default', ...(annotations ? { annotations } : {}) }, spec: { accessModes: ['ReadWriteOnce'], ...spec } } as KObject);
const ing = (spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KObject =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default', ...(annotations ? { annotations } : {}) }, spec } as KObject);
const cls = (o: KObject, f: string) => (o.spec as Record<string, unknown>)[f];

test('a claim without a class gets the default StorageClass; a named, empty or annotated class is kept', async () => {
  const cases: [KObject, unknown][] = [
    [pvc(), 'local'],
    [pvc({ storageClassName: 'slow' }), 'slow'],
    [pvc({ storageClassName: '' }), ''],
    [pvc({}, { 'volume.beta.kubernetes.io/storage-class': 'old' }), undefined],
  ];
  for (const [o, want] of cases) {
    await defaultStorageClass(s).admit(attrs(s, PVCS, o));
    assert.equal(cls(o, 'storageClassName'), want);
  }
});

test('an ingress without a class gets the default IngressClass unless it names one (field or annotation)', async () => {
  const cases: [KObject, unknown][] = [
    [ing(), 'nginx'],
    [ing({ ingressClassName: 'traefik' }), 'traefik'],
    [ing({}, { 'kubernetes.io/ingress.class': 'x' }), undefined],
  ];
  for (const [o, want] of cases) {
    await defaultIngressClass(s).admit(attrs(s, INGS, o));
    assert.equal(cls(o, 'ingressClassName'), want);
  }
});

test('updates and subresources are not defaulted', async () => {
  for (const over of [{ operation: 'UPDATE' as const }, { subresource: 'status' }]) {
    const o = pvc();
    await defaultStorageClass(s).admit(attrs(s, PVCS, o, over));
    assert.equal(cls(o, 'storageClassName'), undefined);
  }
});
