import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.js';
import { ApiError } from '../errors.js';
import type { GVK, ListInfo } from './listtypes.js';
import { updateManagedFields } from './managedfields.js';
import { fieldManagerRequired, lastAppliedAnnotation, serverSideApply } from './apply.js';

const gvk: GVK = { group: 'apps', version: 'v1', kind: 'Deployment' };
function listInfo(_gvk: GVK, path: string[]): ListInfo | undefined {
  const name = path[path.length - 1];
  if (name === 'containers' || name === 'env') return { type: 'map', keys: ['name'] };
  if (path.join('.') === 'metadata.finalizers') return { type: 'set' };
  return undefined;
}
const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';
const T2 = '2024-05-01T12:00:00Z';

type Container = { name: string; image: string; env?: { name: string; value: string }[] };
function manifest(opts: { replicas?: number; containers?: Container[]; labels?: Record<string, string> } = {}): KObject {
  const spec: Record<string, unknown> = {};
  if (opts.replicas !== undefined) spec.replicas = opts.replicas;
  spec.selector = { matchLabels: { app: 'web' } };
  spec.template = { metadata: { labels: { app: 'web' } }, spec: { containers: opts.containers ?? [{ name: 'web', image: 'nginx:1.25' }] } };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...(opts.labels ? { labels: opts.labels } : {}) }, spec };
}
/** What the registry adds on create: server metadata and defaults. */
function stored(obj: KObject): KObject {
  const o = structuredClone(obj);
  o.metadata = { ...o.metadata, namespace: 'default', uid: 'u1', resourceVersion: '1', generation: 1, creationTimestamp: T0 };
  const spec = o.spec as Record<string, unknown>;
  spec.replicas ??= 1;
  return o;
}
function apply(live: KObject | undefined, applied: KObject, manager: string, now: string, force = false): KObject {
  return serverSideApply({ live, applied, manager, force, gvk, now, listInfo }).object;
}
const spec = (o: KObject) => o.spec as any;
const containers = (o: KObject) => spec(o).template.spec.containers as Container[];
const entry = (o: KObject, manager: string) => o.metadata!.managedFields!.find((e) => e.manager === manager);
function conflictOf(fn: () => unknown): ApiError {
  try { fn(); } catch (e) { if (e instanceof ApiError) return e; throw e; }
  assert.fail('expected a conflict');
}

test('serverSideApply creates the object when there is no live one; the applier owns exactly what it applied', () => {
  const out = apply(undefined, manifest({ replicas: 2 }), 'kubectl', T0);
  assert.equal(spec(out).replicas, 2);
  assert.deepEqual(out.metadata!.managedFields, [{
    manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
    } } },
  }]);
});

test('serverSideApply does not own or merge status, managedFields, resourceVersion or uid from the body', () => {
  const body = { ...manifest(), status: { replicas: 9 } } as KObject;
  body.metadata = { ...body.metadata, uid: 'bogus', resourceVersion: '77', managedFields: [{ manager: 'evil' }] };
  const out = apply(undefined, body, 'kubectl', T0);
  assert.equal(out.status, undefined);
  assert.equal(out.metadata!.uid, undefined);
  assert.equal(out.metadata!.resourceVersion, undefined);
  assert.deepEqual(out.metadata!.managedFields!.map((e) => e.manager), ['kubectl']);
  assert.equal((entry(out, 'kubectl')!.fieldsV1 as any)['f:status'], undefined);
});

test('serverSideApply: re-applying the same config changes nothing, including the entry time', () => {
  const live = stored(apply(undefined, manifest({ replicas: 2 }), 'kubectl', T0));
  const out = apply(live, manifest({ replicas: 2 }), 'kubectl', T1);
  assert.deepEqual(out, live);
});

test('serverSideApply: changing a field the applier owns updates it and the time', () => {
  const live = stored(apply(undefined, manifest({ replicas: 2 }), 'kubectl', T0));
  const out = apply(live, manifest({ replicas: 2, containers: [{ name: 'web', image: 'nginx:1.26' }] }), 'kubectl', T1);
  assert.equal(containers(out)[0].image, 'nginx:1.26');
  assert.equal(entry(out, 'kubectl')!.time, T1);
});

