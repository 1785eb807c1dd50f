import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdSpec, resourceInfoFor, type CRDSpec } from './resource-info.js';

const spec: CRDSpec = {
  group: 'example.com', scope: 'Namespaced',
  names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
  versions: [
    { name: 'v1', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
    { name: 'v1beta1', served: true, storage: false },
  ],
};

test('resourceInfoFor defaults singular and listKind from the kind', () => {
  const i = resourceInfoFor(spec, spec.versions[1]!);
  assert.equal(i.singular, 'widget');
  assert.equal(i.listKind, 'WidgetList');
  assert.equal(i.namespaced, true);
  assert.deepEqual(i.subresources, []);
  assert.deepEqual(i.shortNames, ['wd']);
  assert.deepEqual(i.categories, ['all']);
  assert.deepEqual([...i.verbs].sort(), ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
});

test('resourceInfoFor keeps explicit names and maps Cluster scope', () => {
  const s: CRDSpec = { ...spec, scope: 'Cluster', names: { plural: 'gadgets', singular: 'gizmo', kind: 'Gadget', listKind: 'GadgetCollection' } };
  const i = resourceInfoFor(s, { name: 'v2' });
  assert.deepEqual({ g: i.group, v: i.version, r: i.resource, s: i.singular, k: i.kind, l: i.listKind, n: i.namespaced },
    { g: 'example.com', v: 'v2', r: 'gadgets', s: 'gizmo', k: 'Gadget', l: 'GadgetCollection', n: false });
});

test('resourceInfoFor serves status with the parent kind and scale as autoscaling/v1 Scale', () => {
  const i = resourceInfoFor(spec, spec.versions[0]!);
  assert.deepEqual(i.subresources, [
    { name: 'status', verbs: ['get', 'patch', 'update'] },
    { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
  ]);
});

test('crdSpec returns the object spec', () => {
  assert.equal(crdSpec({ spec } as never), spec);
});
