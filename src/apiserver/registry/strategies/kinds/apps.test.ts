import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage, invalid } from '../../../../machinery/errors.js';
import type { KObject } from '../../../../api/types.js';
import { strategyFor } from '../index.js';
import { clone } from '../util.js';

const deployments = strategyFor('apps', 'deployments');

/** What `kubectl create deployment web --image=busybox` POSTs. */
const KUBECTL_CREATE_DEPLOYMENT: KObject = {
  kind: 'Deployment', apiVersion: 'apps/v1',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: null as never, labels: { app: 'web' } },
  spec: {
    replicas: 1, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { creationTimestamp: null as never, labels: { app: 'web' } }, spec: { containers: [{ name: 'busybox', image: 'busybox', resources: {} }] } },
    strategy: {},
  },
  status: {},
};

function create(s: ReturnType<typeof strategyFor>, body: KObject): KObject {
  const o = clone(body);
  s.defaults(o);
  s.prepareForCreate?.(o);
  return o;
}

function messages(errs: ReturnType<typeof deployments.validate>): string[] {
  return errs.map(fieldErrorMessage);
}

test('deployment defaults: kubectl create deployment body becomes the fully defaulted object', () => {
  const d = create(deployments, KUBECTL_CREATE_DEPLOYMENT);
  assert.deepEqual(d.spec, {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        containers: [{
          name: 'busybox', image: 'busybox', resources: {}, imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        }],
        restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst',
        securityContext: {}, schedulerName: 'default-scheduler',
      },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  });
  assert.equal(d.status, undefined);
  assert.deepEqual(deployments.validate(d), []);
});

test('deployment validate: the messages users see for common mistakes', () => {
  const cases: [string, (d: KObject & { spec: any }) => void, string[]][] = [
    ['negative replicas', (d) => { d.spec.replicas = -1; }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['selector does not match', (d) => { d.spec.selector = { matchLabels: { app: 'other' } }; },
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['missing selector', (d) => { delete d.spec.selector; }, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['missing image', (d) => { delete d.spec.template.spec.containers[0].image; }, ['spec.template.spec.containers[0].image: Required value']],
    ['bad container name', (d) => { d.spec.template.spec.containers[0].name = 'Web_1'; },
      ["spec.template.spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]],
    ['both surge and unavailable zero', (d) => { d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']],
    ['restartPolicy Never', (d) => { d.spec.template.spec.restartPolicy = 'Never'; }, ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['port out of range', (d) => { d.spec.template.spec.containers[0].ports = [{ containerPort: 70000 }]; },
      ['spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['request above limit', (d) => { d.spec.template.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } }; },
      ['spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 500m']],
    ['bad label', (d) => { d.metadata!.labels = { 'a b': 'x' }; },
      ["metadata.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]],
  ];
  for (const [name, mutate, want] of cases) {
    const d = create(deployments, KUBECTL_CREATE_DEPLOYMENT) as KObject & { spec: any };
    mutate(d);
    deployments.defaults(d);
    assert.deepEqual(messages(deployments.validate(d)), want, name);
  }
});

test('deployment validate: the 422 message reads like the real server', () => {
  const d = create(deployments, KUBECTL_CREATE_DEPLOYMENT) as KObject & { spec: any };
  d.spec.replicas = -1;
  const e = invalid('Deployment', 'apps', 'web', deployments.validate(d));
  assert.equal(e.message, 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
});

test('deployment validateUpdate: selector is immutable', () => {
  const old = create(deployments, KUBECTL_CREATE_DEPLOYMENT) as KObject & { spec: any };
  old.metadata!.uid = 'u1';
  const next = clone(old);
  next.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
  next.spec.template.metadata.labels.tier = 'x';
  assert.deepEqual(messages(deployments.validateUpdate(next, old)), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  const scaled = clone(old); scaled.spec.replicas = 5;
  assert.deepEqual(deployments.validateUpdate(scaled, old), []);
});

test('statefulset defaults and forbidden spec updates', () => {
  const sts = strategyFor('apps', 'statefulsets');
  const o = create(sts, {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } },
  }) as KObject & { spec: any };
  assert.equal(o.spec.replicas, 1);
  assert.equal(o.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(o.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(o.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(o.spec.revisionHistoryLimit, 10);
  assert.equal(o.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  assert.deepEqual(sts.validate(o), []);
  const next = clone(o); next.spec.serviceName = 'other';
  assert.deepEqual(messages(sts.validateUpdate(next, o)), ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]);
});

test('daemonset defaults', () => {
  const ds = strategyFor('apps', 'daemonsets');
  const o = create(ds, { metadata: { name: 'agent', namespace: 'kube-system' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } } }) as KObject & { spec: any };
  assert.deepEqual(o.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(o.spec.revisionHistoryLimit, 10);
  assert.deepEqual(ds.validate(o), []);
});

test('replicaset selectable fields and status reset', () => {
  const rs = strategyFor('apps', 'replicasets');
  const o = create(rs, { metadata: { name: 'r', namespace: 'n' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } }, status: { replicas: 9 } });
  assert.equal((o.spec as any).replicas, 1);
  assert.equal(o.status, undefined);
  o.status = { replicas: 3 };
  assert.deepEqual(rs.selectableFields(o), { 'metadata.name': 'r', 'metadata.namespace': 'n', 'status.replicas': '3' });
});
