import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTolerations } from './tolerations.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { KObject } from '../../api/types.js';
import { BUILTIN_RESOURCES } from '../resources.js';

interface Toleration { key?: string; operator?: string; effect?: string; tolerationSeconds?: number; value?: string }
const podsInfo = BUILTIN_RESOURCES.find((r) => r.group === '' && r.resource === 'pods')!;
const pod = (tolerations?: Toleration[]): KObject => ({ metadata: { name: 'p' }, spec: { containers: [], ...(tolerations ? { tolerations } : {}) } });
const attrs = (object: KObject, over: Partial<AdmissionAttributes> = {}): AdmissionAttributes =>
  ({ operation: 'CREATE', entry: { info: podsInfo }, namespace: 'default', name: 'p', subresource: '', object, user: { username: 'u', groups: [] }, dryRun: false, ...over });
const tols = (o: KObject) => (o.spec as { tolerations?: Toleration[] }).tolerations;
const NOT_READY = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

test('pods get 300 s NoExecute tolerations for not-ready and unreachable nodes', () => {
  const p = pod();
  defaultTolerations().admit(attrs(p));
  assert.deepEqual(tols(p), [NOT_READY, UNREACHABLE]);
});

test('the tolerations are added once, even when admission runs again', () => {
  const p = pod([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  defaultTolerations().admit(attrs(p));
  defaultTolerations().admit(attrs(p));
  assert.deepEqual(tols(p), [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }, NOT_READY, UNREACHABLE]);
});

test('a pod\'s own toleration for a key (NoExecute or any effect) is kept and not duplicated', () => {
  const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
  const p = pod([own, { key: 'node.kubernetes.io/unreachable', operator: 'Exists' }]);
  defaultTolerations().admit(attrs(p));
  assert.deepEqual(tols(p), [own, { key: 'node.kubernetes.io/unreachable', operator: 'Exists' }]);
});

test('a NoSchedule toleration for not-ready does not count: the NoExecute default is still added', () => {
  const p = pod([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }]);
  defaultTolerations().admit(attrs(p));
  assert.deepEqual(tols(p)!.slice(1), [NOT_READY, UNREACHABLE]);
});

test('a tolerate-everything toleration (empty key, Exists) means nothing is added', () => {
  const p = pod([{ operator: 'Exists' }]);
  defaultTolerations().admit(attrs(p));
  assert.deepEqual(tols(p), [{ operator: 'Exists' }]);
});

test('the period is configurable', () => {
  const p = pod();
  defaultTolerations(60).admit(attrs(p));
  assert.deepEqual(tols(p)!.map((t) => t.tolerationSeconds), [60, 60]);
});

test('updates, subresources and other resources are left alone', () => {
  const cms = BUILTIN_RESOURCES.find((r) => r.group === '' && r.resource === 'configmaps')!;
  for (const over of [{ operation: 'UPDATE' as const }, { subresource: 'status' }, { entry: { info: cms } }]) {
    const p = pod();
    defaultTolerations().admit(attrs(p, over));
    assert.equal(tols(p), undefined);
  }
});
