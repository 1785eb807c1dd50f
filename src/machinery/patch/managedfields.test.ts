import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject, ManagedFieldsEntry } from '../../api/types.js';
import type { GVK, ListInfo } from './listtypes.js';
import { updateManagedFields } from './managedfields.js';

const gvk: GVK = { group: 'apps', version: 'v1', kind: 'Deployment' };
function listInfo(_gvk: GVK, path: string[]): ListInfo | undefined {
  const name = path[path.length - 1];
  return name === 'containers' || name === 'env' ? { type: 'map', keys: ['name'] } : undefined;
}
const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';

function deployment(image: string, replicas = 1, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5', generation: 1, creationTimestamp: T0, labels: { app: 'web' } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } } },
    status: { replicas: 1 },
    ...extra,
  };
}
const entry = (mf: ManagedFieldsEntry[], manager: string) => mf.find((e) => e.manager === manager);

test('updateManagedFields on create gives the creator every field, minus server metadata and status', () => {
  const mf = updateManagedFields({ updated: deployment('nginx:1.25'), manager: 'kubectl-client-side-apply', operation: 'Update', gvk, now: T0, listInfo });
  assert.deepEqual(mf, [{
    manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {}, 'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    },
  }]);
});

test('updateManagedFields: kubectl-edit changing the image takes it from kubectl-client-side-apply', () => {
  const live = deployment('nginx:1.25');
  live.metadata!.managedFields = updateManagedFields({ updated: live, manager: 'kubectl-client-side-apply', operation: 'Update', gvk, now: T0, listInfo });
  const updated = deployment('nginx:1.26');
  updated.metadata!.managedFields = live.metadata!.managedFields; // kubectl edit sends back what it read
  const mf = updateManagedFields({ live, updated, manager: 'kubectl-edit', operation: 'Update', gvk, now: T1, listInfo });
  assert.deepEqual(mf.map((e) => e.manager), ['kubectl-client-side-apply', 'kubectl-edit']);
  const edit = entry(mf, 'kubectl-edit')!;
  assert.equal(edit.time, T1);
  assert.deepEqual(edit.fieldsV1, { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } } });
  const csa = entry(mf, 'kubectl-client-side-apply')!;
  assert.equal(csa.time, T0);
  const c = (csa.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'];
  assert.deepEqual(c, { '.': {}, 'f:name': {} });
});

test('updateManagedFields: a no-op update adds no entry and keeps times', () => {
  const live = deployment('nginx');
  live.metadata!.managedFields = updateManagedFields({ updated: live, manager: 'a', operation: 'Update', gvk, now: T0, listInfo });
  const updated = { ...deployment('nginx'), metadata: { ...deployment('nginx').metadata, resourceVersion: '6' } };
  const mf = updateManagedFields({ live, updated, manager: 'b', operation: 'Update', gvk, now: T1, listInfo });
  assert.deepEqual(mf, live.metadata!.managedFields);
});

test('updateManagedFields: entries that lose all fields disappear; removed fields leave every owner', () => {
  const live = deployment('nginx');
  live.metadata!.managedFields = [
    { manager: 'a', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    { manager: 'b', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } },
  ];
  const updated = deployment('nginx', 3);
  delete updated.metadata!.labels;
  const mf = updateManagedFields({ live, updated, manager: 'c', operation: 'Update', gvk, now: T1, listInfo });
  assert.deepEqual(mf.map((e) => [e.manager, e.fieldsV1]), [['c', { 'f:spec': { 'f:replicas': {} } }]]);
});

test('updateManagedFields keeps entries per manager, operation, apiVersion and subresource', () => {
  const live = deployment('nginx');
  live.metadata!.managedFields = updateManagedFields({ updated: live, manager: 'ctrl', operation: 'Update', gvk, now: T0, listInfo });
  const updated = deployment('nginx', 1, { status: { replicas: 1, readyReplicas: 1 } });
  const mf = updateManagedFields({ live, updated, manager: 'ctrl', operation: 'Update', subresource: 'status', gvk, now: T1, listInfo });
  assert.equal(mf.length, 2);
  assert.deepEqual(mf[1], { manager: 'ctrl', operation: 'Update', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:readyReplicas': {} } }, subresource: 'status' });
});

test('updateManagedFields: the same manager accumulates fields and its time moves', () => {
  const live = deployment('nginx');
  live.metadata!.managedFields = updateManagedFields({ updated: live, manager: 'a', operation: 'Update', gvk, now: T0, listInfo });
  const updated = deployment('nginx', 1, {});
  (updated.spec as any).paused = true;
  const mf = updateManagedFields({ live, updated, manager: 'a', operation: 'Update', gvk, now: T1, listInfo });
  assert.equal(mf.length, 1);
  assert.equal(mf[0].time, T1);
  assert.deepEqual((mf[0].fieldsV1 as any)['f:spec']['f:paused'], {});
  assert.deepEqual((mf[0].fieldsV1 as any)['f:spec']['f:replicas'], {});
});

test('updateManagedFields: a request with managedFields [] clears them; a different list replaces them', () => {
  const live = deployment('nginx');
  live.metadata!.managedFields = updateManagedFields({ updated: live, manager: 'a', operation: 'Update', gvk, now: T0, listInfo });
  const cleared = deployment('nginx', 2);
  cleared.metadata!.managedFields = [];
  assert.deepEqual(updateManagedFields({ live, updated: cleared, manager: 'b', operation: 'Update', gvk, now: T1, listInfo }), []);
  const edited = deployment('nginx');
  edited.metadata!.managedFields = [{ manager: 'x', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:paused': {} } } }];
  assert.deepEqual(updateManagedFields({ live, updated: edited, manager: 'b', operation: 'Update', gvk, now: T1, listInfo }), edited.metadata!.managedFields);
});
