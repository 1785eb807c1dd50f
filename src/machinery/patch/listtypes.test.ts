import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKnownKind, listInfo, mergeKeyFor, smpListInfo, type GVK } from './listtypes.js';

const core = (kind: string): GVK => ({ group: '', version: 'v1', kind });
const apps = (kind: string): GVK => ({ group: 'apps', version: 'v1', kind });
const batch = (kind: string): GVK => ({ group: 'batch', version: 'v1', kind });
const p = (s: string): string[] => s.split('.');

test('listInfo finds PodSpec lists wherever a kind embeds a PodSpec', () => {
  const cases: [GVK, string][] = [
    [core('Pod'), 'spec'],
    [core('PodTemplate'), 'template.spec'],
    [core('ReplicationController'), 'spec.template.spec'],
    [apps('Deployment'), 'spec.template.spec'],
    [apps('ReplicaSet'), 'spec.template.spec'],
    [apps('StatefulSet'), 'spec.template.spec'],
    [apps('DaemonSet'), 'spec.template.spec'],
    [batch('Job'), 'spec.template.spec'],
    [batch('CronJob'), 'spec.jobTemplate.spec.template.spec'],
  ];
  for (const [gvk, podSpec] of cases) {
    const at = (rest: string) => listInfo(gvk, p(`${podSpec}.${rest}`));
    assert.deepEqual(at('containers'), { type: 'map', keys: ['name'] }, gvk.kind);
    assert.deepEqual(at('initContainers'), { type: 'map', keys: ['name'] }, gvk.kind);
    assert.deepEqual(at('volumes'), { type: 'map', keys: ['name'], retainKeys: true }, gvk.kind);
    assert.deepEqual(at('containers.env'), { type: 'map', keys: ['name'] }, gvk.kind);
    assert.deepEqual(at('containers.ports'), { type: 'map', keys: ['containerPort', 'protocol'] }, gvk.kind);
    assert.deepEqual(at('tolerations'), { type: 'atomic' }, gvk.kind);
    assert.deepEqual(at('topologySpreadConstraints'), { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] }, gvk.kind);
    assert.equal(mergeKeyFor(gvk, p(`${podSpec}.containers.volumeMounts`)), 'mountPath', gvk.kind);
  }
});

test('listInfo is type-aware, not name-only', () => {
  const cases: [GVK, string, unknown][] = [
    [core('Service'), 'spec.ports', { type: 'map', keys: ['port', 'protocol'] }],
    [core('Pod'), 'spec.containers.ports', { type: 'map', keys: ['containerPort', 'protocol'] }],
    [core('Pod'), 'metadata.ownerReferences', { type: 'map', keys: ['uid'] }],
    [core('Pod'), 'metadata.finalizers', { type: 'set' }],
    [core('Namespace'), 'spec.finalizers', undefined], // atomic: untagged types are not listed
    [core('Node'), 'status.addresses', { type: 'map', keys: ['type'] }],
    [core('Node'), 'status.conditions', { type: 'map', keys: ['type'] }],
    [core('Node'), 'spec.podCIDRs', { type: 'set' }],
    [core('Node'), 'spec.taints', { type: 'atomic' }],
    [core('Pod'), 'status.conditions', { type: 'map', keys: ['type'] }],
    [core('Pod'), 'status.podIPs', { type: 'map', keys: ['ip'] }],
    [core('Pod'), 'status.containerStatuses', { type: 'atomic' }],
    [core('ServiceAccount'), 'secrets', { type: 'map', keys: ['name'] }],
    [core('ServiceAccount'), 'imagePullSecrets', { type: 'atomic' }],
    [core('Endpoints'), 'subsets', { type: 'atomic' }],
    [core('PersistentVolumeClaim'), 'status.conditions', { type: 'map', keys: ['type'] }],
    [core('PersistentVolumeClaim'), 'status.accessModes', { type: 'atomic' }],
    [apps('Deployment'), 'status.conditions', { type: 'map', keys: ['type'] }],
    [apps('Deployment'), 'spec.template.metadata.finalizers', { type: 'set' }],
    [apps('StatefulSet'), 'spec.volumeClaimTemplates', { type: 'atomic' }],
    [batch('Job'), 'status.conditions', { type: 'atomic' }],
    [{ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }, 'endpoints', { type: 'atomic' }],
    [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' }, 'rules', { type: 'atomic' }],
    [{ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }, 'status.conditions', { type: 'map', keys: ['type'] }],
    [{ group: 'storage.k8s.io', version: 'v1', kind: 'CSINode' }, 'spec.drivers', { type: 'map', keys: ['name'] }],
    [core('Pod'), 'spec.volumes.ephemeral.volumeClaimTemplate.metadata.finalizers', { type: 'set' }],
  ];
  for (const [gvk, path, want] of cases) assert.deepEqual(listInfo(gvk, p(path)), want, `${gvk.kind} ${path}`);
});

test('listInfo returns undefined for non-lists, unknown paths and unknown kinds', () => {
  assert.equal(listInfo(core('Pod'), p('spec')), undefined);
  assert.equal(listInfo(core('Pod'), p('spec.nodeName')), undefined);
  assert.equal(listInfo(core('Pod'), p('spec.containers.command.x')), undefined);
  assert.equal(listInfo(core('Service'), p('spec.containers')), undefined);
  assert.equal(listInfo({ group: 'example.com', version: 'v1', kind: 'Widget' }, p('metadata.finalizers')), undefined);
  assert.equal(listInfo(apps('Deployment'), p('spec.template.spec.containers.name')), undefined);
});

test('smpListInfo keeps only the patchMergeKey and follows the SMP tags where they differ from SSA', () => {
  const cases: [GVK, string, unknown][] = [
    [core('Pod'), 'spec.containers.ports', { type: 'map', keys: ['containerPort'] }],
    [core('Service'), 'spec.ports', { type: 'map', keys: ['port'] }],
    [core('Pod'), 'spec.topologySpreadConstraints', { type: 'map', keys: ['topologyKey'] }],
    [core('Pod'), 'spec.volumes', { type: 'map', keys: ['name'], retainKeys: true }],
    [core('Pod'), 'metadata.finalizers', { type: 'set' }],
    [core('Pod'), 'spec.tolerations', undefined],
    [core('Pod'), 'spec.containers.args', undefined],
    [core('Pod'), 'spec.containers.resources.claims', undefined],
    [core('Pod'), 'status.hostIPs', { type: 'map', keys: ['ip'] }],
    [batch('Job'), 'status.conditions', { type: 'map', keys: ['type'] }],
  ];
  for (const [gvk, path, want] of cases) assert.deepEqual(smpListInfo(gvk, p(path)), want, `${gvk.kind} ${path}`);
});

test('mergeKeyFor gives the SMP merge key or undefined', () => {
  assert.equal(mergeKeyFor(core('Pod'), p('metadata.ownerReferences')), 'uid');
  assert.equal(mergeKeyFor(core('Service'), p('spec.ports')), 'port');
  assert.equal(mergeKeyFor(core('Pod'), p('metadata.finalizers')), undefined);
  assert.equal(mergeKeyFor(core('Pod'), p('spec.tolerations')), undefined);
  assert.equal(isKnownKind(apps('Deployment')), true);
  assert.equal(isKnownKind({ group: 'example.com', version: 'v1', kind: 'Widget' }), false);
});
