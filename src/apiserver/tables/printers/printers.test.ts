import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.js';
import { PRINTERS } from './index.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;
const meta = (name: string, extra: object = {}) => ({ name, namespace: 'default', creationTimestamp: ago(5 * MIN), ...extra });
const cells = (key: string, obj: object) => PRINTERS[key]!.cells(obj as KObject, NOW);
const tpl = { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } };

test('every printer has one cell per column', () => {
  for (const [key, p] of Object.entries(PRINTERS)) {
    assert.equal(p.cells({ metadata: { name: 'x' } }, NOW).length, p.columns.length, key);
    assert.equal(p.columns.filter((c) => c.format === 'name').length, 1, `${key} has one name column`);
  }
});

test('workload cells', () => {
  assert.deepEqual(cells('apps/deployments', { metadata: meta('web'), spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: tpl }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }),
    ['web', '2/3', 3, 2, '5m', 'app,side', 'nginx:1.25,busybox', 'app=web']);
  assert.deepEqual(cells('apps/replicasets', { metadata: meta('web-abc'), spec: { replicas: 2, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }, template: tpl }, status: { replicas: 2, readyReplicas: 1 } }),
    ['web-abc', 2, 2, 1, '5m', 'app,side', 'nginx:1.25,busybox', 'app=web,pod-template-hash=abc']);
  assert.deepEqual(cells('apps/statefulsets', { metadata: meta('db'), spec: { replicas: 3, template: tpl }, status: { readyReplicas: 2 } }).slice(0, 3), ['db', '2/3', '5m']);
  assert.deepEqual(cells('apps/daemonsets', { metadata: meta('agent'), spec: { selector: { matchLabels: { app: 'a' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } }),
  ['agent', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '5m', '', '', 'app=a']);
  assert.deepEqual(cells('apps/controllerrevisions', { metadata: { ...meta('web-7d'), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, revision: 2 }),
    ['web-7d', 'statefulset.apps/web', 2, '5m']);
});

test('job STATUS, COMPLETIONS and DURATION as in 1.30', () => {
  const job = (status: object, spec: object = {}, metadata: object = {}) => cells('batch/jobs', { metadata: meta('train', metadata), spec: { template: { spec: { containers: [] } }, ...spec }, status });
  assert.deepEqual(job({ startTime: ago(2 * MIN), active: 1 }, { completions: 1 }).slice(0, 4), ['train', 'Running', '0/1', '2m']);
  assert.deepEqual(job({ startTime: ago(3 * MIN), completionTime: ago(MIN), succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }, { completions: 1 }).slice(0, 4), ['train', 'Complete', '1/1', '2m']);
  assert.deepEqual(job({ conditions: [{ type: 'Failed', status: 'True' }] }, { parallelism: 3 }).slice(0, 4), ['train', 'Failed', '0/1 of 3', '']);
  assert.equal(job({ conditions: [{ type: 'Suspended', status: 'True' }] })[1], 'Suspended');
  assert.equal(job({}, {}, { deletionTimestamp: ago(0) })[1], 'Terminating');
  assert.equal(job({ conditions: [{ type: 'FailureTarget', status: 'True' }] })[1], 'FailureTarget');
});

test('cronjob cells', () => {
  assert.deepEqual(cells('batch/cronjobs', { metadata: meta('nightly'), spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [] } } } } }, status: { active: [{}], lastScheduleTime: ago(9 * HOUR) } }).slice(0, 7),
    ['nightly', '0 3 * * *', '<none>', 'false', 1, '9h', '5m']);
  assert.deepEqual(cells('batch/cronjobs', { metadata: meta('c'), spec: { schedule: '@hourly', timeZone: 'Etc/UTC', jobTemplate: {} } }).slice(0, 6), ['c', '@hourly', 'Etc/UTC', '<unset>', 0, '<none>']);
});

