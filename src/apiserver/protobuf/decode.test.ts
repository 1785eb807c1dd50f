import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../machinery/errors.js';
import { decodeK8sProtobuf } from './decode.js';
import { encodeK8sProtobuf } from './testing.js';

const CORE = 'k8s.io.api.core.v1';
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** An ObjectMeta as Go's marshaller writes it: every non-pointer field present, zero or not. */
function goMeta(extra: Record<string, unknown>): Record<string, unknown> {
  return { name: '', generateName: '', namespace: '', selfLink: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {}, ...extra };
}

function assertBadRequest(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    assert.match(e.message, pattern);
    return true;
  });
}

test('decodeK8sProtobuf decodes a Helm release Secret with labels, type and binary data', () => {
  const release = Buffer.from('H4sIAAAAAAAA/wEAAP//AAAAAAAAAAA=', 'base64');
  const body = encodeK8sProtobuf('v1', 'Secret', `${CORE}.Secret`, {
    metadata: goMeta({ name: 'sh.helm.release.v1.web.v1', namespace: 'default', labels: { name: 'web', owner: 'helm', status: 'deployed', version: '1' } }),
    data: { release },
    type: 'helm.sh/release.v1',
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name: 'sh.helm.release.v1.web.v1', namespace: 'default', creationTimestamp: null, labels: { name: 'web', owner: 'helm', status: 'deployed', version: '1' } },
    data: { release: release.toString('base64') },
    type: 'helm.sh/release.v1',
  });
});

test('decodeK8sProtobuf decodes DeleteOptions with only propagationPolicy', () => {
  const body = encodeK8sProtobuf('v1', 'DeleteOptions', `${META}.DeleteOptions`, { propagationPolicy: 'Background' });
  assert.deepEqual(decodeK8sProtobuf(body), { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
});

test('decodeK8sProtobuf keeps pointer zero values such as gracePeriodSeconds 0 and immutable false', () => {
  const del = encodeK8sProtobuf('meta.k8s.io/v1', 'DeleteOptions', `${META}.DeleteOptions`, { gracePeriodSeconds: 0, dryRun: ['All'] });
  assert.deepEqual(decodeK8sProtobuf(del), { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, dryRun: ['All'] });
  const cm = encodeK8sProtobuf('v1', 'ConfigMap', `${CORE}.ConfigMap`, { metadata: goMeta({ name: 'x' }), immutable: false });
  assert.deepEqual(decodeK8sProtobuf(cm), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', creationTimestamp: null }, immutable: false });
});

test('decodeK8sProtobuf decodes a ConfigMap with data and binaryData', () => {
  const body = encodeK8sProtobuf('v1', 'ConfigMap', `${CORE}.ConfigMap`, {
    metadata: goMeta({ name: 'x', namespace: 'ns1', annotations: { a: 'b' } }),
    data: { a: 'b', empty: '' }, binaryData: { bin: Buffer.from([0, 1, 255]) },
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'x', namespace: 'ns1', creationTimestamp: null, annotations: { a: 'b' } },
    data: { a: 'b', empty: '' }, binaryData: { bin: 'AAH/' },
  });
});

test('decodeK8sProtobuf decodes a Namespace with empty spec and status', () => {
  const body = encodeK8sProtobuf('v1', 'Namespace', `${CORE}.Namespace`, { metadata: goMeta({ name: 'team-a' }), spec: {}, status: { phase: '' } });
  assert.deepEqual(decodeK8sProtobuf(body), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', creationTimestamp: null }, spec: {}, status: {} });
});

test('decodeK8sProtobuf decodes the SelfSubjectAccessReview of `kubectl auth can-i create pods`', () => {
  const body = encodeK8sProtobuf('authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'k8s.io.api.authorization.v1.SelfSubjectAccessReview', {
    metadata: goMeta({}),
    spec: { resourceAttributes: { namespace: 'default', verb: 'create', group: '', version: '', resource: 'pods', subresource: '', name: '' } },
    status: { allowed: false, denied: false, reason: '', evaluationError: '' },
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: { creationTimestamp: null },
    spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
    status: { allowed: false },
  });
});

test('decodeK8sProtobuf decodes an Eviction carrying DeleteOptions', () => {
  const body = encodeK8sProtobuf('policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction', {
    metadata: goMeta({ name: 'web-1', namespace: 'default' }), deleteOptions: { gracePeriodSeconds: 30 },
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'default', creationTimestamp: null }, deleteOptions: { gracePeriodSeconds: 30 },
  });
});

test('decodeK8sProtobuf decodes the Deployment of `kubectl create deployment web --image=busybox --replicas=2`', () => {
  const labels = { app: 'web' };
  const body = encodeK8sProtobuf('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
    metadata: goMeta({ name: 'web', labels }),
    spec: {
      replicas: 2, selector: { matchLabels: labels },
      template: {
        metadata: goMeta({ labels }),
        spec: {
          containers: [{ name: 'busybox', image: 'busybox', workingDir: '', resources: {}, terminationMessagePath: '', imagePullPolicy: '', stdin: false, stdinOnce: false, tty: false }],
          restartPolicy: '', dnsPolicy: '', serviceAccountName: '', nodeName: '', hostNetwork: false, schedulerName: '',
        },
      },
      strategy: { type: '' }, minReadySeconds: 0, paused: false,
    },
    status: { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
  });
  assert.deepEqual(decodeK8sProtobuf(body), {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', creationTimestamp: null, labels },
    spec: {
      replicas: 2, selector: { matchLabels: labels },
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers: [{ name: 'busybox', image: 'busybox', resources: {} }] } },
      strategy: {},
    },
    status: {},
  });
});

