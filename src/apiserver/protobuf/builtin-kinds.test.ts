// The kinds beyond core/apps/batch: every writable built-in kind has a message, and the trickier mappings (CRD schema
// unions and recursion, inline PV sources, JSON names, Go nil → null) come out as the JSON form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../machinery/errors.js';
import { BUILTIN_RESOURCES, groupVersion } from '../resources.js';
import { decodeK8sProtobuf } from './decode.js';
import { messageForKind } from './kinds.js';
import { encodeK8sProtobuf } from './testing.js';

const CRD_PKG = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';
const json = (v: unknown): { raw: Buffer } => ({ raw: Buffer.from(JSON.stringify(v)) });

test('messageForKind covers every built-in kind a client can create or update', () => {
  const missing: string[] = [];
  for (const r of BUILTIN_RESOURCES) {
    const gv = groupVersion(r.group, r.version);
    if (r.verbs.some((v) => v === 'create' || v === 'update') && !messageForKind(gv, r.kind)) missing.push(`${gv} ${r.kind}`);
    for (const s of r.subresources) {
      const kind = s.kind ?? r.kind;
      if (kind.endsWith('Options') || !s.verbs.some((v) => v === 'create' || v === 'update')) continue;
      const sgv = groupVersion(s.group ?? r.group, s.version ?? r.version);
      if (!messageForKind(sgv, kind)) missing.push(`${sgv} ${kind} (${r.resource}/${s.name})`);
    }
  }
  assert.deepEqual(missing, []);
});

test('decodeK8sProtobuf decodes a CRD schema: recursion, JSON values and the Or-unions', () => {
  const str = { type: 'string' };
  const body = encodeK8sProtobuf('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${CRD_PKG}.CustomResourceDefinition`, {
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
      versions: [{
        name: 'v1', served: true, storage: false,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size', priority: 0 }],
        schema: {
          openAPIV3Schema: {
            type: 'object', xKubernetesPreserveUnknownFields: false,
            properties: {
              spec: {
                type: 'object', required: ['size'],
                properties: {
                  size: { type: 'integer', maximum: 10.5, minimum: 0, default: json(3), xKubernetesIntOrString: true },
                  mode: { type: 'string', enum: [json('a'), json('b')], ref: '', schema: 'http://json-schema.org/draft-04/schema#' },
                  tags: { type: 'array', items: { schema: str }, xKubernetesListType: 'set' },
                  pair: { type: 'array', items: { jSONSchemas: [str, { type: 'integer' }] } },
                  labels: { type: 'object', additionalProperties: { allows: true, schema: str } },
                  closed: { type: 'object', additionalProperties: { allows: false } },
                },
                dependencies: { size: { property: ['mode'] }, mode: { schema: { required: ['tags'] } } },
                xKubernetesValidations: [{ rule: 'self.size >= 0', message: 'neg' }],
              },
            },
          },
        },
      }],
      conversion: { strategy: 'None' },
    },
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
      versions: [{
        name: 'v1', served: true, storage: false,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        schema: {
          openAPIV3Schema: {
            type: 'object', 'x-kubernetes-preserve-unknown-fields': false,
            properties: {
              spec: {
                type: 'object', required: ['size'],
                properties: {
                  size: { type: 'integer', maximum: 10.5, minimum: 0, default: 3, 'x-kubernetes-int-or-string': true },
                  mode: { type: 'string', enum: ['a', 'b'], $ref: '', $schema: 'http://json-schema.org/draft-04/schema#' },
                  tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                  pair: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  closed: { type: 'object', additionalProperties: false },
                },
                dependencies: { size: ['mode'], mode: { required: ['tags'] } },
                'x-kubernetes-validations': [{ rule: 'self.size >= 0', message: 'neg' }],
              },
            },
          },
        },
      }],
      conversion: { strategy: 'None' },
    },
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n >>>= 7) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return out;
}

/** A length-delimited field: varint tag, varint length, payload. */
function ld(field: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(payload.length)]), payload]);
}

