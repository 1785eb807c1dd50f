import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../../machinery/errors.js';
import type { KObject } from '../../../../api/types.js';
import { strategyFor } from '../index.js';
import { clone } from '../util.js';

function created(s: ReturnType<typeof strategyFor>, body: KObject): KObject & { spec: any } {
  const o = clone(body);
  s.defaults(o);
  s.prepareForCreate?.(o);
  return o as KObject & { spec: any };
}
const msgs = (errs: ReturnType<ReturnType<typeof strategyFor>['validate']>): string[] => errs.map(fieldErrorMessage);

test('rbac: rule verbs, roleRef defaults and immutability, path-segment names', () => {
  const roles = strategyFor('rbac.authorization.k8s.io', 'roles');
  const r = created(roles, { metadata: { name: 'reader', namespace: 'd' }, rules: [{ apiGroups: [''], resources: ['pods'] }] });
  assert.deepEqual(msgs(roles.validate(r)), ['rules[0].verbs: Required value: verbs must contain at least one value']);
  const crs = strategyFor('rbac.authorization.k8s.io', 'clusterroles');
  assert.deepEqual(crs.validate(created(crs, { metadata: { name: 'system:aggregate-to-view' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })), []);
  const rbs = strategyFor('rbac.authorization.k8s.io', 'rolebindings');
  const b = created(rbs, { metadata: { name: 'rb', namespace: 'd' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'd' }, { kind: 'User', name: 'jane' }] }) as any;
  assert.equal(b.roleRef.apiGroup, 'rbac.authorization.k8s.io');
  assert.equal(b.subjects[0].apiGroup, '');
  assert.equal(b.subjects[1].apiGroup, 'rbac.authorization.k8s.io');
  assert.deepEqual(rbs.validate(b), []);
  const changed = clone(b); changed.roleRef.name = 'admin';
  assert.deepEqual(msgs(rbs.validateUpdate(changed, b)), ['roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"admin"}: cannot change roleRef']);
  const crbs = strategyFor('rbac.authorization.k8s.io', 'clusterrolebindings');
  const cb = created(crbs, { metadata: { name: 'x' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] });
  assert.deepEqual(msgs(crbs.validate(cb)), ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', 'subjects[0].namespace: Required value']);
});

test('pdb: minAvailable xor maxUnavailable', () => {
  const pdbs = strategyFor('policy', 'poddisruptionbudgets');
  const p = created(pdbs, { metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: 1, maxUnavailable: '50%', selector: { matchLabels: { a: 'b' } } } });
  assert.deepEqual(msgs(pdbs.validate(p)), ['spec.minAvailable: Invalid value: 1: minAvailable and maxUnavailable cannot be both set']);
});

test('hpa v2 defaults minReplicas, cpu metric and behavior; validates bounds', () => {
  const hpas = strategyFor('autoscaling', 'horizontalpodautoscalers');
  const h = created(hpas, { apiVersion: 'autoscaling/v2', metadata: { name: 'h', namespace: 'd' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
  assert.equal(h.spec.minReplicas, 1);
  assert.deepEqual(h.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.equal(h.spec.behavior.scaleDown.stabilizationWindowSeconds, 60);
  assert.equal(h.spec.behavior.scaleDown.selectPolicy, 'Max');
  assert.equal(h.spec.behavior.scaleUp.policies.length, 2);
  assert.deepEqual(hpas.validate(h), []);
  const bad = clone(h); bad.spec.minReplicas = 6;
  assert.deepEqual(msgs(hpas.validate(bad)), ['spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`']);
});

test('priorityclass: defaults, user value ceiling, value immutable', () => {
  const pcs = strategyFor('scheduling.k8s.io', 'priorityclasses');
  const pc = created(pcs, { metadata: { name: 'high' }, value: 1000 }) as any;
  assert.equal(pc.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(pcs.validate(pc), []);
  const huge = clone(pc); huge.value = 2000000000;
  assert.deepEqual(msgs(pcs.validate(huge)), ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  const moved = clone(pc); moved.value = 5;
  assert.deepEqual(msgs(pcs.validateUpdate(moved, pc)), ['value: Forbidden: may not be changed in an update.']);
});

test('storageclass defaults and immutable provisioner', () => {
  const scs = strategyFor('storage.k8s.io', 'storageclasses');
  const sc = created(scs, { metadata: { name: 'local' }, provisioner: 'rancher.io/local-path' }) as any;
  assert.equal(sc.reclaimPolicy, 'Delete');
  assert.equal(sc.volumeBindingMode, 'Immediate');
  assert.deepEqual(scs.validate(sc), []);
  const next = clone(sc); next.provisioner = 'other.io/x';
  assert.deepEqual(msgs(scs.validateUpdate(next, sc)), ['provisioner: Forbidden: updates to provisioner are forbidden.']);
});

test('ingress requires pathType; networkpolicy defaults policyTypes', () => {
  const ings = strategyFor('networking.k8s.io', 'ingresses');
  const i = created(ings, { metadata: { name: 'i', namespace: 'd' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } });
  assert.deepEqual(msgs(ings.validate(i)), ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']);
  const nps = strategyFor('networking.k8s.io', 'networkpolicies');
  const np = created(nps, { metadata: { name: 'n', namespace: 'd' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
  assert.deepEqual(np.spec.policyTypes, ['Ingress', 'Egress']);
  assert.equal(np.spec.egress[0].ports[0].protocol, 'TCP');
  assert.deepEqual(nps.validate(np), []);
});

test('lease duration must be positive', () => {
  const leases = strategyFor('coordination.k8s.io', 'leases');
  assert.deepEqual(msgs(leases.validate({ metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0 } })), ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
});

test('crd: name, storage version, storedVersions', () => {
  const crds = strategyFor('apiextensions.k8s.io', 'customresourcedefinitions');
  const body: KObject = {
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
  };
  const c = created(crds, body) as any;
  assert.equal(c.spec.names.singular, 'widget');
  assert.equal(c.spec.names.listKind, 'WidgetList');
  assert.deepEqual(c.spec.conversion, { strategy: 'None' });
  assert.deepEqual(c.status.storedVersions, ['v1']);
  assert.deepEqual(crds.validate(c), []);
  const wrong = clone(c); wrong.metadata.name = 'widgets'; wrong.spec.versions[0].storage = false;
  assert.deepEqual(crds.validate(wrong).map((e) => e.field), ['metadata.name', 'spec.versions']);
});

test('generic fallback validates metadata by the catalog scope', () => {
  const sas = strategyFor('', 'serviceaccounts');
  assert.deepEqual(msgs(sas.validate({ metadata: { name: 'x' } })), ['metadata.namespace: Required value']);
  const unknown = strategyFor('example.com', 'widgets');
  assert.deepEqual(unknown.validate({ metadata: { name: 'ok', namespace: 'd' } }), []);
});