test('decodeK8sProtobuf maps Time, MicroTime, Quantity, IntOrString, inline fields and int64', () => {
  const pod = encodeK8sProtobuf('v1', 'Pod', `${CORE}.Pod`, {
    metadata: goMeta({ name: 'p', creationTimestamp: { seconds: 1700000000 }, deletionTimestamp: { seconds: 1700000001, nanos: 5 }, generation: 3 }),
    spec: {
      containers: [{
        name: 'c', resources: { limits: { cpu: { string: '500m' } }, requests: { memory: { string: '1Gi' } } },
        readinessProbe: { handler: { httpGet: { path: '/healthz', port: { type: 0, intVal: 8080 } } }, periodSeconds: 5 },
        livenessProbe: { handler: { tcpSocket: { port: { type: 1, strVal: 'http' } } } },
      }],
      volumes: [{ name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'cm' }, defaultMode: 420 } } }],
      terminationGracePeriodSeconds: 0,
      activeDeadlineSeconds: 9007199254740991,
    },
  });
  assert.deepEqual(decodeK8sProtobuf(pod), {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', generation: 3, creationTimestamp: '2023-11-14T22:13:20Z', deletionTimestamp: '2023-11-14T22:13:21Z' },
    spec: {
      volumes: [{ name: 'cfg', configMap: { name: 'cm', defaultMode: 420 } }],
      containers: [{
        name: 'c', resources: { limits: { cpu: '500m' }, requests: { memory: '1Gi' } },
        livenessProbe: { tcpSocket: { port: 'http' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
      }],
      terminationGracePeriodSeconds: 0,
      activeDeadlineSeconds: 9007199254740991,
    },
  });
  const lease = encodeK8sProtobuf('coordination.k8s.io/v1', 'Lease', 'k8s.io.api.coordination.v1.Lease', {
    metadata: goMeta({ name: 'node-1', namespace: 'kube-node-lease' }), spec: { holderIdentity: 'node-1', renewTime: { seconds: 1700000000, nanos: 123456789 } },
  });
  assert.deepEqual(decodeK8sProtobuf(lease).spec, { holderIdentity: 'node-1', renewTime: '2023-11-14T22:13:20.123456Z' });
});

