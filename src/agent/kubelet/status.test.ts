import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { c, inst, makePod, probes, readySandbox, runtime, sidecar } from './fixtures.js';
import { generatePodStatus, type PodStatusContext } from './status.js';
import type { PodRuntimeState } from './types.js';
import { noProbeResults } from './types.js';

const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);
const ctx = (over: Partial<PodStatusContext> = {}): PodStatusContext => ({ now: NOW, probeResults: noProbeResults, hostIPs: ['192.168.1.10'], ...over });
const condView = (s: PodStatus) => Object.fromEntries((s.conditions ?? []).map((x) => [x.type, [x.status, x.reason ?? '', x.message ?? '']]));
const gen = (pod: Pod, state: PodRuntimeState, over: Partial<PodStatusContext> = {}) => generatePodStatus(pod, state, ctx(over));

test('generatePodStatus: a new pod waits in ContainerCreating', () => {
  const s = gen(makePod(), runtime([], []));
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: 'ContainerCreating' } });
  assert.deepEqual(condView(s), {
    PodReadyToStartContainers: ['False', '', ''],
    Initialized: ['True', '', ''],
    Ready: ['False', 'ContainersNotReady', 'containers with unready status: [web]'],
    ContainersReady: ['False', 'ContainersNotReady', 'containers with unready status: [web]'],
    PodScheduled: ['True', '', ''],
  });
  assert.deepEqual(s.conditions?.map((x) => x.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  assert.equal(s.startTime, rfc3339(NOW));
  assert.equal(s.qosClass, 'BestEffort');
  assert.equal(s.podIP, undefined);
  assert.equal(s.hostIP, '192.168.1.10');
  assert.deepEqual(s.hostIPs, [{ ip: '192.168.1.10' }]);
});

test('generatePodStatus: running and ready', () => {
  const web = c('web');
  const r = inst(web, 'RUNNING', { id: 'abc', startedAt: NOW - 5000, imageRef: 'sha256:deadbeef', image: 'docker.io/img/web:latest' });
  const s = gen(makePod({ containers: [web] }), runtime([r], [readySandbox({ ip: '10.42.0.7' })]));
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.42.0.7');
  assert.deepEqual(s.podIPs, [{ ip: '10.42.0.7' }]);
  assert.deepEqual(s.containerStatuses, [{
    name: 'web', restartCount: 0, image: 'docker.io/img/web:latest', imageID: 'sha256:deadbeef', containerID: 'containerd://abc',
    ready: true, started: true, state: { running: { startedAt: rfc3339(NOW - 5000) } },
  }]);
  assert.deepEqual(condView(s).Ready, ['True', '', '']);
  assert.deepEqual(condView(s).PodReadyToStartContainers, ['True', '', '']);
});

test('generatePodStatus: readiness and startup probes drive ready and started', () => {
  const web = c('web', { readinessProbe: { httpGet: { port: 80 } }, startupProbe: { tcpSocket: { port: 80 } } });
  const r = inst(web, 'RUNNING', { id: 'w1' });
  const pod = makePod({ containers: [web] });
  const cases: [string, Record<string, string>, boolean, boolean][] = [
    ['no results yet', {}, false, false],
    ['started, readiness pending', { startup: 'Success' }, true, false],
    ['started and ready', { startup: 'Success', readiness: 'Success' }, true, true],
    ['readiness success but not started', { readiness: 'Success' }, false, false],
    ['readiness failed', { startup: 'Success', readiness: 'Failure' }, true, false],
  ];
  for (const [name, res, started, ready] of cases) {
    const s = gen(pod, runtime([r]), { probeResults: probes({ w1: res as never }) });
    assert.equal(s.containerStatuses?.[0]?.started, started, name);
    assert.equal(s.containerStatuses?.[0]?.ready, ready, name);
    assert.equal(s.phase, 'Running', name);
  }
});

