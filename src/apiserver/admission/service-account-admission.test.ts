// ServiceAccount admission with a real ApiServer: default account, missing accounts, the token volume, mirror pods.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { serviceAccountAdmission, tokenVolume, TOKEN_MOUNT_PATH, type ServiceAccountAdmissionOptions } from './service-account-admission.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { attrs, rejects, seed, testServer } from './testkit.js';

const PODS: [string, string, string] = ['', 'v1', 'pods'];
const SAS: [string, string, string] = ['', 'v1', 'serviceaccounts'];
const sa = (name: string, ns: string, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, ...extra } as KObject);
const pod = (name: string, spec: Partial<PodSpec> = {}, ns = 'default', meta: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...meta }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } } as KObject);
const spec = (o: KObject) => o.spec as PodSpec;

let s: ApiServer;
before(async () => {
  s = await testServer();
  await seed(s, SAS, sa('default', 'default'), sa('robot', 'default', { imagePullSecrets: [{ name: 'regcred' }] }), sa('quiet', 'default', { automountServiceAccountToken: false }));
});
after(() => s.close());

const noWait: ServiceAccountAdmissionOptions = { sleep: async () => {}, suffix: () => 'abcde' };
const admit = (o: KObject, opts = noWait, over = {}) => serviceAccountAdmission(s, opts).admit(attrs(s, PODS, o, over));

test('a pod without an account runs as default and mounts kube-api-access-<suffix> in every container', async () => {
  const p = pod('p1', { initContainers: [{ name: 'i', image: 'x' }] });
  await admit(p);
  assert.equal(spec(p).serviceAccountName, 'default');
  assert.deepEqual(spec(p).volumes, [tokenVolume('kube-api-access-abcde')]);
  const mount = { name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
  assert.deepEqual(spec(p).containers[0].volumeMounts, [mount]);
  assert.deepEqual(spec(p).initContainers![0].volumeMounts, [mount]);
});

test('the token volume projects the bound token (3607 s), the cluster CA and the namespace', () => {
  assert.deepEqual(tokenVolume('v').projected!.sources, [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ]);
});

test('a missing account is 403 with Kubernetes\' message; the default account is retried before giving up', async () => {
  await rejects(() => admit(pod('p2', { serviceAccountName: 'nope' })), 403,
    'pods "p2" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found');
  let sleeps = 0;
  await rejects(() => admit(pod('p3', {}, 'fresh'), { ...noWait, sleep: async () => { sleeps++; } }), 403,
    'pods "p3" is forbidden: error looking up service account fresh/default: serviceaccount "default" not found');
  assert.equal(sleeps, 9); // ten live reads
  // a generated name is reported by its prefix, as admission sees it before the name exists
  await rejects(() => admit(pod('', { serviceAccountName: 'nope' }, 'default', { generateName: 'web-' })), 403, /^pods "web-" is forbidden: /);
});

test('the default account created while admission waits (the controller racing the pod) is found', async () => {
  const p = pod('p4', {}, 'racing');
  await admit(p, { ...noWait, sleep: async () => { await s.entry(...SAS).store!.create('racing', sa('default', 'racing')); } });
  assert.equal(spec(p).serviceAccountName, 'default');
});

test('automountServiceAccountToken: the pod\'s choice wins over the account\'s', async () => {
  const off = pod('p5', { automountServiceAccountToken: false });
  await admit(off);
  assert.equal(spec(off).volumes, undefined);
  const quiet = pod('p6', { serviceAccountName: 'quiet' });
  await admit(quiet);
  assert.equal(spec(quiet).volumes, undefined);
  const forced = pod('p7', { serviceAccountName: 'quiet', automountServiceAccountToken: true });
  await admit(forced);
  assert.equal(spec(forced).volumes?.length, 1);
});

test('containers that already mount the path are left alone; an existing kube-api-access volume is reused', async () => {
  const own = pod('p8', { containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }] }], volumes: [{ name: 'mine', emptyDir: {} }] });
  await admit(own);
  assert.deepEqual(spec(own).volumes, [{ name: 'mine', emptyDir: {} }]);
  const reuse = pod('p9', { volumes: [{ name: 'kube-api-access-zzzzz', emptyDir: {} }] });
  await admit(reuse);
  assert.equal(spec(reuse).volumes!.length, 1);
  assert.equal(spec(reuse).containers[0].volumeMounts![0].name, 'kube-api-access-zzzzz');
});

test('the account\'s imagePullSecrets are copied to a pod without any; the deprecated serviceAccount field is honoured', async () => {
  const p = pod('p10', { serviceAccount: 'robot' });
  await admit(p);
  assert.equal(spec(p).serviceAccountName, 'robot');
  assert.deepEqual(spec(p).imagePullSecrets, [{ name: 'regcred' }]);
  const own = pod('p11', { serviceAccountName: 'robot', imagePullSecrets: [{ name: 'mine' }] });
  await admit(own);
  assert.deepEqual(spec(own).imagePullSecrets, [{ name: 'mine' }]);
});

test('mirror pods are not mutated and may not reference accounts, secrets or token projections', async () => {
  const mirror = { 'kubernetes.io/config.mirror': 'x' };
  const plain = pod('m1', {}, 'default', { annotations: mirror });
  await admit(plain);
  assert.equal(spec(plain).serviceAccountName, undefined);
  await rejects(() => admit(pod('m2', { serviceAccountName: 'robot' }, 'default', { annotations: mirror })), 403, 'pods "m2" is forbidden: a mirror pod may not reference service accounts');
  await rejects(() => admit(pod('m3', { volumes: [{ name: 's', secret: { secretName: 'x' } }] }, 'default', { annotations: mirror })), 403, 'pods "m3" is forbidden: a mirror pod may not reference secrets');
  await rejects(() => admit(pod('m4', { volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }] }, 'default', { annotations: mirror })), 403,
    'pods "m4" is forbidden: a mirror pod may not use ServiceAccountToken volume projections');
});

test('only pod creates are admitted: updates and subresources pass as they are', async () => {
  for (const over of [{ operation: 'UPDATE' as const }, { subresource: 'status' }]) {
    const p = pod('u', { serviceAccountName: 'nope' });
    await admit(p, noWait, over);
    assert.equal(spec(p).volumes, undefined);
  }
});
