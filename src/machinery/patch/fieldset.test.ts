import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GVK, ListInfo } from './listtypes.js';
import {
  compareObjects, difference, fieldSetOf, formatPath, fromFieldsV1, intersection, newFieldSet, recursiveDifference, Schema,
  setPaths, toFieldsV1, union,
} from './fieldset.js';

export const deployGvk: GVK = { group: 'apps', version: 'v1', kind: 'Deployment' };
/** The list table these tests rely on, independent of listtypes.ts progress. */
export function testListInfo(_gvk: GVK, path: string[]): ListInfo | undefined {
  const last = path.slice(-2).join('.');
  if (last.endsWith('containers') || last.endsWith('initContainers')) return { type: 'map', keys: ['name'] };
  if (last === 'containers.env' || last.endsWith('.env')) return { type: 'map', keys: ['name'] };
  if (last.endsWith('.ports')) return { type: 'map', keys: ['containerPort', 'protocol'] };
  if (path.join('.') === 'metadata.finalizers') return { type: 'set' };
  return undefined;
}
const schema = new Schema({ gvk: deployGvk, listInfo: testListInfo });

test('fieldSetOf builds FieldsV1 with keyed items, set items and atomic lists', () => {
  const obj = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx', args: ['-x'], ports: [{ containerPort: 80 }] }] } } },
  };
  assert.deepEqual(toFieldsV1(fieldSetOf(obj, schema)), {
    'f:apiVersion': {}, 'f:kind': {},
    'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:labels': { 'f:app': {} }, 'f:name': {} },
    'f:spec': {
      'f:replicas': {},
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': {
        '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {},
        'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
      } } } },
    },
  });
});

test('fieldSetOf treats LabelSelector-shaped maps as atomic and empty maps as leaves', () => {
  const s = fieldSetOf({ spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { securityContext: {} } } } }, schema);
  assert.deepEqual(toFieldsV1(s), { 'f:spec': { 'f:selector': {}, 'f:template': { 'f:spec': { 'f:securityContext': {} } } } });
});

test('FieldsV1 round-trips, including "." members with children', () => {
  const v1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } };
  assert.deepEqual(toFieldsV1(fromFieldsV1(v1)), v1);
});

test('set operations follow SMD: difference is path by path, recursiveDifference drops subtrees', () => {
  const a = newFieldSet(['f:spec', 'f:replicas'], ['f:spec', 'f:paused'], ['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:app']);
  const b = newFieldSet(['f:spec', 'f:replicas'], ['f:metadata', 'f:labels']);
  assert.deepEqual(setPaths(difference(a, b)), [['f:metadata', 'f:labels', 'f:app'], ['f:spec', 'f:paused']]);
  assert.deepEqual(setPaths(recursiveDifference(a, b)), [['f:spec', 'f:paused']]);
  assert.deepEqual(setPaths(intersection(a, b)), [['f:metadata', 'f:labels'], ['f:spec', 'f:replicas']]);
  assert.equal(setPaths(union(a, b)).length, 4);
});

test('formatPath prints paths as the conflict message does', () => {
  assert.equal(formatPath(['f:spec', 'f:replicas']), '.spec.replicas');
  assert.equal(formatPath(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']), '.spec.containers[name="web"].image');
  assert.equal(formatPath(['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}']), '.ports[containerPort=80,protocol="TCP"]');
  assert.equal(formatPath(['f:metadata', 'f:finalizers', 'v:"x"']), '.metadata.finalizers[="x"]');
  assert.equal(formatPath(['f:args', 'i:2']), '.args[2]');
});

test('compareObjects reports added, modified and removed leaves and items', () => {
  const l = { metadata: { labels: { app: 'web' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } } };
  const r = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'a', image: 'x2' }, { name: 'c', image: 'z' }] } } } };
  const c = compareObjects(l, r, schema);
  const cs = 'f:spec.f:template.f:spec.f:containers'.split('.');
  assert.deepEqual(setPaths(c.modified), [['f:spec', 'f:replicas'], [...cs, 'k:{"name":"a"}', 'f:image']]);
  assert.deepEqual(setPaths(c.added), [['f:metadata', 'f:labels', 'f:tier'], [...cs, 'k:{"name":"c"}'], [...cs, 'k:{"name":"c"}', 'f:image'], [...cs, 'k:{"name":"c"}', 'f:name']]);
  assert.deepEqual(setPaths(c.removed), [[...cs, 'k:{"name":"b"}'], [...cs, 'k:{"name":"b"}', 'f:image'], [...cs, 'k:{"name":"b"}', 'f:name']]);
});

test('compareObjects marks new scalar-valued maps as members, not new struct-like maps', () => {
  const c = compareObjects({}, { metadata: { labels: { app: 'x' } }, spec: { strategy: { rollingUpdate: { maxSurge: 1 } } } }, schema);
  assert.deepEqual(toFieldsV1(c.added), {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} } } },
  });
});