/** A CRD whose schema nests `levels` objects through properties.a, written by hand (protobufjs stops at 100 levels). */
function deepCrd(levels: number): Buffer {
  let schema: Buffer = ld(5, Buffer.from('string')); // JSONSchemaProps{type}
  for (let i = 0; i < levels; i++) schema = Buffer.concat([ld(5, Buffer.from('object')), ld(29, Buffer.concat([ld(1, Buffer.from('a')), ld(2, schema)]))]);
  const version = Buffer.concat([ld(1, Buffer.from('v1')), ld(4, ld(1, schema))]);
  const crd = Buffer.concat([ld(1, ld(1, Buffer.from('deep.example.com'))), ld(2, ld(7, version))]);
  const typeMeta = Buffer.concat([ld(1, Buffer.from('apiextensions.k8s.io/v1')), ld(2, Buffer.from('CustomResourceDefinition'))]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), ld(1, typeMeta), ld(2, crd)]);
}

test('decodeK8sProtobuf follows a CRD schema 120 levels deep and rejects nesting deeper than MAX_DEPTH', () => {
  const obj = decodeK8sProtobuf(deepCrd(120)) as unknown as { spec: { versions: Array<{ schema: { openAPIV3Schema: Record<string, unknown> } }> } };
  let schema = obj.spec.versions[0]!.schema.openAPIV3Schema;
  for (let i = 0; i < 120; i++) {
    assert.equal(schema.type, 'object');
    schema = (schema.properties as Record<string, Record<string, unknown>>).a!;
  }
  assert.deepEqual(schema, { type: 'string' });
  assert.throws(() => decodeK8sProtobuf(deepCrd(300)), (e: unknown) => e instanceof ApiError && e.code === 400 && /message nesting exceeds 256 levels/.test(e.message));
});

test('decodeK8sProtobuf writes null for absent Go slices without omitempty and for zero Times', () => {
  const body = encodeK8sProtobuf('rbac.authorization.k8s.io/v1', 'ClusterRole', 'k8s.io.api.rbac.v1.ClusterRole', {
    metadata: { name: 'monitoring', creationTimestamp: {} },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'monitoring', creationTimestamp: null },
    rules: null, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
  });
});

test('decodeK8sProtobuf decodes networking/v1 Ingress, IngressClass and NetworkPolicy', () => {
  const ing = encodeK8sProtobuf('networking.k8s.io/v1', 'Ingress', 'k8s.io.api.networking.v1.Ingress', {
    metadata: { name: 'ing' },
    spec: {
      ingressClassName: 'nginx', tls: [{ hosts: ['foo.com'], secretName: 'cert' }],
      rules: [{ host: 'foo.com', ingressRuleValue: { http: { paths: [{ path: '/bar', pathType: 'Prefix', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] } } }],
    },
    status: { loadBalancer: {} },
  });
  assert.deepEqual(decodeK8sProtobuf(ing), {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ing' },
    spec: {
      ingressClassName: 'nginx', tls: [{ hosts: ['foo.com'], secretName: 'cert' }],
      rules: [{ host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Prefix', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] } }],
    },
    status: { loadBalancer: {} },
  });
  const cls = encodeK8sProtobuf('networking.k8s.io/v1', 'IngressClass', 'k8s.io.api.networking.v1.IngressClass', {
    metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { aPIGroup: 'k8s.example.com', kind: 'Params', name: 'p', scope: 'Cluster' } },
  });
  assert.deepEqual(decodeK8sProtobuf(cls).spec, { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p', scope: 'Cluster' } });
  const np = encodeK8sProtobuf('networking.k8s.io/v1', 'NetworkPolicy', 'k8s.io.api.networking.v1.NetworkPolicy', {
    metadata: { name: 'deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: { type: 0, intVal: 80 }, endPort: 90 }] }] },
  });
  assert.deepEqual(decodeK8sProtobuf(np).spec, {
    podSelector: {}, policyTypes: ['Ingress'],
    ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 80, endPort: 90 }] }],
  });
});

test('decodeK8sProtobuf decodes autoscaling/v2 metrics with quantities and behavior', () => {
  const body = encodeK8sProtobuf('autoscaling/v2', 'HorizontalPodAutoscaler', 'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler', {
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 4,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: { string: '1k' } } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] } },
    },
  });
  assert.deepEqual(decodeK8sProtobuf(body).spec, {
    scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 4,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] } },
  });
});