test('serverSideApply removes a field the applier stops applying', () => {
  const live = stored(apply(undefined, manifest({ replicas: 2, labels: { team: 'a' } }), 'kubectl', T0));
  const out = apply(live, manifest({}), 'kubectl', T1);
  assert.equal(spec(out).replicas, undefined);
  assert.equal(out.metadata!.labels, undefined, 'the emptied labels map goes too');
  assert.equal((entry(out, 'kubectl')!.fieldsV1 as any)['f:spec']['f:replicas'], undefined);
});

test('serverSideApply keeps a dropped field that another manager co-owns', () => {
  const a = stored(apply(undefined, manifest({ replicas: 2 }), 'alice', T0));
  const b = apply(a, manifest({ replicas: 2 }), 'bob', T1); // same value: shared, no conflict
  assert.ok((entry(b, 'alice')!.fieldsV1 as any)['f:spec']['f:replicas']);
  assert.ok((entry(b, 'bob')!.fieldsV1 as any)['f:spec']['f:replicas']);
  const out = apply(b, manifest({}), 'alice', T2);
  assert.equal(spec(out).replicas, 2);
  assert.equal((entry(out, 'alice')!.fieldsV1 as any)['f:spec']['f:replicas'], undefined);
});

/** kubectl apply (client-side) of a manifest without replicas: the server defaults replicas=1 and the creator,
 * kubectl-client-side-apply (Update), owns it, but the last-applied annotation does not mention it. */
function clientSideApplied(m: KObject): KObject {
  const body = structuredClone(m);
  body.metadata!.annotations = { [lastAppliedAnnotation]: JSON.stringify(m) + '\n' };
  const obj = stored(body);
  obj.metadata!.managedFields = updateManagedFields({ updated: obj, manager: 'kubectl-client-side-apply', operation: 'Update', gvk, now: T0, listInfo });
  return obj;
}

test('serverSideApply after client-side apply conflicts on .spec.replicas exactly as Kubernetes does', () => {
  const live = clientSideApplied(manifest());
  const err = conflictOf(() => apply(live, manifest({ replicas: 3 }), 'kubectl', T1));
  assert.equal(err.code, 409);
  assert.equal(err.reason, 'Conflict');
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  assert.deepEqual(err.toStatus().details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] });
});

test('serverSideApply by kubectl takes fields whose live value still matches last-applied without a conflict', () => {
  const live = clientSideApplied(manifest({ replicas: 2 }));
  const out = apply(live, manifest({ replicas: 3, containers: [{ name: 'web', image: 'nginx:1.26' }] }), 'kubectl', T1);
  assert.equal(spec(out).replicas, 3);
  assert.equal(containers(out)[0].image, 'nginx:1.26');
  const csa = JSON.stringify(entry(out, 'kubectl-client-side-apply')!.fieldsV1);
  assert.ok(!csa.includes('f:replicas') && !csa.includes('f:image'));
  assert.match(out.metadata!.annotations![lastAppliedAnnotation], /"replicas":3/, 'kubectl keeps the annotation in sync');
  // Another manager gets no such pass.
  assert.throws(() => apply(live, manifest({ replicas: 3 }), 'ci', T1), /conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.replicas/);
});

test('serverSideApply lists several conflicts grouped by manager, in the plural form', () => {
  const live = clientSideApplied(manifest());
  const err = conflictOf(() => apply(live, manifest({ replicas: 3, containers: [{ name: 'web', image: 'nginx:1.26' }] }), 'ci', T1));
  assert.equal(err.message, 'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image');
  assert.deepEqual(err.details!.causes!.map((c) => c.field), ['.spec.replicas', '.spec.template.spec.containers[name="web"].image']);
});

test('serverSideApply names an applier without "using" and groups by sorted manager', () => {
  const a = stored(apply(undefined, manifest({ replicas: 2 }), 'alice', T0));
  a.metadata!.managedFields!.push({ manager: 'hpa', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } } } } } });
  const m = manifest({ replicas: 5 });
  (spec(m).template.metadata.labels as Record<string, string>).app = 'other';
  const err = conflictOf(() => apply(a, m, 'bob', T1));
  assert.equal(err.message, 'Apply failed with 3 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.metadata.labels.app\nconflicts with "hpa" using apps/v1:\n- .spec.template.metadata.labels.app');
});

