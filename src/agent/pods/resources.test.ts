import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { linuxResources, milliCPUToQuota, milliCPUToShares, sandboxResources } from './resources.js';
import { computeQosClass, containerOomScoreAdj, qosClass } from './qos.js';

const GI = 1024 ** 3;
const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>): Container => ({ name, resources: { requests, limits } });
const pod = (containers: Container[], initContainers: Container[] = [], extra: Partial<Pod['spec']> = {}): Pod => ({ metadata: { name: 'p' }, spec: { containers, initContainers, ...extra } });

test('milliCPUToShares and milliCPUToQuota match the kubelet table', () => {
  const shares: [number, number][] = [[0, 2], [1, 2], [2, 2], [100, 102], [250, 256], [1000, 1024], [1500, 1536], [300000, 262144]];
  for (const [m, s] of shares) assert.equal(milliCPUToShares(m), s, `shares(${m})`);
  const quota: [number, number][] = [[0, 0], [5, 1000], [9, 1000], [10, 1000], [200, 20000], [500, 50000], [1500, 150000]];
  for (const [m, q] of quota) assert.equal(milliCPUToQuota(m), q, `quota(${m})`);
});

test('computeQosClass over containers and init containers', () => {
  const cases: [Pod, string][] = [
    [pod([c('a')]), 'BestEffort'],
    [pod([c('a', { cpu: '0' })]), 'BestEffort'],
    [pod([c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]), 'Guaranteed'],
    [pod([c('a', undefined, { cpu: '1', memory: '1Gi' })]), 'Burstable'], // no API defaulting here: requests missing
    [pod([c('a', { cpu: '1', memory: '1Gi' }, { cpu: '2', memory: '1Gi' })]), 'Burstable'],
    [pod([c('a', { cpu: '1' }, { cpu: '1' })]), 'Burstable'],
    [pod([c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })], [c('i', { memory: '1Gi' })]), 'Burstable'],
    [pod([c('a', { 'nvidia.com/gpu': '1' }, { 'nvidia.com/gpu': '1' })]), 'BestEffort'],
  ];
  for (const [p, want] of cases) assert.equal(computeQosClass(p), want, JSON.stringify(p.spec));
  const stamped = { ...pod([c('a')]), status: { qosClass: 'Burstable' } };
  assert.equal(qosClass(stamped), 'Burstable');
});

test('containerOomScoreAdj by QoS, clamped for Burstable', () => {
  const be = pod([c('a')]);
  assert.equal(containerOomScoreAdj(be, be.spec!.containers[0]!, 8 * GI), 1000);
  const g = pod([c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]);
  assert.equal(containerOomScoreAdj(g, g.spec!.containers[0]!, 8 * GI), -997);
  const b = pod([c('a', { memory: '2Gi' }), c('b', { cpu: '100m' }), c('c', { memory: '8Gi' })]);
  assert.equal(containerOomScoreAdj(b, b.spec!.containers[0]!, 8 * GI), 750);
  assert.equal(containerOomScoreAdj(b, b.spec!.containers[1]!, 8 * GI), 999);
  assert.equal(containerOomScoreAdj(b, b.spec!.containers[2]!, 8 * GI), 3);
  const critical = pod([c('a')], [], { priorityClassName: 'system-node-critical', priority: 2000001000 });
  assert.equal(containerOomScoreAdj(critical, critical.spec!.containers[0]!, 8 * GI), -997);
  const side = pod([c('main', { memory: '4Gi' })], [{ ...c('side', { memory: '1Gi' }), restartPolicy: 'Always' }]);
  assert.equal(containerOomScoreAdj(side, side.spec!.initContainers![0]!, 8 * GI), 500);
});

test('linuxResources: shares from request (or limit), quota from limit, memory limit', () => {
  const table: [Container, object][] = [
    [c('a'), { cpuShares: 2, cpuQuota: 0, cpuPeriod: 100000, memoryLimitInBytes: 0, oomScoreAdj: 1000 }],
    [c('a', { cpu: '250m' }, { cpu: '500m', memory: '128Mi' }), { cpuShares: 256, cpuQuota: 50000, cpuPeriod: 100000, memoryLimitInBytes: 128 * 1024 ** 2, oomScoreAdj: 999 }],
    [c('a', undefined, { cpu: '2' }), { cpuShares: 2048, cpuQuota: 200000, cpuPeriod: 100000, memoryLimitInBytes: 0, oomScoreAdj: 999 }],
  ];
  for (const [container, want] of table) {
    const r = linuxResources(container, pod([container]), { memoryCapacityBytes: 8 * GI });
    assert.deepEqual({ cpuShares: r.cpuShares, cpuQuota: r.cpuQuota, cpuPeriod: r.cpuPeriod, memoryLimitInBytes: r.memoryLimitInBytes, oomScoreAdj: r.oomScoreAdj }, want);
    assert.equal(r.cpusetCpus, '');
  }
});

test('sandboxResources sums containers and takes the max with init containers', () => {
  const p = pod(
    [c('a', { cpu: '100m' }, { cpu: '200m', memory: '100Mi' }), c('b', { cpu: '300m' }, { cpu: '300m', memory: '50Mi' })],
    [c('init', { cpu: '1' }, { cpu: '1', memory: '10Mi' })],
  );
  const r = sandboxResources(p);
  assert.equal(r.cpuShares, 1024);
  assert.equal(r.cpuQuota, 100000);
  assert.equal(r.memoryLimitInBytes, 150 * 1024 ** 2);
  assert.equal(sandboxResources(pod([c('a')])).cpuShares, 2);
});