test('decodeK8sProtobuf decodes a PersistentVolume with its inline source and a VolumeAttachment carrying a PV spec', () => {
  const spec = {
    capacity: { storage: { string: '1Gi' } }, persistentVolumeSource: { hostPath: { path: '/data', type: 'DirectoryOrCreate' } },
    accessModes: ['ReadWriteOnce'], claimRef: { namespace: 'default', name: 'c' }, persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'manual',
  };
  const want = {
    capacity: { storage: '1Gi' }, hostPath: { path: '/data', type: 'DirectoryOrCreate' },
    accessModes: ['ReadWriteOnce'], claimRef: { namespace: 'default', name: 'c' }, persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'manual',
  };
  const pv = encodeK8sProtobuf('v1', 'PersistentVolume', 'k8s.io.api.core.v1.PersistentVolume', { metadata: { name: 'pv1' }, spec, status: { phase: 'Available' } });
  assert.deepEqual(decodeK8sProtobuf(pv), { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: want, status: { phase: 'Available' } });
  const va = encodeK8sProtobuf('storage.k8s.io/v1', 'VolumeAttachment', 'k8s.io.api.storage.v1.VolumeAttachment', {
    metadata: { name: 'va' }, spec: { attacher: 'csi.example.com', nodeName: 'n1', source: { inlineVolumeSpec: spec } }, status: { attached: false },
  });
  assert.deepEqual(decodeK8sProtobuf(va).spec, { attacher: 'csi.example.com', nodeName: 'n1', source: { inlineVolumeSpec: want } });
  assert.deepEqual(decodeK8sProtobuf(va).status, { attached: false });
});

test('decodeK8sProtobuf decodes storage, scheduling, discovery and events kinds', () => {
  const sc = encodeK8sProtobuf('storage.k8s.io/v1', 'StorageClass', 'k8s.io.api.storage.v1.StorageClass', {
    metadata: { name: 'fast' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: false,
    allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }],
  });
  assert.deepEqual(decodeK8sProtobuf(sc), {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'kubernetes.io/no-provisioner',
    allowVolumeExpansion: false, volumeBindingMode: 'WaitForFirstConsumer', allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }],
  });
  const pc = encodeK8sProtobuf('scheduling.k8s.io/v1', 'PriorityClass', 'k8s.io.api.scheduling.v1.PriorityClass', { metadata: { name: 'pc' }, value: 0, globalDefault: false });
  assert.deepEqual(decodeK8sProtobuf(pc), { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'pc' }, value: 0 });
  const es = encodeK8sProtobuf('discovery.k8s.io/v1', 'EndpointSlice', 'k8s.io.api.discovery.v1.EndpointSlice', {
    metadata: { name: 'web-abc' }, addressType: 'IPv4',
    endpoints: [{ addresses: ['10.42.0.5'], conditions: { ready: false }, nodeName: 'n1', targetRef: { kind: 'Pod', name: 'web-1' } }],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  });
  assert.deepEqual(decodeK8sProtobuf(es), {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc' }, addressType: 'IPv4',
    endpoints: [{ addresses: ['10.42.0.5'], conditions: { ready: false }, nodeName: 'n1', targetRef: { kind: 'Pod', name: 'web-1' } }],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  });
  const ev = encodeK8sProtobuf('events.k8s.io/v1', 'Event', 'k8s.io.api.events.v1.Event', {
    metadata: { name: 'e1' }, eventTime: { seconds: 1700000000, nanos: 5000 }, reportingController: 'skiff/scheduler', reportingInstance: 'i',
    action: 'Scheduling', reason: 'FailedScheduling', regarding: { kind: 'Pod', name: 'p' }, note: 'no nodes', type: 'Warning',
    series: { count: 2, lastObservedTime: { seconds: 1700000001 } },
  });
  assert.deepEqual(decodeK8sProtobuf(ev), {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e1' }, eventTime: '2023-11-14T22:13:20.000005Z',
    series: { count: 2, lastObservedTime: '2023-11-14T22:13:21.000000Z' }, reportingController: 'skiff/scheduler', reportingInstance: 'i',
    action: 'Scheduling', reason: 'FailedScheduling', regarding: { kind: 'Pod', name: 'p' }, note: 'no nodes', type: 'Warning',
  });
});