test('decodeK8sProtobuf renames BoundObjectReference.uID to uid and turns ExtraValue into a list', () => {
  const tr = encodeK8sProtobuf('authentication.k8s.io/v1', 'TokenRequest', 'k8s.io.api.authentication.v1.TokenRequest', {
    metadata: goMeta({}), spec: { audiences: ['api'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uID: 'u-1' }, expirationSeconds: 3600 },
  });
  assert.deepEqual(decodeK8sProtobuf(tr).spec, { audiences: ['api'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-1' }, expirationSeconds: 3600 });
  const ssr = encodeK8sProtobuf('authentication.k8s.io/v1', 'SelfSubjectReview', 'k8s.io.api.authentication.v1.SelfSubjectReview', {
    metadata: goMeta({}), status: { userInfo: { username: 'admin', groups: ['system:masters'], extra: { scopes: { items: ['a', 'b'] } } } },
  });
  assert.deepEqual(decodeK8sProtobuf(ssr).status, { userInfo: { username: 'admin', groups: ['system:masters'], extra: { scopes: ['a', 'b'] } } });
});

test('decodeK8sProtobuf takes apiVersion and kind from defaults when the envelope leaves them empty', () => {
  const body = encodeK8sProtobuf('', '', `${CORE}.ConfigMap`, { metadata: { name: 'x' } });
  assert.deepEqual(decodeK8sProtobuf(body, { apiVersion: 'v1', kind: 'ConfigMap' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  assertBadRequest(() => decodeK8sProtobuf(body), /^Object 'Kind' is missing/);
});

test('decodeK8sProtobuf rejects a bad magic, unknown kinds and non-top-level messages', () => {
  assertBadRequest(() => decodeK8sProtobuf(Buffer.from('{"kind":"Secret"}')), /does not appear to be a protobuf message/);
  assertBadRequest(() => decodeK8sProtobuf(Buffer.from('k8s')), /does not appear to be a protobuf message/);
  const unknownKind = encodeK8sProtobuf('v1', 'Frobnicator', `${CORE}.ConfigMap`, {});
  assertBadRequest(() => decodeK8sProtobuf(unknownKind), /^no kind "Frobnicator" is registered for version "v1"/);
  const notTopLevel = encodeK8sProtobuf('v1', 'PodSpec', `${CORE}.ConfigMap`, {});
  assertBadRequest(() => decodeK8sProtobuf(notTopLevel), /^no kind "PodSpec"/);
  const unknownGroup = encodeK8sProtobuf('example.com/v1', 'DeleteOptions', `${META}.DeleteOptions`, {});
  assertBadRequest(() => decodeK8sProtobuf(unknownGroup), /^no kind "DeleteOptions" is registered for version "example.com\/v1"/);
});

test('decodeK8sProtobuf reports the field path and byte offset of a wrong wire type or truncation', () => {
  // ConfigMap{ metadata{ name: varint 5 } }: field 1 of ObjectMeta must be length-delimited.
  const raw = Buffer.from([0x0a, 0x02, 0x08, 0x05]);
  const wrongWire = wrap('v1', 'ConfigMap', raw);
  assertBadRequest(() => decodeK8sProtobuf(wrongWire), /^unable to decode protobuf ConfigMap \(v1\): metadata\.name: wrong wire type varint for string field/);
  const truncated = wrap('v1', 'ConfigMap', Buffer.from([0x12, 0x05, 0x0a, 0x01, 0x61, 0x12]));
  assertBadRequest(() => decodeK8sProtobuf(truncated), /^unable to decode protobuf ConfigMap \(v1\): data: length 5 at byte 24 exceeds the 4 remaining bytes$/);
  const badEnvelope = Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0x80])]);
  assertBadRequest(() => decodeK8sProtobuf(badEnvelope), /^unable to decode protobuf envelope \(runtime\.Unknown\): unexpected end of data in varint at byte 5/);
});

/** Wraps raw object bytes in the envelope by hand, so tests can send bytes protobufjs would never produce. */
function wrap(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const tm = Buffer.concat([field(1, Buffer.from(apiVersion)), field(2, Buffer.from(kind))]);
  return Buffer.concat([Buffer.from('k8s\0'), field(1, tm), field(2, raw)]);
}

function field(n: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(n << 3) | 2, payload.length]), payload]);
}

test('decodeK8sProtobuf accepts every top-level kind of the schema under its apiVersion', () => {
  const kinds: Array<[string, string, string]> = [
    ['v1', 'Pod', 'core'], ['v1', 'Service', 'core'], ['v1', 'Binding', 'core'], ['v1', 'Event', 'core'], ['v1', 'ServiceAccount', 'core'],
    ['v1', 'PersistentVolumeClaim', 'core'], ['v1', 'ResourceQuota', 'core'],
    ['apps/v1', 'ReplicaSet', 'apps'], ['apps/v1', 'StatefulSet', 'apps'], ['apps/v1', 'DaemonSet', 'apps'],
    ['batch/v1', 'Job', 'batch'], ['batch/v1', 'CronJob', 'batch'], ['policy/v1', 'PodDisruptionBudget', 'policy'],
    ['authentication.k8s.io/v1', 'TokenReview', 'authentication'], ['authentication.k8s.io/v1beta1', 'SelfSubjectReview', 'authentication'],
    ['autoscaling/v1', 'Scale', 'autoscaling'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'rbac'],
  ];
  for (const [apiVersion, kind, group] of kinds) {
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1]! : apiVersion;
    const body = encodeK8sProtobuf(apiVersion, kind, `k8s.io.api.${group}.${version}.${kind}`, { metadata: { name: 'n' } });
    assert.deepEqual(decodeK8sProtobuf(body), { apiVersion, kind, metadata: { name: 'n' } }, `${apiVersion} ${kind}`);
  }
});
