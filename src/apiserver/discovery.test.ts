import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregatedContentType, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, compareVersions, groupsOf, negotiateAggregated,
} from './discovery.js';
import { Registry } from './registry/registry.js';
import { BUILTIN_RESOURCES } from './resources.js';
import { resourceInfoFor, type CRDSpec } from './crd/resource-info.js';

function registry(): Registry {
  const reg = new Registry();
  for (const info of BUILTIN_RESOURCES) reg.add({ info });
  const spec: CRDSpec = {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
    versions: [
      { name: 'v1alpha1', served: true }, { name: 'v1', served: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
      { name: 'v2beta1', served: true }, { name: 'v1beta1', served: true }, { name: 'v3', served: false },
    ],
  };
  for (const v of spec.versions) reg.add({ info: resourceInfoFor(spec, v), crd: { crdName: 'widgets.example.com', served: v.served !== false, storage: v.name === 'v1' } });
  return reg;
}

test('compareVersions orders GA > beta > alpha, higher majors then minors first, others last alphabetically', () => {
  const vs = ['v1alpha1', 'foo10', 'v1', 'v2beta1', 'v1beta1', 'v10', 'v1beta2', 'v2', 'foo1', 'v11alpha2', 'v12alpha1', 'v3beta1', 'v10beta3', 'v11beta2'];
  assert.deepEqual([...vs].sort(compareVersions),
    ['v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v2beta1', 'v1beta2', 'v1beta1', 'v12alpha1', 'v11alpha2', 'v1alpha1', 'foo1', 'foo10']);
});

test('groupsOf lists the legacy group first, known groups in kube-apiserver order, unserved versions left out', () => {
  const gs = groupsOf(registry());
  assert.equal(gs[0]!.name, '');
  const names = gs.map((g) => g.name);
  assert.ok(names.indexOf('apps') < names.indexOf('batch'));
  assert.ok(names.indexOf('batch') < names.indexOf('apiextensions.k8s.io'));
  assert.equal(names[names.length - 1], 'example.com', 'unknown groups come after the built-in ones');
  assert.deepEqual(gs.find((g) => g.name === 'example.com')!.versions, ['v1', 'v2beta1', 'v1beta1', 'v1alpha1']);
  assert.deepEqual(gs.find((g) => g.name === 'autoscaling')!.versions, ['v2', 'v1']);
});

test('apiGroupList and apiGroup report the highest-priority version as preferred', () => {
  const reg = registry();
  const list = apiGroupList(reg) as { kind: string; groups: { name: string; preferredVersion: { groupVersion: string } }[] };
  assert.equal(list.kind, 'APIGroupList');
  assert.equal(list.groups.some((g) => g.name === ''), false, 'the legacy group is served by /api');
  assert.deepEqual(list.groups.find((g) => g.name === 'example.com')!.preferredVersion, { groupVersion: 'example.com/v1', version: 'v1' });
  assert.deepEqual(apiGroup(reg, 'autoscaling'), {
    kind: 'APIGroup', apiVersion: 'v1', name: 'autoscaling',
    versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }],
    preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
  });
  assert.equal(apiGroup(reg, 'nope.example.com'), undefined);
});

test('apiVersions names v1 and the server address', () => {
  assert.deepEqual(apiVersions('10.0.0.1:6443'), { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }] });
});

