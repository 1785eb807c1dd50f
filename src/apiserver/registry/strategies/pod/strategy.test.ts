import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../../machinery/errors.js';
import type { KObject } from '../../../../api/types.js';
import { strategyFor } from '../index.js';
import { clone } from '../util.js';
import { defaultPullPolicy } from './defaults.js';
import { podQOSClass } from './strategy.js';

const pods = strategyFor('', 'pods');

function created(body: KObject): KObject & { spec: any; status: any } {
  const o = clone(body);
  pods.defaults(o);
  pods.prepareForCreate?.(o);
  return o as KObject & { spec: any; status: any };
}

const RUN_POD: KObject = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { run: 'p' } },
  spec: {
    containers: [{
      name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1', memory: '1Gi' } },
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      livenessProbe: { httpGet: { port: 80 } },
      volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
    }],
    volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'scratch' }, { name: 'h', hostPath: { path: '/tmp' } }],
  },
};

test('defaultPullPolicy follows the tag rule', () => {
  assert.equal(defaultPullPolicy('busybox'), 'Always');
  assert.equal(defaultPullPolicy('busybox:latest'), 'Always');
  assert.equal(defaultPullPolicy('busybox:1.36'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('localhost:5000/img'), 'Always');
  assert.equal(defaultPullPolicy('localhost:5000/img:v1'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('img@sha256:abc'), 'IfNotPresent');
});

test('pod defaults: spec, containers, probes, env, volumes, requests from limits, Pending status', () => {
  const p = created(RUN_POD);
  const c = p.spec.containers[0];
  assert.equal(c.imagePullPolicy, 'IfNotPresent');
  assert.equal(c.ports[0].protocol, 'TCP');
  assert.deepEqual(c.resources.requests, { cpu: '1', memory: '1Gi' });
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(p.spec.volumes, [
    { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }, { name: 'scratch', emptyDir: {} }, { name: 'h', hostPath: { path: '/tmp', type: '' } },
  ]);
  assert.equal(p.spec.enableServiceLinks, true);
  assert.equal(p.spec.serviceAccountName, 'default');
  assert.equal(p.spec.serviceAccount, 'default');
  assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'Guaranteed' });
  assert.deepEqual(pods.validate(p), []);
});

test('podQOSClass distinguishes the three classes', () => {
  assert.equal(podQOSClass({ containers: [{ name: 'a' }] }), 'BestEffort');
  assert.equal(podQOSClass({ containers: [{ resources: { requests: { cpu: '100m' } } }] }), 'Burstable');
  assert.equal(podQOSClass({ containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] }), 'Guaranteed');
});

test('pod validate: common mistakes', () => {
  const cases: [string, (p: any) => void, string[]][] = [
    ['no containers', (p) => { p.spec.containers = []; }, ['spec.containers: Required value']],
    ['unknown volume', (p) => { p.spec.containers[0].volumeMounts[0].name = 'nope'; }, ['spec.containers[0].volumeMounts[0].name: Not found: "nope"']],
    ['duplicate container', (p) => { p.spec.containers.push(clone(p.spec.containers[0])); }, ['spec.containers[1].name: Duplicate value: "app"']],
    ['two probe handlers', (p) => { p.spec.containers[0].livenessProbe.tcpSocket = { port: 80 }; }, ['spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type']],
    ['bad restartPolicy', (p) => { p.spec.restartPolicy = 'Sometimes'; }, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['two volume sources', (p) => { p.spec.volumes[0].emptyDir = {}; }, ['spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type']],
    ['liveness success threshold', (p) => { p.spec.containers[0].livenessProbe.successThreshold = 2; }, ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']],
  ];
  for (const [name, mutate, want] of cases) {
    const p = created(RUN_POD);
    mutate(p);
    assert.deepEqual(pods.validate(p).map(fieldErrorMessage), want, name);
  }
});

test('pod validateUpdate: image may change, other spec fields may not', () => {
  const old = created(RUN_POD);
  const img = clone(old); img.spec.containers[0].image = 'nginx:1.26';
  assert.deepEqual(pods.validateUpdate(img, old), []);
  const tol = clone(old); tol.spec.tolerations = [{ key: 'k', operator: 'Exists' }];
  assert.deepEqual(pods.validateUpdate(tol, old), []);
  const bad = clone(old); bad.spec.containers[0].ports[0].containerPort = 81;
  const errs = pods.validateUpdate(bad, old);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, 'spec');
  assert.match(errs[0].detail, /^pod updates may not change fields other than `spec.containers\[\*\].image`/);
});

test('pod prepareForUpdate keeps status; status update keeps spec', () => {
  const old = created(RUN_POD);
  old.status = { phase: 'Running' };
  const next = clone(old); next.status = { phase: 'Failed' };
  pods.prepareForUpdate?.(next, old);
  assert.deepEqual(next.status, { phase: 'Running' });
  const st = clone(old) as any; st.status = { phase: 'Succeeded' }; st.spec.nodeName = 'sneaky';
  pods.prepareForStatusUpdate?.(st, old);
  assert.equal(st.spec.nodeName, undefined);
  assert.equal(st.status.phase, 'Succeeded');
});

test('pod selectableFields', () => {
  const p = created(RUN_POD);
  p.spec.nodeName = 'n1';
  p.status.podIPs = [{ ip: '10.42.0.5' }];
  assert.deepEqual(pods.selectableFields(p), {
    'metadata.name': 'p', 'metadata.namespace': 'default', 'spec.nodeName': 'n1', 'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler', 'spec.serviceAccountName': 'default', 'spec.hostNetwork': 'false',
    'status.phase': 'Pending', 'status.podIP': '10.42.0.5', 'status.nominatedNodeName': '',
  });
});