test('generatePodStatus: CrashLoopBackOff shows waiting with the last termination', () => {
  const web = c('web');
  const older = inst(web, 'EXITED', { id: 'old', exitCode: 2, reason: 'Error', restartCount: 1, createdAt: 10, startedAt: NOW - 60_000, finishedAt: NOW - 50_000 });
  const newer = inst(web, 'EXITED', { id: 'new', exitCode: 1, reason: 'Error', restartCount: 2, createdAt: 20, startedAt: NOW - 20_000, finishedAt: NOW - 10_000 });
  const s = gen(makePod(), runtime([older, newer]), { waitingReasons: { web: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=web pod=p_ns(uid1)' } } });
  const cs = s.containerStatuses![0]!;
  assert.deepEqual(cs.state, { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=web pod=p_ns(uid1)' } });
  assert.deepEqual(cs.lastState, { terminated: { exitCode: 1, reason: 'Error', startedAt: rfc3339(NOW - 20_000), finishedAt: rfc3339(NOW - 10_000), containerID: 'containerd://new' } });
  assert.equal(cs.restartCount, 2);
  assert.equal(cs.containerID, 'containerd://new');
  assert.equal(s.phase, 'Running');
});

test('generatePodStatus: image pull errors show on a container that never ran', () => {
  const s = gen(makePod(), runtime([]), { waitingReasons: { web: { reason: 'ErrImagePull', message: 'failed to pull' } } });
  assert.deepEqual(s.containerStatuses![0]!.state, { waiting: { reason: 'ErrImagePull', message: 'failed to pull' } });
  assert.equal(s.phase, 'Pending');
  const b = gen(makePod(), runtime([]), { waitingReasons: { web: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } } });
  assert.equal(b.containerStatuses![0]!.state?.waiting?.reason, 'ImagePullBackOff');
});

test('generatePodStatus: a waiting reason is ignored for a container that will not restart', () => {
  const web = c('web');
  const s = gen(makePod({ restartPolicy: 'Never' }), runtime([inst(web, 'EXITED', { exitCode: 1 })]), { waitingReasons: { web: { reason: 'CrashLoopBackOff', message: 'x' } } });
  assert.equal(s.containerStatuses![0]!.state?.terminated?.exitCode, 1);
  assert.equal(s.phase, 'Failed');
});

test('generatePodStatus: OOMKilled and the termination message file', () => {
  const web = c('web');
  const s = gen(makePod({ restartPolicy: 'Never' }), runtime([inst(web, 'EXITED', { id: 'x', exitCode: 137, reason: 'OOMKilled', terminationMessage: 'out of memory\n', startedAt: NOW - 2000, finishedAt: NOW - 1000 })]));
  assert.deepEqual(s.containerStatuses![0]!.state, { terminated: { exitCode: 137, reason: 'OOMKilled', message: 'out of memory\n', startedAt: rfc3339(NOW - 2000), finishedAt: rfc3339(NOW - 1000), containerID: 'containerd://x' } });
  assert.equal(s.containerStatuses![0]!.ready, false);
  assert.equal(s.containerStatuses![0]!.started, false);
  assert.equal(s.phase, 'Failed');
  assert.deepEqual(condView(s).ContainersReady, ['False', 'PodFailed', '']);
});

test('generatePodStatus: init containers', () => {
  const init1 = c('init1');
  const init2 = c('init2');
  const pod = makePod({ initContainers: [init1, init2] });
  const a = gen(pod, runtime([inst(init1, 'RUNNING')]));
  assert.equal(a.phase, 'Pending');
  assert.deepEqual(condView(a).Initialized, ['False', 'ContainersNotInitialized', 'containers with incomplete status: [init1 init2]']);
  assert.deepEqual(a.containerStatuses![0]!.state, { waiting: { reason: 'PodInitializing' } });
  assert.deepEqual(a.initContainerStatuses!.map((x) => x.name), ['init1', 'init2']);
  assert.deepEqual(a.initContainerStatuses![1]!.state, { waiting: { reason: 'PodInitializing' } });

  const b = gen(pod, runtime([inst(init1, 'EXITED'), inst(init2, 'EXITED'), inst(c('web'), 'RUNNING')]));
  assert.equal(b.phase, 'Running');
  assert.deepEqual(condView(b).Initialized, ['True', '', '']);
  assert.equal(b.initContainerStatuses![0]!.ready, true, 'a completed init container is ready');

  const failed = gen(makePod({ initContainers: [init1], restartPolicy: 'Never' }), runtime([inst(init1, 'EXITED', { exitCode: 3 })]));
  assert.equal(failed.phase, 'Failed');
});

test('generatePodStatus: sidecars count for Initialized (started) and ContainersReady (ready)', () => {
  const side = sidecar('side', { startupProbe: { exec: { command: ['true'] } } });
  const pod = makePod({ initContainers: [side] });
  const sr = inst(side, 'RUNNING', { id: 's1' });
  const a = gen(pod, runtime([sr]));
  assert.deepEqual(condView(a).Initialized, ['False', 'ContainersNotInitialized', 'containers with incomplete status: [side]']);
  assert.equal(a.phase, 'Pending');
  const b = gen(pod, runtime([sr, inst(c('web'), 'RUNNING')]), { probeResults: probes({ s1: { startup: 'Success' } }) });
  assert.deepEqual(condView(b).Initialized, ['True', '', '']);
  assert.deepEqual(condView(b).ContainersReady, ['True', '', '']);
  const d = gen(pod, runtime([sr, inst(c('web'), 'RUNNING')]));
  assert.deepEqual(condView(d).ContainersReady, ['False', 'ContainersNotReady', 'containers with unready status: [side]']);
});

test('generatePodStatus: completed pod', () => {
  const s = gen(makePod({ restartPolicy: 'OnFailure' }), runtime([inst(c('web'), 'EXITED')], [readySandbox({ state: 'NOTREADY' })]));
  assert.equal(s.phase, 'Succeeded');
  assert.deepEqual(condView(s).ContainersReady, ['False', 'PodCompleted', '']);
  assert.deepEqual(condView(s).Ready, ['False', 'PodCompleted', '']);
  assert.deepEqual(condView(s).PodReadyToStartContainers, ['False', '', '']);
});

test('generatePodStatus: a deleted pod whose containers stopped is terminal', () => {
  const s = gen(makePod({ deleting: true }), runtime([inst(c('web'), 'EXITED', { exitCode: 137, reason: 'Error' })]));
  assert.equal(s.phase, 'Failed');
});

test('generatePodStatus: keeps what it does not own', () => {
  const pod = makePod();
  const startTime = '2023-12-31T00:00:00Z';
  (pod as { status: PodStatus }).status = {
    phase: 'Running', startTime, podIP: '10.42.0.9', podIPs: [{ ip: '10.42.0.9' }],
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2023-12-31T00:00:01Z' },
      { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' },
      { type: 'Ready', status: 'True', lastTransitionTime: '2023-12-31T00:00:02Z' },
    ],
  };
  const s = gen(pod, runtime([inst(c('web'), 'RUNNING')], [readySandbox({ state: 'NOTREADY' })]));
  assert.equal(s.startTime, startTime);
  assert.equal(s.podIP, '10.42.0.9', 'the last known IP is kept when the sandbox is gone');
  assert.equal(s.conditions![0]!.type, 'DisruptionTarget');
  assert.equal(s.conditions!.find((x) => x.type === 'PodScheduled')!.lastTransitionTime, '2023-12-31T00:00:01Z');
  assert.equal(s.conditions!.find((x) => x.type === 'Ready')!.lastTransitionTime, '2023-12-31T00:00:02Z');

  (pod as { status: PodStatus }).status = { phase: 'Succeeded' };
  assert.equal(gen(pod, runtime([inst(c('web'), 'RUNNING')])).phase, 'Succeeded', 'terminal phase is final');
});

test('generatePodStatus: readiness gates', () => {
  const pod = makePod();
  (pod.spec as { readinessGates: unknown }).readinessGates = [{ conditionType: 'example.com/gate' }];
  const s = gen(pod, runtime([inst(c('web'), 'RUNNING')]));
  assert.deepEqual(condView(s).Ready, ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "example.com/gate" does not exist.']);
  assert.deepEqual(condView(s).ContainersReady, ['True', '', '']);
});

test('generatePodStatus: hostNetwork pods take the host IP; regular statuses sort by name', () => {
  const s = gen(makePod({ hostNetwork: true, containers: [c('zeta'), c('alpha')] }), runtime([], [readySandbox({ ip: '', hostNetwork: true })]));
  assert.equal(s.podIP, '192.168.1.10');
  assert.deepEqual(s.containerStatuses!.map((x) => x.name), ['alpha', 'zeta']);
  assert.equal(s.qosClass, 'BestEffort');
});

test('generatePodStatus: a container that vanished after running is reported terminated', () => {
  const pod = makePod();
  (pod as { status: PodStatus }).status = { phase: 'Running', containerStatuses: [{ name: 'web', image: 'img/web', imageID: '', ready: true, restartCount: 3, state: { running: { startedAt: 'x' } } }] };
  const s = gen(pod, runtime([]));
  const cs = s.containerStatuses![0]!;
  assert.equal(cs.restartCount, 4);
  assert.equal(cs.lastState?.terminated?.reason, 'ContainerStatusUnknown');
  assert.equal(s.phase, 'Running');
});
