// LimitRanger: the pure rules as tables, and the plugin with a real ApiServer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LimitRangeItem } from 'kubernetes-types/core/v1.js';
import { limitRanger } from './limit-ranger.js';
import { applyContainerDefaults, containerDefaults, defaultedItem, maxConstraint, maxRequestConstraint, minConstraint, podTotal, ratioConstraint, type PodSpecLike } from './limit-ranger-rules.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { attrs, rejects, seed, testServer } from './testkit.js';

test('constraints: Kubernetes\' messages, table', () => {
  const cases: [string | undefined, string | undefined][] = [
    [maxConstraint('Container', 'cpu', '1', { cpu: '500m' }, { cpu: '2' }), 'maximum cpu usage per Container is 1, but limit is 2'],
    [maxConstraint('Container', 'cpu', '1', { cpu: '1500m' }, { cpu: '1' }), 'maximum cpu usage per Container is 1, but request is 1500m'],
    [maxConstraint('Container', 'memory', '1Gi', {}, {}), 'maximum memory usage per Container is 1Gi.  No limit is specified'],
    [maxConstraint('Container', 'cpu', '1000m', {}, { cpu: 1 }), undefined],
    [minConstraint('Container', 'cpu', '100m', { cpu: '50m' }, {}), 'minimum cpu usage per Container is 100m, but request is 50m'],
    [minConstraint('Container', 'cpu', '100m', { cpu: '100m' }, { cpu: '0.05' }), 'minimum cpu usage per Container is 100m, but limit is 50m'],
    [minConstraint('Pod', 'memory', '64Mi', {}, {}), 'minimum memory usage per Pod is 64Mi.  No request is specified'],
    [ratioConstraint('Container', 'cpu', '2', { cpu: '100m' }, { cpu: '1' }), 'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000'],
    [ratioConstraint('Container', 'cpu', '2', { cpu: '500m' }, { cpu: '1' }), undefined],
    [ratioConstraint('Container', 'cpu', '2', {}, { cpu: '1' }), 'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0'],
    [ratioConstraint('Container', 'cpu', '2', { cpu: '1' }, {}), 'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0'],
    [maxRequestConstraint('PersistentVolumeClaim', 'storage', '5Gi', { storage: '10Gi' }), 'maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi'],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
});

test('defaultedItem: default from max, defaultRequest from default then min (Container items only)', () => {
  assert.deepEqual(defaultedItem({ type: 'Container', max: { cpu: '2' }, min: { memory: '10Mi' } } as LimitRangeItem),
    { type: 'Container', max: { cpu: '2' }, min: { memory: '10Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '10Mi' } });
  const pod = { type: 'Pod', max: { cpu: '2' } } as LimitRangeItem;
  assert.equal(defaultedItem(pod), pod);
});

test('applyContainerDefaults fills only what is missing and writes the annotation text', () => {
  const spec: PodSpecLike = { containers: [{ name: 'a', resources: { limits: { cpu: '1' } } }, { name: 'b' }], initContainers: [{ name: 'i' }] };
  const note = applyContainerDefaults(spec, containerDefaults([{ type: 'Container', default: { cpu: '500m', memory: '1Gi' }, defaultRequest: { cpu: '250m' } } as LimitRangeItem]));
  assert.deepEqual(spec.containers![0].resources, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } });
  assert.deepEqual(spec.containers![1].resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '250m' } });
  assert.equal(note, 'LimitRanger plugin set: cpu request for container a; memory limit for container a; cpu request for container b; cpu, memory limit for container b; cpu request for init container i; cpu, memory limit for init container i');
  assert.equal(applyContainerDefaults({ containers: [{ name: 'a' }] }, { limits: {}, requests: {} }), undefined);
});

test('podTotal sums containers and takes the largest init container', () => {
  const spec: PodSpecLike = { containers: [{ name: 'a', resources: { requests: { cpu: '200m' } } }, { name: 'b', resources: { requests: { cpu: '300m', memory: '1Gi' } } }], initContainers: [{ name: 'i', resources: { requests: { cpu: '1' } } }] };
  assert.deepEqual(podTotal(spec, 'requests'), { cpu: '1', memory: '1Gi' });
});

const PODS: [string, string, string] = ['', 'v1', 'pods'];
const PVCS: [string, string, string] = ['', 'v1', 'persistentvolumeclaims'];
let s: ApiServer;
before(async () => {
  s = await testServer();
  await seed(s, ['', 'v1', 'limitranges'],
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'lim' }, spec: { limits: [
      { type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' }, max: { cpu: '1' } },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '5Gi' } },
    ] } } as KObject,
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'max-only', namespace: 'caps' }, spec: { limits: [{ type: 'Container', max: { memory: '1Gi' } }] } } as KObject);
});
after(() => s.close());

const pod = (name: string, resources: Record<string, unknown> | undefined, ns = 'lim'): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { containers: [{ name: 'c', image: 'x', ...(resources ? { resources } : {}) }] } } as KObject);
const resources = (o: KObject) => (o.spec as { containers: { resources?: unknown }[] }).containers[0].resources;
const admit = (gvr: [string, string, string], o: KObject, over = {}) => limitRanger(s).admit(attrs(s, gvr, o, over));

test('a new pod gets the namespace\'s Container defaults and the limit-ranger annotation', async () => {
  const p = pod('x', undefined);
  await admit(PODS, p);
  assert.deepEqual(resources(p), { limits: { cpu: '500m' }, requests: { cpu: '250m' } });
  assert.equal(p.metadata!.annotations!['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu request for container c; cpu limit for container c');
});

test('a limit above the maximum is 403 with the plugin\'s message', async () => {
  await rejects(() => admit(PODS, pod('x', { limits: { cpu: '2' } })), 403, 'pods "x" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
});

test('requests default to limits before the LimitRange defaults, as Kubernetes\' decoding does', async () => {
  const p = pod('y', { limits: { cpu: '800m' } });
  await admit(PODS, p);
  assert.deepEqual(resources(p), { limits: { cpu: '800m' }, requests: { cpu: '800m' } });
});

test('a max alone defaults the limit (LimitRange API defaults), so pods without limits are accepted', async () => {
  const p = pod('z', undefined, 'caps');
  await admit(PODS, p);
  assert.deepEqual(resources(p), { limits: { memory: '1Gi' }, requests: { memory: '1Gi' } });
});

test('PersistentVolumeClaims are bounded by min and max storage, on create and update', async () => {
  const pvc = (storage: string): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'lim' }, spec: { resources: { requests: { storage } } } } as KObject);
  await admit(PVCS, pvc('2Gi'));
  await rejects(() => admit(PVCS, pvc('10Gi'), { operation: 'UPDATE', old: pvc('2Gi') }), 403,
    'persistentvolumeclaims "c" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi');
  await rejects(() => admit(PVCS, pvc('500Mi')), 403, 'persistentvolumeclaims "c" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
});

test('namespaces without LimitRanges, pod updates and subresources are left alone', async () => {
  for (const [p, over] of [[pod('a', undefined, 'free'), {}], [pod('b', { limits: { cpu: '9' } }), { operation: 'UPDATE' }], [pod('c', { limits: { cpu: '9' } }), { subresource: 'status' }]] as const) {
    await admit(PODS, p, over);
    assert.deepEqual(resources(p), (p.metadata!.name === 'a' ? undefined : { limits: { cpu: '9' } }));
  }
});