test('decodeK8sProtobuf decodes core Node, LimitRange, ReplicationController and Endpoints', () => {
  const node = encodeK8sProtobuf('v1', 'Node', 'k8s.io.api.core.v1.Node', {
    metadata: { name: 'n1' },
    spec: { podCIDR: '10.42.1.0/24', taints: [{ key: 'k', effect: 'NoSchedule', timeAdded: { seconds: 1700000000 } }] },
    status: { capacity: { cpu: { string: '4' } }, daemonEndpoints: { kubeletEndpoint: { Port: 10250 } }, nodeInfo: { kubeletVersion: 'v1.30.0' } },
  });
  assert.deepEqual(decodeK8sProtobuf(node), {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' },
    spec: { podCIDR: '10.42.1.0/24', taints: [{ key: 'k', effect: 'NoSchedule', timeAdded: '2023-11-14T22:13:20Z' }] },
    status: { capacity: { cpu: '4' }, daemonEndpoints: { kubeletEndpoint: { Port: 10250 } }, nodeInfo: { kubeletVersion: 'v1.30.0' } },
  });
  const lr = encodeK8sProtobuf('v1', 'LimitRange', 'k8s.io.api.core.v1.LimitRange', {
    metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { memory: { string: '512Mi' } } }] },
  });
  assert.deepEqual(decodeK8sProtobuf(lr).spec, { limits: [{ type: 'Container', default: { memory: '512Mi' } }] });
  const rc = encodeK8sProtobuf('v1', 'ReplicationController', 'k8s.io.api.core.v1.ReplicationController', {
    metadata: { name: 'rc' }, spec: { replicas: 0, selector: { app: 'x' }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  assert.deepEqual(decodeK8sProtobuf(rc).spec, { replicas: 0, selector: { app: 'x' }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
  const ep = encodeK8sProtobuf('v1', 'Endpoints', 'k8s.io.api.core.v1.Endpoints', {
    metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.42.0.5', targetRef: { kind: 'Pod', name: 'web-1' } }], ports: [{ port: 80 }] }],
  });
  assert.deepEqual(decodeK8sProtobuf(ep).subsets, [{ addresses: [{ ip: '10.42.0.5', targetRef: { kind: 'Pod', name: 'web-1' } }], ports: [{ port: 80 }] }]);
});

test('decodeK8sProtobuf decodes SubjectAccessReview extra values and a ControllerRevision RawExtension', () => {
  const sar = encodeK8sProtobuf('authorization.k8s.io/v1', 'SubjectAccessReview', 'k8s.io.api.authorization.v1.SubjectAccessReview', {
    metadata: {}, spec: { user: 'alice', groups: ['devs'], extra: { scopes: { items: ['a'] } }, resourceAttributes: { verb: 'get', resource: 'pods' } },
  });
  assert.deepEqual(decodeK8sProtobuf(sar).spec, { resourceAttributes: { verb: 'get', resource: 'pods' }, user: 'alice', groups: ['devs'], extra: { scopes: ['a'] } });
  const cr = encodeK8sProtobuf('apps/v1', 'ControllerRevision', 'k8s.io.api.apps.v1.ControllerRevision', {
    metadata: { name: 'web-1' }, data: { raw: Buffer.from('{"spec":{"template":{}}}') }, revision: 0,
  });
  assert.deepEqual(decodeK8sProtobuf(cr), { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, data: { spec: { template: {} } }, revision: 0 });
});
