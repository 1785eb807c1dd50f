import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeConditions, notReadyMessage, type NodeConditionsInput } from './conditions.js';
import { buildNode } from './build.js';
import { nodeInfo } from './info.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const Mi = 1024 * 1024;
const healthy: NodeConditionsInput = {
  now: T0, memAvailable: 4000 * Mi, memCapacity: 8000 * Mi, diskAvailable: 50, diskCapacity: 100, pidsAvailable: 30000, pidMax: 32768,
  runtimeReady: true, networkReady: true,
};
const pick = (cs: ReturnType<typeof nodeConditions>) => Object.fromEntries(cs.map((c) => [c.type, `${c.status} ${c.reason}`]));

test('nodeConditions reports a healthy node with the kubelet reasons and messages', () => {
  const cs = nodeConditions(healthy);
  assert.deepEqual(cs.map((c) => c.type), ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
  assert.deepEqual(cs[3], { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z' });
  assert.equal(cs[0]!.message, 'kubelet has sufficient memory available');
});

test('nodeConditions raises pressure below the hard eviction thresholds', () => {
  const cs = nodeConditions({ ...healthy, memAvailable: 99 * Mi, diskAvailable: 9, pidsAvailable: 100, thresholds: { pidAvailable: '1%' } });
  assert.deepEqual(pick(cs), {
    MemoryPressure: 'True KubeletHasInsufficientMemory', DiskPressure: 'True KubeletHasDiskPressure',
    PIDPressure: 'True KubeletHasInsufficientPID', Ready: 'True KubeletReady',
  });
  assert.equal(pick(nodeConditions({ ...healthy, pidsAvailable: 1 })).PIDPressure, 'False KubeletHasSufficientPID', 'no PID threshold by default');
});

test('nodeConditions keeps lastTransitionTime while the status stays and moves heartbeats', () => {
  const first = nodeConditions(healthy);
  const later = nodeConditions({ ...healthy, now: T0 + 60_000, previous: first, networkReady: false, networkCondition: { type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni plugin not initialized' } });
  const ready = later.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.reason, ready.message, ready.lastTransitionTime, ready.lastHeartbeatTime],
    ['False', 'KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized', '2024-05-01T10:01:00Z', '2024-05-01T10:01:00Z']);
  const mem = later.find((c) => c.type === 'MemoryPressure')!;
  assert.deepEqual([mem.lastTransitionTime, mem.lastHeartbeatTime], ['2024-05-01T10:00:00Z', '2024-05-01T10:01:00Z']);
  assert.equal(notReadyMessage({ runtimeReady: false, networkReady: false }), '[container runtime is down, container runtime network not ready: NetworkReady=false reason: message:]');
});

test('buildNode sets the default labels, server roles, taints and daemon endpoint', () => {
  const info = { ...nodeInfo({ runtime: { runtimeName: 'containerd', runtimeVersion: '1.6.20' } }), architecture: 'amd64' };
  const n = buildNode({ name: 'srv', controlPlane: true, labels: { zone: 'a' }, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }],
    capacity: { cpu: '2' }, allocatable: { cpu: '2' }, conditions: nodeConditions(healthy), addresses: [{ type: 'Hostname', address: 'srv' }], nodeInfo: info });
  assert.deepEqual(n.metadata?.labels, {
    'kubernetes.io/hostname': 'srv', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64',
    'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true', zone: 'a',
  });
  assert.deepEqual(n.spec, { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] });
  assert.equal(n.status?.daemonEndpoints?.kubeletEndpoint?.Port, 10250);
  assert.equal(buildNode({ name: 'w', capacity: {}, allocatable: {}, conditions: [], addresses: [], nodeInfo: info }).metadata?.labels?.['node-role.kubernetes.io/master'], undefined);
});
