import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { applyStrategicMergePatch } from './strategic.js';
import type { GVK } from './listtypes.js';

const DEPLOY: GVK = { group: 'apps', version: 'v1', kind: 'Deployment' };
const POD: GVK = { group: '', version: 'v1', kind: 'Pod' };
const NODE: GVK = { group: '', version: 'v1', kind: 'Node' };
const SVC: GVK = { group: '', version: 'v1', kind: 'Service' };

const deploy = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, ...extra, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
});
const tmpl = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });
const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({ metadata: { name: 'p', ...metadata }, spec });
const names = (list: unknown) => (list as { name: string }[]).map((c) => c.name);

interface Case { name: string; gvk: GVK; doc: unknown; patch: unknown; want: unknown }

const cases: Case[] = [
  {
    name: 'kubectl apply image change with $setElementOrder',
    gvk: DEPLOY,
    doc: deploy([{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }]),
    patch: {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":1}\n' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }] } } },
    },
    want: {
      ...deploy([{ name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80, protocol: 'TCP' }] }]),
      metadata: { name: 'web', namespace: 'default', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":1}\n' } },
    },
  },
  {
    name: 'Helm upgrade patch keeps a server-only container after the patched one',
    gvk: DEPLOY,
    doc: deploy([{ name: 'web', image: 'nginx:1.25' }, { name: 'sidecar', image: 'envoy' }]),
    patch: tmpl({ '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.26', name: 'web' }] }),
    want: deploy([{ name: 'web', image: 'nginx:1.26' }, { name: 'sidecar', image: 'envoy' }]),
  },
  {
    name: 'rollout restart adds a template annotation',
    gvk: DEPLOY,
    doc: deploy([{ name: 'web', image: 'nginx' }]),
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-28T01:01:40Z' } } } } },
    want: (() => {
      const d = deploy([{ name: 'web', image: 'nginx' }]);
      (d.spec.template.metadata as Record<string, unknown>).annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-11-28T01:01:40Z' };
      return d;
    })(),
  },
  {
    name: 'cordon',
    gvk: NODE,
    doc: { metadata: { name: 'n1' }, spec: { podCIDR: '10.42.0.0/24' } },
    patch: { spec: { unschedulable: true } },
    want: { metadata: { name: 'n1' }, spec: { podCIDR: '10.42.0.0/24', unschedulable: true } },
  },
  {
    name: 'uncordon deletes with null',
    gvk: NODE,
    doc: { metadata: { name: 'n1' }, spec: { unschedulable: true } },
    patch: { spec: { unschedulable: null } },
    want: { metadata: { name: 'n1' }, spec: {} },
  },
  {
    name: '$retainKeys switches a deployment strategy RollingUpdate to Recreate',
    gvk: DEPLOY,
    doc: deploy([], { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } }),
    patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    want: deploy([], { strategy: { type: 'Recreate' } }),
  },
  {
    name: 'without $retainKeys a strategy switch keeps rollingUpdate',
    gvk: DEPLOY,
    doc: deploy([], { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }),
    patch: { spec: { strategy: { type: 'Recreate' } } },
    want: deploy([], { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
  },
  {
    name: '$retainKeys on a volume clears the other source',
    gvk: POD,
    doc: pod({ volumes: [{ name: 'v', emptyDir: {} }] }),
    patch: { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }] } },
    want: pod({ volumes: [{ name: 'v', configMap: { name: 'cm' } }] }),
  },
  {
    name: 'deleting a container with $patch: delete',
    gvk: DEPLOY,
    doc: deploy([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }]),
    patch: tmpl({ '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b', $patch: 'delete' }] }),
    want: deploy([{ name: 'a', image: 'x' }]),
  },
  {
    name: 'env merges by name and keeps server order',
    gvk: POD,
    doc: pod({ containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }),
    patch: { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } },
    want: pod({ containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }] }] }),
  },
  {
    name: 'env entry deleted by key inside a merged container',
    gvk: POD,
    doc: pod({ containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }),
    patch: { spec: { containers: [{ name: 'c', env: [{ name: 'A', $patch: 'delete' }] }] } },
    want: pod({ containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] }),
  },
  {
    name: 'container ports merge by containerPort',
    gvk: POD,
    doc: pod({ containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }] }),
    patch: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 443 }] }] } },
    want: pod({ containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP', name: 'web' }, { containerPort: 443 }] }] }),
  },
  {
    name: 'service ports merge by port, not containerPort',
    gvk: SVC,
    doc: { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } },
    patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
    want: { spec: { ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }] } },
  },
  {
    name: 'ownerReferences merge by uid',
    gvk: POD,
    doc: pod({}, { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs', controller: true }] }),
    patch: { metadata: { ownerReferences: [{ uid: 'u1', controller: false }, { uid: 'u2', kind: 'X', name: 'x' }] } },
    want: pod({}, { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs', controller: false }, { uid: 'u2', kind: 'X', name: 'x' }] }),
  },
  {
    name: 'finalizers: union with $setElementOrder',
    gvk: POD,
    doc: pod({}, { finalizers: ['a', 'b'] }),
    patch: { metadata: { '$setElementOrder/finalizers': ['a', 'b', 'c'], finalizers: ['c'] } },
    want: pod({}, { finalizers: ['a', 'b', 'c'] }),
  },
  {
    name: 'finalizers: union without order puts patch items first (server order as reference)',
    gvk: POD,
    doc: pod({}, { finalizers: ['a'] }),
    patch: { metadata: { finalizers: ['b', 'a'] } },
    want: pod({}, { finalizers: ['b', 'a'] }),
  },
  {
    name: 'finalizers: $deleteFromPrimitiveList',
    gvk: POD,
    doc: pod({}, { finalizers: ['a', 'b', 'c'] }),
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a', 'c'] } },
    want: pod({}, { finalizers: ['a', 'c'] }),
  },
  {
    name: '$deleteFromPrimitiveList of a missing item or list adds nothing',
    gvk: POD,
    doc: pod({}, { finalizers: ['a'] }),
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['z'], '$deleteFromPrimitiveList/nope': ['z'] } },
    want: pod({}, { finalizers: ['a'] }),
  },
  {
    name: 'lists without a merge strategy are replaced (tolerations, args)',
    gvk: POD,
    doc: pod({ tolerations: [{ key: 'a' }], containers: [{ name: 'c', args: ['x', 'y'] }] }),
    patch: { spec: { tolerations: [{ key: 'b' }], containers: [{ name: 'c', args: ['z'] }] } },
    want: pod({ tolerations: [{ key: 'b' }], containers: [{ name: 'c', args: ['z'] }] }),
  },
  {
    name: 'Job status.conditions merge by type even though SSA treats them as atomic',
    gvk: { group: 'batch', version: 'v1', kind: 'Job' },
    doc: { status: { conditions: [{ type: 'Suspended', status: 'True' }] } },
    patch: { status: { conditions: [{ type: 'Complete', status: 'True' }] } },
    want: { status: { conditions: [{ type: 'Complete', status: 'True' }, { type: 'Suspended', status: 'True' }] } },
  },
  {
    name: 'node status addresses merge by type',
    gvk: NODE,
    doc: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] } },
    patch: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } },
    want: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n1' }] } },
  },
  {
    name: '$patch: replace as a list element replaces the list',
    gvk: POD,
    doc: pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b' }] }),
    patch: { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'z' }] } },
    want: pod({ containers: [{ name: 'c', image: 'z' }] }),
  },
  {
    name: '$patch: replace in a map replaces the map',
    gvk: POD,
    doc: pod({}, { labels: { a: '1', b: '2' } }),
    patch: { metadata: { labels: { $patch: 'replace', c: '3' } } },
    want: pod({}, { labels: { c: '3' } }),
  },
  {
    name: '$patch: delete in a map empties it',
    gvk: POD,
    doc: pod({ nodeSelector: { a: '1' } }),
    patch: { spec: { nodeSelector: { $patch: 'delete' } } },
    want: pod({ nodeSelector: {} }),
  },
  {
    name: 'directives in a value new to the object are not validated, only dropped',
    gvk: DEPLOY,
    doc: deploy([]),
    patch: { spec: { strategy: { $retainKeys: 'not-a-list', type: 'Recreate' } } },
    want: deploy([], { strategy: { type: 'Recreate' } }),
  },
  {
    name: 'a new field arrives without nulls and directives',
    gvk: POD,
    doc: pod({}),
    patch: { spec: { affinity: { nodeAffinity: null, podAffinity: { x: 1 } }, volumes: [{ name: 'v', $patch: 'delete' }, { name: 'w' }] } },
    want: pod({ affinity: { podAffinity: { x: 1 } }, volumes: [{ name: 'w' }] }),
  },
  {
    name: 'a new list element drops nulls and directive keys',
    gvk: POD,
    doc: pod({ containers: [{ name: 'a' }] }),
    patch: { spec: { containers: [{ name: 'b', image: null, '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'X' }] }] } },
    want: pod({ containers: [{ name: 'b', env: [{ name: 'X' }] }, { name: 'a' }] }),
  },
  {
    name: 'null patch changes nothing',
    gvk: POD,
    doc: pod({ a: 1 }),
    patch: null,
    want: pod({ a: 1 }),
  },
  {
    name: 'a scalar replaced by a map and a map by a list take the patch value',
    gvk: POD,
    doc: { a: 'x', b: { c: 1 } },
    patch: { a: { y: 1 }, b: [1] },
    want: { a: { y: 1 }, b: [1] },
  },
  // Upstream golden cases (strategicpatch patch_test.go), mapped onto real fields.
  {
    name: 'golden: merge lists of scalars',
    gvk: POD,
    doc: pod({}, { finalizers: [1, 2, 4] }),
    patch: { metadata: { '$setElementOrder/finalizers': [1, 2, 3], finalizers: [3] } },
    want: pod({}, { finalizers: [1, 2, 3, 4] }),
  },
  {
    name: 'golden: add and delete items in lists of scalars',
    gvk: POD,
    doc: pod({}, { finalizers: [1, 2, 3, 4] }),
    patch: { metadata: { '$setElementOrder/finalizers': [1, 2, 4], '$deleteFromPrimitiveList/finalizers': [3] } },
    want: pod({}, { finalizers: [1, 2, 4] }),
  },
  {
    name: 'golden: merge lists of maps',
    gvk: POD,
    doc: pod({ containers: [{ name: '1', other: 'a' }, { name: '2', value: 2, other: 'b' }] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: '4' }, { name: '1' }, { name: '2' }, { name: '3' }],
      containers: [{ name: '4', value: 4 }, { name: '3', value: 3 }] } },
    want: pod({ containers: [{ name: '4', value: 4 }, { name: '1', other: 'a' }, { name: '2', value: 2, other: 'b' }, { name: '3', value: 3 }] }),
  },
  {
    name: 'golden: add map to merging list with a server-only item',
    gvk: POD,
    doc: pod({ containers: [{ name: '1', other: 'a' }, { name: '3' }] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: '1' }, { name: '2' }], containers: [{ name: '2' }] } },
    want: pod({ containers: [{ name: '1', other: 'a' }, { name: '2' }, { name: '3' }] }),
  },
  {
    name: 'golden: set elements order in a list with server-only items',
    gvk: POD,
    doc: pod({ containers: [{ name: '1', other: 'a' }, { name: '3', value: 3 }, { name: '4', value: 4 }, { name: '2', value: 2 }, { name: '9' }] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: '4' }, { name: '2' }, { name: '3' }, { name: '1' }] } },
    want: pod({ containers: [{ name: '4', value: 4 }, { name: '2', value: 2 }, { name: '3', value: 3 }, { name: '1', other: 'a' }, { name: '9' }] }),
  },
  {
    name: 'golden: delete map from merging list',
    gvk: POD,
    doc: pod({ containers: [{ name: '1', other: 'a' }, { name: '2', other: 'b' }] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: '2' }], containers: [{ name: '1', $patch: 'delete' }] } },
    want: pod({ containers: [{ name: '2', other: 'b' }] }),
  },
];