test('apiResourceList lists subresources as resource/sub entries with their own group, version and kind', () => {
  const reg = registry();
  const apps = apiResourceList(reg, 'apps', 'v1') as { groupVersion: string; resources: Record<string, unknown>[] };
  assert.equal(apps.groupVersion, 'apps/v1');
  const byName = new Map(apps.resources.map((r) => [r.name as string, r]));
  assert.deepEqual(byName.get('deployments/scale'), { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' });
  assert.deepEqual(byName.get('deployments/status'), { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
  const dep = byName.get('deployments')!;
  assert.deepEqual({ s: dep.singularName, k: dep.kind, sn: dep.shortNames, c: dep.categories }, { s: 'deployment', k: 'Deployment', sn: ['deploy'], c: ['all'] });
  const core = apiResourceList(reg, '', 'v1') as { groupVersion: string; resources: Record<string, unknown>[] };
  assert.equal(core.groupVersion, 'v1');
  const ev = core.resources.find((r) => r.name === 'pods/eviction')!;
  assert.deepEqual({ g: ev.group, v: ev.version, k: ev.kind }, { g: 'policy', v: 'v1', k: 'Eviction' });
  assert.equal(apiResourceList(reg, 'example.com', 'v3'), undefined, 'unserved CRD version');
  assert.equal(apiResourceList(reg, 'apps', 'v1beta1'), undefined);
});

test('aggregatedDiscovery: /api holds only the core group, /apis every named group with versions in priority order', () => {
  const reg = registry();
  const legacy = aggregatedDiscovery(reg, true, 'v2') as { kind: string; apiVersion: string; items: { metadata: { name: string } }[] };
  assert.equal(legacy.kind, 'APIGroupDiscoveryList');
  assert.equal(legacy.apiVersion, 'apidiscovery.k8s.io/v2');
  assert.deepEqual(legacy.items.map((i) => i.metadata.name), ['']);
  const named = aggregatedDiscovery(reg, false, 'v2beta1') as { apiVersion: string; items: { metadata: { name: string }; versions: { version: string; freshness: string }[] }[] };
  assert.equal(named.apiVersion, 'apidiscovery.k8s.io/v2beta1');
  assert.equal(named.items.some((i) => i.metadata.name === ''), false);
  const ex = named.items.find((i) => i.metadata.name === 'example.com')!;
  assert.deepEqual(ex.versions.map((v) => v.version), ['v1', 'v2beta1', 'v1beta1', 'v1alpha1']);
  assert.ok(ex.versions.every((v) => v.freshness === 'Current'));
});

test('aggregatedDiscovery resources carry scope, responseKind and subresources (scale as autoscaling/v1 Scale)', () => {
  type Res = { resource: string; scope: string; singularResource: string; responseKind: unknown; subresources?: { subresource: string; responseKind: unknown; verbs: string[] }[] };
  const named = aggregatedDiscovery(registry(), false, 'v2') as { items: { metadata: { name: string }; versions: { version: string; resources: Res[] }[] }[] };
  const find = (g: string, v: string, r: string) => named.items.find((i) => i.metadata.name === g)!.versions.find((x) => x.version === v)!.resources.find((x) => x.resource === r)!;
  const dep = find('apps', 'v1', 'deployments');
  assert.equal(dep.scope, 'Namespaced');
  assert.equal(dep.singularResource, 'deployment');
  assert.deepEqual(dep.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual(dep.subresources, [
    { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
    { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
  ]);
  const crd = find('example.com', 'v1', 'widgets');
  assert.deepEqual(crd.subresources!.map((s) => [s.subresource, s.responseKind]), [
    ['status', { group: 'example.com', version: 'v1', kind: 'Widget' }],
    ['scale', { group: 'autoscaling', version: 'v1', kind: 'Scale' }],
  ]);
  assert.equal(find('example.com', 'v1alpha1', 'widgets').subresources, undefined, 'no empty subresources list');
  assert.equal(find('rbac.authorization.k8s.io', 'v1', 'clusterroles').scope, 'Cluster');
});

// Every Accept header of reference §1.2, and the aggregated format each must get.
const ACCEPT: [string, string, 'v2' | 'v2beta1' | undefined][] = [
  ['kubectl discovery 1.27–1.29', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2beta1'],
  ['kubectl discovery 1.30–1.33, Helm', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2'],
  ['kubectl get (Table)', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', undefined],
  ['dynamic clients', 'application/json', undefined],
  ['typed clients', 'application/vnd.kubernetes.protobuf,application/json', undefined],
  ['openapi v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf', undefined],
  ['openapi v3', 'application/json, */*', undefined],
  ['client-node 1.4', 'application/json, */*;q=0.8', undefined],
  ['client-node watch', '*/*', undefined],
  ['spaces after separators', 'application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList, application/json', 'v2'],
  ['v2 listed after v2beta1', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', 'v2'],
];

test('negotiateAggregated picks v2, v2beta1 or legacy for every Accept header clients send', () => {
  for (const [who, accept, want] of ACCEPT) assert.equal(negotiateAggregated(accept), want, who);
  assert.equal(negotiateAggregated(undefined), undefined);
  assert.equal(negotiateAggregated(''), undefined);
  assert.equal(negotiateAggregated('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList'), undefined, 'unknown versions fall back to legacy');
  assert.equal(negotiateAggregated('application/json;g=other.io;v=v2;as=APIGroupDiscoveryList'), undefined);
});

test('aggregatedContentType is the exact media type clients match with ContentTypeIsGVK', () => {
  assert.equal(aggregatedContentType('v2'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  assert.equal(aggregatedContentType('v2beta1'), 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
});

test('removing a CRD version from the registry removes it from discovery', () => {
  const reg = registry();
  const gen = reg.generation;
  reg.remove('example.com', 'v1', 'widgets');
  assert.ok(reg.generation > gen);
  assert.deepEqual(groupsOf(reg).find((g) => g.name === 'example.com')!.versions, ['v2beta1', 'v1beta1', 'v1alpha1']);
});