test('serverSideApply with force takes ownership from the other manager', () => {
  const live = clientSideApplied(manifest());
  const out = apply(live, manifest({ replicas: 3 }), 'ci', T1, true);
  assert.equal(spec(out).replicas, 3);
  assert.ok((entry(out, 'ci')!.fieldsV1 as any)['f:spec']['f:replicas']);
  assert.equal((entry(out, 'kubectl-client-side-apply')!.fieldsV1 as any)['f:spec']['f:replicas'], undefined);
});

test('serverSideApply merges associative lists by key: containers by name, env by name', () => {
  const live = stored(apply(undefined, manifest({ containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }] }, { name: 'log', image: 'busybox' }] }), 'alice', T0));
  const out = apply(live, manifest({ containers: [{ name: 'web', image: 'nginx', env: [{ name: 'B', value: '2' }] }] }), 'bob', T1);
  assert.deepEqual(containers(out).map((c) => c.name), ['web', 'log']);
  assert.deepEqual(containers(out)[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  assert.ok(JSON.stringify(entry(out, 'bob')!.fieldsV1).includes('"k:{\\"name\\":\\"B\\"}"'));
});

test('serverSideApply: two appliers own different containers; dropping one removes only that one', () => {
  const base = stored(apply(undefined, manifest({ containers: [{ name: 'web', image: 'nginx' }] }), 'alice', T0));
  const both = apply(base, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } } } }, 'bob', T1);
  assert.deepEqual(containers(both).map((c) => c.name), ['web', 'sidecar']);
  assert.ok(!JSON.stringify(entry(both, 'alice')!.fieldsV1).includes('sidecar'));
  const bobGone = apply(both, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'bob', T2);
  assert.deepEqual(containers(bobGone).map((c) => c.name), ['web']);
  assert.equal(entry(bobGone, 'bob'), undefined, 'an applier that owns nothing has no entry');
  const aliceChanges = apply(both, manifest({ containers: [{ name: 'web', image: 'nginx:2' }] }), 'alice', T2);
  assert.deepEqual(containers(aliceChanges).map((c) => [c.name, c.image]), [['web', 'nginx:2'], ['sidecar', 'envoy']]);
});

test('serverSideApply: sets union, atomic lists replace', () => {
  const live = stored(apply(undefined, { ...manifest(), metadata: { name: 'web', finalizers: ['a'] } } as KObject, 'alice', T0));
  const out = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', finalizers: ['b'] } }, 'bob', T1);
  assert.deepEqual(out.metadata!.finalizers, ['a', 'b']);
  const cmd = manifest({ containers: [{ name: 'web', image: 'x', command: ['a', 'b'] } as Container] });
  const l2 = stored(apply(undefined, cmd, 'alice', T0));
  const out2 = apply(l2, manifest({ containers: [{ name: 'web', image: 'x', command: ['c'] } as Container] }), 'alice', T1);
  assert.deepEqual((containers(out2)[0] as any).command, ['c']);
});

test('serverSideApply on an object without managedFields gives its fields to before-first-apply', () => {
  const live = stored(manifest({ replicas: 1 }));
  const err = conflictOf(() => apply(live, manifest({ replicas: 4 }), 'ci', T1));
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  const out = apply(live, manifest({ replicas: 1 }), 'ci', T1);
  assert.deepEqual(out.metadata!.managedFields!.map((e) => [e.manager, e.operation]), [['ci', 'Apply'], ['before-first-apply', 'Update']]);
});

test('serverSideApply with an empty field manager is 422 with the Kubernetes message', () => {
  assert.throws(() => apply(undefined, manifest(), '', T0), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 422);
    assert.equal(e.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    assert.deepEqual(e.details, fieldManagerRequired().details);
    assert.deepEqual(e.details!.causes, [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
    return true;
  });
});
