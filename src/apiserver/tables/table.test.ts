import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.js';
import { toTable } from './table.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;

const crashing: KObject = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', resourceVersion: '42', labels: { app: 'web' }, creationTimestamp: ago(20 * MIN) },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 2, image: 'nginx', imageID: '',
    state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * MIN) } } }] },
};

test('toTable renders a pod list as the real server does', () => {
  const t = toTable({ group: '', resource: 'pods', objects: [crashing], now: NOW, listMeta: { resourceVersion: '100', continue: 'abc', remainingItemCount: 3 } });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, { resourceVersion: '100', continue: 'abc', remainingItemCount: 3 });
  assert.deepEqual(t.columnDefinitions[0], { name: 'Name', type: 'string', format: 'name', priority: 0, description: t.columnDefinitions[0]!.description });
  assert.match(t.columnDefinitions[0]!.description, /^Name must be unique within a namespace/);
  assert.deepEqual(t.rows[0]!.cells.slice(0, 5), ['web-1', '0/1', 'CrashLoopBackOff', '2 (5m ago)', '20m']);
  assert.deepEqual(t.rows[0]!.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: crashing.metadata });
});

test('toTable includeObject and watch headers', () => {
  assert.equal(toTable({ group: '', resource: 'pods', objects: [crashing], now: NOW, includeObject: 'None' }).rows[0]!.object, undefined);
  assert.equal(toTable({ group: '', resource: 'pods', objects: [crashing], now: NOW, includeObject: 'Object' }).rows[0]!.object, crashing);
  const ev = toTable({ group: '', resource: 'pods', objects: [crashing], now: NOW, withHeaders: false });
  assert.deepEqual(ev.columnDefinitions, []);
  assert.deepEqual(ev.metadata, { resourceVersion: '42' }, 'a single object lends its resourceVersion');
});

test('toTable uses the default convertor for kinds without a printer', () => {
  const t = toTable({ group: 'rbac.authorization.k8s.io', resource: 'clusterroles', now: NOW, objects: [{ metadata: { name: 'admin', creationTimestamp: '2024-01-02T03:04:05Z' } }] });
  assert.deepEqual(t.columnDefinitions.map((c) => [c.name, c.type]), [['Name', 'string'], ['Created At', 'date']]);
  assert.deepEqual(t.rows[0]!.cells, ['admin', '2024-01-02T03:04:05Z']);
});

test('toTable evaluates CRD additionalPrinterColumns', () => {
  const cr: KObject = { apiVersion: 'example.com/v1', kind: 'Database', metadata: { name: 'db', creationTimestamp: ago(2 * 24 * 60 * MIN) },
    spec: { replicas: 3, engine: 'pg' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const t = toTable({ group: 'example.com', resource: 'databases', now: NOW, objects: [cr], printerColumns: [
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Engine', type: 'string', jsonPath: '.spec.engine', priority: 1 },
    { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ] });
  assert.deepEqual(t.columnDefinitions.map((c) => [c.name, c.type, c.priority]), [['Name', 'string', 0], ['Replicas', 'integer', 0], ['Ready', 'string', 0], ['Engine', 'string', 1], ['Missing', 'string', 0], ['Age', 'date', 0]]);
  assert.deepEqual(t.rows[0]!.cells, ['db', 3, 'True', 'pg', null, '2d']);
  const plain = toTable({ group: 'example.com', resource: 'databases', now: NOW, objects: [cr], printerColumns: [] });
  assert.deepEqual(plain.columnDefinitions.map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(plain.rows[0]!.cells, ['db', '2d']);
});