test('applyStrategicMergePatch merges as the apiserver does', () => {
  for (const c of cases) {
    const before = structuredClone(c.doc);
    const patchBefore = structuredClone(c.patch);
    assert.deepEqual(applyStrategicMergePatch(c.doc, c.patch, c.gvk), c.want, c.name);
    assert.deepEqual(c.doc, before, `${c.name}: doc untouched`);
    assert.deepEqual(c.patch, patchBefore, `${c.name}: patch untouched`);
  }
});

test('applyStrategicMergePatch places items the patch adds before server-only ones unless ordered', () => {
  const out = applyStrategicMergePatch(pod({ containers: [{ name: 'a' }] }), { spec: { containers: [{ name: 'b' }] } }, POD) as any;
  assert.deepEqual(names(out.spec.containers), ['b', 'a']);
  const ordered = applyStrategicMergePatch(pod({ containers: [{ name: 'a' }] }),
    { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }] } }, POD) as any;
  assert.deepEqual(names(ordered.spec.containers), ['a', 'b']);
});

interface ErrCase { name: string; doc?: unknown; patch: unknown; code: number; reason: string; message: string; gvk?: GVK }

const errorCases: ErrCase[] = [
  { name: 'array patch', patch: [], code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
  { name: 'string patch', patch: 'x', code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal string into Go value of type map[string]interface {}' },
  {
    name: 'list element without its merge key',
    doc: pod({ containers: [{ name: 'c', image: 'a' }] }),
    patch: { spec: { containers: [{ image: 'nginx:1.25' }] } },
    code: 500, reason: '', message: 'map: map[image:nginx:1.25] does not contain declared merge key: name',
  },
  {
    name: 'volume without its merge key (message prints nested maps)',
    doc: pod({ volumes: [{ name: 'v' }] }),
    patch: { spec: { volumes: [{ hostPath: { path: '/var/lib/kubelet/pods' } }] } },
    code: 500, reason: '', message: 'map: map[hostPath:map[path:/var/lib/kubelet/pods]] does not contain declared merge key: name',
  },
  {
    name: '$patch: delete element without merge key',
    doc: pod({ containers: [{ name: 'c' }] }),
    patch: { spec: { containers: [{ $patch: 'delete' }] } },
    code: 500, reason: '', message: 'map: map[$patch:delete] does not contain declared merge key: name',
  },
  {
    name: 'unknown $patch in a map',
    doc: pod({}, { labels: { a: '1' } }),
    patch: { metadata: { labels: { $patch: 'frob', b: '2' } } },
    code: 500, reason: '', message: 'unknown patch type: frob in map: map[$patch:frob b:2]',
  },
  {
    name: '$patch: merge in a map is unknown too',
    doc: pod({}, { labels: { a: '1' } }),
    patch: { metadata: { labels: { $patch: 'merge' } } },
    code: 500, reason: '', message: 'unknown patch type: merge in map: map[$patch:merge]',
  },
  {
    name: 'unknown $patch in a list element',
    doc: pod({ containers: [{ name: 'c' }] }),
    patch: { spec: { containers: [{ name: 'c', $patch: 'frob' }] } },
    code: 500, reason: '', message: 'unknown patch type: frob in map: map[$patch:frob name:c]',
  },
  {
    name: '$patch: merge in a list',
    doc: pod({ containers: [{ name: 'c' }] }),
    patch: { spec: { containers: [{ $patch: 'merge' }] } },
    code: 500, reason: '', message: 'merging lists cannot yet be specified in the patch',
  },
  {
    name: '$retainKeys not a list',
    doc: deploy([], { strategy: { type: 'RollingUpdate' } }),
    patch: { spec: { strategy: { $retainKeys: 'type', type: 'Recreate' } } },
    code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys',
  },
  {
    name: 'patch key missing from $retainKeys',
    doc: deploy([], { strategy: { type: 'RollingUpdate' } }),
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } },
    code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys',
  },
  {
    name: '$deleteFromPrimitiveList without a field',
    doc: pod({}, { finalizers: ['a'] }),
    patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
    code: 400, reason: 'BadRequest', message: 'invalid patch format of primitive list',
  },
  {
    name: '$setElementOrder with a bad prefix',
    doc: pod({ containers: [{ name: 'c' }] }),
    patch: { spec: { '$setElementOrderX/containers': [{ name: 'c' }] } },
    code: 400, reason: 'BadRequest', message: 'invalid patch format of setElementOrder list',
  },
  {
    name: '$setElementOrder not a list',
    doc: pod({ containers: [{ name: 'c' }] }),
    patch: { spec: { '$setElementOrder/containers': 'c' } },
    code: 500, reason: '', message: 'expected a []interface {}, but received a string',
  },
  {
    name: '$setElementOrder that contradicts the patch list',
    doc: pod({ containers: [{ name: 'a' }, { name: 'b' }] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } },
    code: 500, reason: '',
    message: 'The order in patch list:\n[map[name:b] map[name:a]]\n doesn\'t match $setElementOrder list:\n[map[name:a] map[name:b]]\n',
  },
  {
    name: 'lists of lists in a merge list',
    doc: pod({}, { finalizers: [['a']] }),
    patch: { metadata: { finalizers: [['b']] } },
    code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request',
  },
  {
    name: 'mixed element types in a merge list',
    doc: pod({}, { finalizers: ['a'] }),
    patch: { metadata: { finalizers: [1] } },
    code: 500, reason: '', message: 'list element types are not identical: [[a] [1]]',
  },
];

test('applyStrategicMergePatch fails as the apiserver does', () => {
  for (const c of errorCases) {
    assert.throws(() => applyStrategicMergePatch(c.doc ?? pod({}), c.patch, c.gvk ?? (c.doc && (c.doc as any).kind === 'Deployment' ? DEPLOY : POD)), (e: unknown) => {
      assert.ok(e instanceof ApiError, c.name);
      assert.equal(e.code, c.code, c.name);
      assert.equal(e.reason, c.reason, c.name);
      assert.equal(e.message, c.message, c.name);
      return true;
    }, c.name);
  }
});
