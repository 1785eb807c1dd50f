import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../../machinery/errors.js';
import type { KObject } from '../../../../api/types.js';
import { strategyFor } from '../index.js';
import { clone } from '../util.js';

function created(s: ReturnType<typeof strategyFor>, body: KObject): KObject & { spec: any; status: any } {
  const o = clone(body);
  s.defaults(o);
  s.prepareForCreate?.(o);
  return o as KObject & { spec: any; status: any };
}
const msgs = (errs: ReturnType<ReturnType<typeof strategyFor>['validate']>): string[] => errs.map(fieldErrorMessage);

test('namespace: label, finalizer, Active phase, DNS-1123 label names, status.phase selector', () => {
  const ns = strategyFor('', 'namespaces');
  const o = created(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  assert.deepEqual(o.metadata!.labels, { 'kubernetes.io/metadata.name': 'team-a' });
  assert.deepEqual(o.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(o.status, { phase: 'Active' });
  assert.deepEqual(ns.validate(o), []);
  assert.deepEqual(ns.selectableFields(o), { 'metadata.name': 'team-a', 'status.phase': 'Active' });
  const dotted = created(ns, { metadata: { name: 'a.b' } });
  assert.deepEqual(msgs(ns.validate(dotted)), ['metadata.name: Invalid value: "a.b": must not contain dots']);
  const withNs = created(ns, { metadata: { name: 'x', namespace: 'y' } });
  assert.deepEqual(msgs(ns.validate(withNs)), ['metadata.namespace: Forbidden: not allowed on this type']);
});

test('secret: stringData folds into base64 data, type defaults, type-specific keys, immutable', () => {
  const secrets = strategyFor('', 'secrets');
  const s = created(secrets, { metadata: { name: 's', namespace: 'd' }, stringData: { password: 'hunter2' }, data: { user: 'YWRtaW4=' } });
  assert.deepEqual(s.data, { user: 'YWRtaW4=', password: Buffer.from('hunter2').toString('base64') });
  assert.equal(s.stringData, undefined);
  assert.equal(s.type, 'Opaque');
  assert.deepEqual(secrets.validate(s), []);
  assert.deepEqual(secrets.selectableFields(s).type, 'Opaque');
  const tls = created(secrets, { metadata: { name: 't', namespace: 'd' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } });
  assert.deepEqual(msgs(secrets.validate(tls)), ['data[tls.key]: Required value']);
  const badKey = created(secrets, { metadata: { name: 'b', namespace: 'd' }, data: { 'a/b': 'eA==', ok: 'not base64!' } });
  assert.deepEqual(secrets.validate(badKey).map((e) => e.field), ['data[a/b]', 'data[ok]']);
  const old = clone(s); old.immutable = true;
  const next = clone(old); next.data = { user: 'eA==' };
  assert.deepEqual(msgs(secrets.validateUpdate(next, old)), ['data: Forbidden: field is immutable when `immutable` is set']);
  const retyped = clone(s); retyped.type = 'kubernetes.io/basic-auth';
  assert.deepEqual(msgs(secrets.validateUpdate(retyped, s))[0], 'type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
});

test('configmap: keys and size', () => {
  const cms = strategyFor('', 'configmaps');
  assert.deepEqual(cms.validate(created(cms, { metadata: { name: 'c', namespace: 'd' }, data: { 'app.yaml': 'x' } })), []);
  const big = created(cms, { metadata: { name: 'c', namespace: 'd' }, data: { a: 'x'.repeat(1024 * 1024) } });
  assert.deepEqual(msgs(cms.validate(big)), [': Too long: must have at most 1048576 bytes']);
});

test('pvc and pv defaults and spec immutability', () => {
  const pvcs = strategyFor('', 'persistentvolumeclaims');
  const c = created(pvcs, { metadata: { name: 'data', namespace: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  assert.equal(c.spec.volumeMode, 'Filesystem');
  assert.deepEqual(c.status, { phase: 'Pending' });
  assert.deepEqual(pvcs.validate(c), []);
  const noSize = created(pvcs, { metadata: { name: 'x', namespace: 'd' }, spec: { accessModes: [] } });
  assert.deepEqual(msgs(pvcs.validate(noSize)), ['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value']);
  const bind = clone(c); bind.spec.volumeName = 'pv-1';
  assert.deepEqual(pvcs.validateUpdate(bind, c), []);
  const grow = clone(c); grow.spec.resources.requests.storage = '2Gi';
  assert.deepEqual(msgs(pvcs.validateUpdate(grow, c)), ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
  const bound = clone(c); bound.status = { phase: 'Bound' };
  assert.deepEqual(pvcs.validateUpdate(grow, bound), []);
  const pvs = strategyFor('', 'persistentvolumes');
  const v = created(pvs, { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } } });
  assert.equal(v.spec.persistentVolumeReclaimPolicy, 'Retain');
  assert.deepEqual(v.status, { phase: 'Pending' });
  assert.deepEqual(pvs.validate(v), []);
});

test('node: keeps status on create, taints, unschedulable selector', () => {
  const nodes = strategyFor('', 'nodes');
  const n = created(nodes, { metadata: { name: 'n1' }, spec: { unschedulable: true, taints: [{ key: 'gpu', effect: 'Sometimes' }] }, status: { capacity: { cpu: '4' } } });
  assert.deepEqual(n.status, { capacity: { cpu: '4' }, allocatable: { cpu: '4' } });
  assert.deepEqual(msgs(nodes.validate(n)), ['spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"']);
  assert.equal(nodes.selectableFields(n)['spec.unschedulable'], 'true');
});

test('events: involvedObject selectors for core and events.k8s.io', () => {
  const ev = strategyFor('', 'events');
  const e = { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u' }, reason: 'Pulled', type: 'Normal', source: { component: 'kubelet' } };
  const f = ev.selectableFields(e);
  assert.equal(f['involvedObject.kind'], 'Pod');
  assert.equal(f.source, 'kubelet');
  assert.equal(f.reason, 'Pulled');
  assert.deepEqual(ev.validate(e), []);
  const v1 = strategyFor('events.k8s.io', 'events');
  const f2 = v1.selectableFields({ metadata: { name: 'e', namespace: 'default' }, regarding: { kind: 'Pod', name: 'p' }, reportingController: 'skiff/kubelet', type: 'Warning', reason: 'BackOff' });
  assert.equal(f2['involvedObject.name'], 'p');
  assert.equal(f2.source, 'skiff/kubelet');
  assert.equal(f2.reportingComponent, 'skiff/kubelet');
});

test('replicationcontroller defaults selector and labels from the template', () => {
  const rcs = strategyFor('', 'replicationcontrollers');
  const rc = created(rcs, { metadata: { name: 'r', namespace: 'd' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
  assert.deepEqual(rc.spec.selector, { a: 'b' });
  assert.deepEqual(rc.metadata!.labels, { a: 'b' });
  assert.equal(rc.spec.replicas, 1);
  assert.deepEqual(rcs.validate(rc), []);
});
