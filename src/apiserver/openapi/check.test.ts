import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAPIService } from './service.js';
import { checkObject, strictDecodingMessage } from './check.js';

const svc = new OpenAPIService();
const DEPLOY = { group: 'apps', version: 'v1', kind: 'Deployment' };

function deployment(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: 1, memory: '1Gi' } } }] } }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } }, ...spec },
  };
}

test('checkObject: a valid Deployment has no findings', () => {
  const r = checkObject(svc, DEPLOY, deployment(), { mode: 'Strict' });
  assert.deepEqual([r.unknownFields, r.typeErrors, r.badRequest], [[], [], undefined]);
});

test('checkObject: Strict reports unknown fields with list indices and the Kubernetes message', () => {
  const obj = deployment({ foo: 1 });
  ((obj.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]).imagePullPolicyy = 'Always';
  const r = checkObject(svc, DEPLOY, obj, { mode: 'Strict' });
  // document order: `foo` comes after `template` in this object
  assert.deepEqual(r.unknownFields, ['spec.template.spec.containers[0].imagePullPolicyy', 'spec.foo']);
  assert.equal(r.badRequest, 'strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy", unknown field "spec.foo"');
});

test('checkObject: Warn returns warnings and no error; Ignore reports nothing; case matters', () => {
  const warn = checkObject(svc, DEPLOY, deployment({ Replicas: 3 }), { mode: 'Warn' });
  assert.deepEqual(warn.warnings, ['unknown field "spec.Replicas"']);
  assert.equal(warn.badRequest, undefined);
  const ignore = checkObject(svc, DEPLOY, deployment({ Replicas: 3 }), { mode: 'Ignore' });
  assert.deepEqual([ignore.unknownFields, ignore.warnings], [[], []]);
});

test('checkObject: wrong JSON types give the Go decoder message, first error wins', () => {
  const r = checkObject(svc, DEPLOY, deployment({ replicas: '3', paused: 'yes' }), { mode: 'Ignore' });
  assert.equal(r.badRequest, 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  assert.equal(r.typeErrors[1], 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool');
  assert.equal(r.errors[0].field, 'spec.replicas');
});

test('checkObject: nested, map, array and float type errors', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 1.5 }] }] } } }, 'json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
    [{ template: { spec: { containers: { name: 'c' } } } }, 'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'],
    [{ template: 'x' }, 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec'],
    [{ selector: { matchLabels: { app: 5 } } }, 'json: cannot unmarshal number into Go struct field LabelSelector.spec.selector.matchLabels of type string'],
    [{ strategy: { rollingUpdate: { maxSurge: true } } }, 'json: cannot unmarshal bool into Go value of type int32'],
  ];
  for (const [spec, msg] of cases) assert.equal(checkObject(svc, DEPLOY, { apiVersion: 'apps/v1', kind: 'Deployment', spec }, { mode: 'Strict' }).typeErrors[0], msg);
  const labels = checkObject(svc, { group: '', version: 'v1', kind: 'Pod' }, { metadata: { labels: { a: 1 } } }, { mode: 'Strict' });
  assert.equal(labels.badRequest, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
  const gen = checkObject(svc, { group: '', version: 'v1', kind: 'Pod' }, { metadata: { generation: 2 ** 40 }, spec: { activeDeadlineSeconds: 'x' } }, { mode: 'Strict' });
  assert.deepEqual(gen.typeErrors, ['json: cannot unmarshal string into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64']);
});

test('checkObject: unknown kinds are not checked', () => {
  assert.deepEqual(checkObject(svc, { group: 'x.io', version: 'v1', kind: 'Nope' }, { a: 1 }, { mode: 'Strict' }).unknownFields, []);
});

test('strictDecodingMessage: joins fields', () => {
  assert.equal(strictDecodingMessage(['a', 'b.c']), 'strict decoding error: unknown field "a", unknown field "b.c"');
});