test('service cells: types, external IPs and ports', () => {
  const svc = (spec: object, status: object = {}) => cells('/services', { metadata: meta('web'), spec, status });
  assert.deepEqual(svc({ type: 'ClusterIP', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }),
    ['web', 'ClusterIP', '10.43.0.10', '<none>', '80/TCP', '5m', 'app=web']);
  assert.deepEqual(svc({ type: 'NodePort', clusterIPs: ['10.43.0.11'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }).slice(1, 5),
    ['NodePort', '10.43.0.11', '<none>', '80:30080/TCP,53/UDP']);
  assert.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.43.0.12'], ports: [] })[3], '<pending>');
  assert.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.43.0.12'], externalIPs: ['1.2.3.4'] }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } })[3], '5.6.7.8,1.2.3.4');
  assert.deepEqual(svc({ type: 'ExternalName', externalName: 'db.example.com' }).slice(1, 5), ['ExternalName', '<none>', 'db.example.com', '<none>']);
  assert.equal(svc({ type: 'ClusterIP', clusterIPs: ['None'], ports: [] })[2], 'None');
});

test('node STATUS and ROLES', () => {
  const node = (labels: object, conditions: object[], unschedulable = false) =>
    cells('/nodes', { metadata: { name: 'n1', labels, creationTimestamp: ago(3 * DAY) }, spec: { unschedulable }, status: { conditions, nodeInfo: { kubeletVersion: 'v1.30.0+skiff' }, addresses: [{ type: 'InternalIP', address: '192.168.1.5' }] } });
  assert.deepEqual(node({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }, [{ type: 'Ready', status: 'True' }]),
    ['n1', 'Ready', 'control-plane,master', '3d', 'v1.30.0+skiff', '192.168.1.5', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  assert.deepEqual(node({ 'kubernetes.io/role': 'gpu' }, [{ type: 'Ready', status: 'Unknown' }], true).slice(1, 3), ['NotReady,SchedulingDisabled', 'gpu']);
  assert.deepEqual(node({}, []).slice(1, 3), ['Unknown', '<none>']);
});

test('core object cells', () => {
  assert.deepEqual(cells('/namespaces', { metadata: meta('dev'), status: { phase: 'Active' } }), ['dev', 'Active', '5m']);
  assert.deepEqual(cells('/secrets', { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }), ['tls', 'kubernetes.io/tls', 2, '5m']);
  assert.deepEqual(cells('/configmaps', { metadata: meta('cfg'), data: { a: '1' }, binaryData: { b: '' } }), ['cfg', 2, '5m']);
  assert.deepEqual(cells('/serviceaccounts', { metadata: meta('default') }), ['default', 0, '5m']);
  assert.deepEqual(cells('/endpoints', { metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }, { ip: '10.42.0.3' }, { ip: '10.42.0.4' }], ports: [{ port: 8080 }] }] }),
    ['web', '10.42.0.1:8080,10.42.0.2:8080,10.42.0.3:8080 + 1 more...', '5m']);
  assert.deepEqual(cells('/endpoints', { metadata: meta('none') }), ['none', '<none>', '5m']);
  assert.deepEqual(cells('/persistentvolumeclaims', { metadata: meta('data'), spec: { volumeName: 'pv-1', storageClassName: 'local-path' }, status: { phase: 'Bound', capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteOnce'] } }),
    ['data', 'Bound', 'pv-1', '1Gi', 'RWO', 'local-path', '<unset>', '5m', '<unset>']);
  assert.deepEqual(cells('/persistentvolumes', { metadata: meta('pv-1'), spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'local-path', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } }),
    ['pv-1', '10Gi', 'RWO,RWX', 'Delete', 'Bound', 'default/data', 'local-path', '<unset>', '', '5m', 'Filesystem']);
  assert.deepEqual(cells('/resourcequotas', { metadata: meta('q'), status: { hard: { 'limits.cpu': '2', 'requests.memory': '1Gi', pods: '10' }, used: { 'limits.cpu': '500m', pods: '3' } } }),
    ['q', 'pods: 3/10, requests.memory: 0/1Gi', 'limits.cpu: 500m/2', '5m']);
});

test('event cells for core and events.k8s.io', () => {
  const core = { metadata: meta('web.17a'), involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' }, reason: 'BackOff', type: 'Warning',
    message: 'Back-off restarting failed container\n', source: { component: 'kubelet', host: 'n1' }, firstTimestamp: ago(10 * MIN), lastTimestamp: ago(MIN), count: 4 };
  assert.deepEqual(cells('/events', core), ['60s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{app}', 'kubelet, n1', 'Back-off restarting failed container', '10m', 4, 'web.17a']);
  const v1 = { metadata: meta('web.18b'), regarding: { kind: 'Deployment', name: 'web' }, reason: 'ScalingReplicaSet', type: 'Normal', note: 'Scaled up', reportingController: 'deployment-controller', eventTime: ago(3 * MIN) };
  assert.deepEqual(cells('events.k8s.io/events', v1), ['3m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up', '3m', 1, 'web.18b']);
});

test('cluster-level kinds', () => {
  assert.deepEqual(cells('networking.k8s.io/ingresses', { metadata: meta('web'), spec: { ingressClassName: 'traefik', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{}] }, status: { loadBalancer: { ingress: [{ ip: '192.168.1.5' }] } } }),
    ['web', 'traefik', 'a.example.com,b.example.com', '192.168.1.5', '80, 443', '5m']);
  assert.deepEqual(cells('networking.k8s.io/ingresses', { metadata: meta('any'), spec: {} }), ['any', '<none>', '*', '', '80', '5m']);
  assert.deepEqual(cells('networking.k8s.io/networkpolicies', { metadata: meta('deny'), spec: { podSelector: {} } }), ['deny', '<none>', '5m']);
  assert.deepEqual(cells('storage.k8s.io/storageclasses', { metadata: { ...meta('local-path'), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }),
    ['local-path (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '5m']);
  assert.deepEqual(cells('coordination.k8s.io/leases', { metadata: meta('n1'), spec: { holderIdentity: 'n1' } }), ['n1', 'n1', '5m']);
  assert.deepEqual(cells('discovery.k8s.io/endpointslices', { metadata: meta('web-x'), addressType: 'IPv4', ports: [{ port: 80 }, { name: 'metrics' }], endpoints: [{ addresses: ['10.42.0.1'] }] }),
    ['web-x', 'IPv4', '80,metrics', '10.42.0.1', '5m']);
  assert.deepEqual(cells('discovery.k8s.io/endpointslices', { metadata: meta('empty'), addressType: 'IPv4' }).slice(2, 4), ['<unset>', '<unset>']);
  assert.deepEqual(cells('scheduling.k8s.io/priorityclasses', { metadata: meta('high'), value: 1000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }), ['high', 1000, false, '5m', 'PreemptLowerPriority']);
  assert.deepEqual(cells('rbac.authorization.k8s.io/rolebindings', { metadata: meta('rb'), roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'build' }] }),
    ['rb', 'Role/reader', '5m', 'alice', 'devs', 'build/ci']);
  assert.deepEqual(cells('policy/poddisruptionbudgets', { metadata: meta('pdb'), spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }), ['pdb', '50%', 'N/A', 1, '5m']);
  assert.deepEqual(cells('autoscaling/horizontalpodautoscalers', { metadata: meta('web'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] } }),
  ['web', 'Deployment/web', 'cpu: 40%/80%', '1', 5, 2, '5m']);
  assert.equal(cells('autoscaling/horizontalpodautoscalers', { metadata: meta('v1'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } })[2], 'cpu: <unknown>/50%');
});
