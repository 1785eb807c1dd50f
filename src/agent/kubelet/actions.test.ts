import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { computePodActions, recordBackOff } from './actions.js';
import { BackOff } from './backoff.js';
import { c, inst, makePod, probes, readySandbox, runtime, sidecar } from './fixtures.js';
import { backOffKey } from './podutil.js';
import { containerHash } from './hash.js';
import type { PodActions, PodRuntimeState, ProbeResults } from './types.js';
import { noProbeResults } from './types.js';
import type { Pod } from 'kubernetes-types/core/v1.js';

function run(pod: Pod, state: PodRuntimeState, pr: ProbeResults = noProbeResults, backoff?: BackOff): PodActions {
  const clock = new FakeClock(1_000_000);
  return computePodActions(pod, state, { now: clock.now(), backoff: backoff ?? new BackOff({ clock }), probeResults: pr });
}

/** A compact view of actions for table comparison. */
function view(a: PodActions) {
  return {
    killPod: a.killPod,
    createSandbox: a.createSandbox,
    init: a.initContainersToStart.map((s) => s.name),
    start: a.containersToStart.map((s) => s.name),
    kill: a.containersToKill.map((k) => `${k.name}:${k.reason}`),
  };
}

const web = c('web');
const db = c('db');
const init1 = c('init1');
const init2 = c('init2');
const side = sidecar('side');
const sideStartup = sidecar('side', { startupProbe: { exec: { command: ['true'] } } });
const sideLive = sidecar('side', { livenessProbe: { exec: { command: ['true'] } } });

test('computePodActions: restart policy, init containers, sidecars, probes, sandbox (table)', () => {
  const webRunning = inst(web, 'RUNNING');
  const sideRunning = inst(sideStartup, 'RUNNING');
  const sideLiveRunning = inst(sideLive, 'RUNNING');
  const cases: { name: string; pod: Pod; state: PodRuntimeState; probes?: ProbeResults; want: ReturnType<typeof view> }[] = [
    { name: 'new pod: create sandbox, start containers', pod: makePod({ containers: [web, db] }), state: runtime([], []),
      want: { killPod: true, createSandbox: true, init: [], start: ['web', 'db'], kill: [] } },
    { name: 'new pod with init containers: only the first init container', pod: makePod({ initContainers: [init1, init2] }), state: runtime([], []),
      want: { killPod: true, createSandbox: true, init: ['init1'], start: [], kill: [] } },
    { name: 'running pod: nothing to do', pod: makePod(), state: runtime([webRunning]),
      want: { killPod: false, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'init container running: wait', pod: makePod({ initContainers: [init1, init2] }), state: runtime([inst(init1, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'init1 done: start init2', pod: makePod({ initContainers: [init1, init2] }), state: runtime([inst(init1, 'EXITED')]),
      want: { killPod: false, createSandbox: false, init: ['init2'], start: [], kill: [] } },
    { name: 'all init done: start main containers', pod: makePod({ initContainers: [init1, init2] }), state: runtime([inst(init1, 'EXITED'), inst(init2, 'EXITED')]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: [] } },
    { name: 'failed init container is retried under Always', pod: makePod({ initContainers: [init1] }), state: runtime([inst(init1, 'EXITED', { exitCode: 1, reason: 'Error' })]),
      want: { killPod: false, createSandbox: false, init: ['init1'], start: [], kill: [] } },
    { name: 'failed init container is retried under OnFailure', pod: makePod({ initContainers: [init1], restartPolicy: 'OnFailure' }), state: runtime([inst(init1, 'EXITED', { exitCode: 1 })]),
      want: { killPod: false, createSandbox: false, init: ['init1'], start: [], kill: [] } },
    { name: 'failed init container under Never: kill the pod', pod: makePod({ initContainers: [init1], restartPolicy: 'Never' }), state: runtime([inst(init1, 'EXITED', { exitCode: 1 })]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'init container in unknown state is killed and restarted', pod: makePod({ initContainers: [init1] }), state: runtime([inst(init1, 'UNKNOWN', { id: 'u1' })]),
      want: { killPod: false, createSandbox: false, init: ['init1'], start: [], kill: ['init1:Unknown'] } },
    { name: 'sidecar: startup probe not yet succeeded gates the next', pod: makePod({ initContainers: [sideStartup, init2] }), state: runtime([sideRunning]),
      want: { killPod: false, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'sidecar: startup probe succeeded starts the next', pod: makePod({ initContainers: [sideStartup, init2] }), state: runtime([sideRunning]),
      probes: probes({ [sideRunning.id]: { startup: 'Success' } }),
      want: { killPod: false, createSandbox: false, init: ['init2'], start: [], kill: [] } },
    { name: 'sidecar: startup probe failed restarts it', pod: makePod({ initContainers: [sideStartup, init2] }), state: runtime([sideRunning]),
      probes: probes({ [sideRunning.id]: { startup: 'Failure' } }),
      want: { killPod: false, createSandbox: false, init: ['side'], start: [], kill: ['side:StartupProbe'] } },
    { name: 'sidecar without startup probe: running means started', pod: makePod({ initContainers: [side, init2] }), state: runtime([inst(side, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: ['init2'], start: [], kill: [] } },
    { name: 'last sidecar running: main containers start', pod: makePod({ initContainers: [init1, side] }), state: runtime([inst(init1, 'EXITED'), inst(side, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: [] } },
    { name: 'initialized pod: an exited sidecar is restarted, main kept', pod: makePod({ initContainers: [init1, side] }), state: runtime([inst(side, 'EXITED', { exitCode: 137 }), inst(web, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: ['side'], start: [], kill: [] } },
    { name: 'initialized pod: a GC-ed plain init container is not rerun', pod: makePod({ initContainers: [init1, side] }), state: runtime([inst(side, 'RUNNING'), inst(web, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'sidecar liveness failure restarts it', pod: makePod({ initContainers: [sideLive] }), state: runtime([sideLiveRunning, inst(web, 'RUNNING')]),
      probes: probes({ [sideLiveRunning.id]: { liveness: 'Failure' } }),
      want: { killPod: false, createSandbox: false, init: ['side'], start: [], kill: ['side:LivenessProbe'] } },
    { name: 'sidecar definition changed restarts it', pod: makePod({ initContainers: [side] }), state: runtime([inst(side, 'RUNNING', { hash: 'old' }), inst(web, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: ['side'], start: [], kill: ['side:DefinitionChanged'] } },
    { name: 'spec hash change restarts the container', pod: makePod(), state: runtime([inst(web, 'RUNNING', { hash: 'stale' })]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: ['web:DefinitionChanged'] } },
    { name: 'spec hash change restarts even under Never', pod: makePod({ restartPolicy: 'Never' }), state: runtime([inst(web, 'RUNNING', { hash: 'stale' })]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: ['web:DefinitionChanged'] } },
    { name: 'liveness failure: kill and restart', pod: makePod(), state: runtime([webRunning]), probes: probes({ [webRunning.id]: { liveness: 'Failure' } }),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: ['web:LivenessProbe'] } },
    { name: 'startup failure: kill and restart', pod: makePod(), state: runtime([webRunning]), probes: probes({ [webRunning.id]: { startup: 'Failure' } }),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: ['web:StartupProbe'] } },
    { name: 'liveness failure under Never: kill, no restart, pod done', pod: makePod({ restartPolicy: 'Never' }), state: runtime([webRunning]), probes: probes({ [webRunning.id]: { liveness: 'Failure' } }),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: ['web:PodKill'] } },
    { name: 'exited 0 under Always: restart', pod: makePod(), state: runtime([inst(web, 'EXITED')]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: [] } },
    { name: 'exited 0 under OnFailure: done, stop the sandbox', pod: makePod({ restartPolicy: 'OnFailure' }), state: runtime([inst(web, 'EXITED')]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'exited 1 under OnFailure: restart', pod: makePod({ restartPolicy: 'OnFailure' }), state: runtime([inst(web, 'EXITED', { exitCode: 1 })]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: [] } },
    { name: 'exited 1 under Never: done', pod: makePod({ restartPolicy: 'Never' }), state: runtime([inst(web, 'EXITED', { exitCode: 1 })]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'one of two exited under Never: keep the other', pod: makePod({ restartPolicy: 'Never', containers: [web, db] }), state: runtime([inst(web, 'EXITED', { exitCode: 1 }), inst(db, 'RUNNING')]),
      want: { killPod: false, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'created but never started: start again', pod: makePod(), state: runtime([inst(web, 'CREATED')]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: [] } },
    { name: 'unknown state: kill then start', pod: makePod(), state: runtime([inst(web, 'UNKNOWN')]),
      want: { killPod: false, createSandbox: false, init: [], start: ['web'], kill: ['web:Unknown'] } },
    { name: 'main containers done under OnFailure: sidecars are killed, not restarted', pod: makePod({ restartPolicy: 'OnFailure', initContainers: [side] }), state: runtime([inst(side, 'RUNNING'), inst(web, 'EXITED')]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: ['side:PodKill'] } },
    { name: 'sandbox died under Always: kill all, recreate, restart', pod: makePod(), state: runtime([inst(web, 'RUNNING')], [readySandbox({ state: 'NOTREADY', attempt: 2 })]),
      want: { killPod: true, createSandbox: true, init: [], start: ['web'], kill: ['web:PodKill'] } },
    { name: 'sandbox died under Never after running: kill, no new sandbox', pod: makePod({ restartPolicy: 'Never' }), state: runtime([inst(web, 'EXITED')], [readySandbox({ state: 'NOTREADY' })]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'sandbox died, OnFailure, all succeeded: no new sandbox', pod: makePod({ restartPolicy: 'OnFailure' }), state: runtime([inst(web, 'EXITED')], [readySandbox({ state: 'NOTREADY' })]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'sandbox died with init containers: restart from the first', pod: makePod({ initContainers: [init1, init2] }), state: runtime([inst(init1, 'EXITED'), inst(init2, 'EXITED'), inst(web, 'EXITED')], [readySandbox({ state: 'NOTREADY' })]),
      want: { killPod: true, createSandbox: true, init: ['init1'], start: [], kill: [] } },
    { name: 'sandbox without IP is recreated', pod: makePod(), state: runtime([inst(web, 'RUNNING')], [readySandbox({ ip: '' })]),
      want: { killPod: true, createSandbox: true, init: [], start: ['web'], kill: ['web:PodKill'] } },
    { name: 'hostNetwork pod needs no IP', pod: makePod({ hostNetwork: true }), state: runtime([inst(web, 'RUNNING')], [readySandbox({ ip: '', hostNetwork: true })]),
      want: { killPod: false, createSandbox: false, init: [], start: [], kill: [] } },
    { name: 'network mode changed: recreate', pod: makePod({ hostNetwork: true }), state: runtime([inst(web, 'RUNNING')]),
      want: { killPod: true, createSandbox: true, init: [], start: ['web'], kill: ['web:PodKill'] } },
    { name: 'two ready sandboxes: recreate', pod: makePod(), state: runtime([inst(web, 'RUNNING')], [readySandbox(), readySandbox({ id: 'sb2', createdAt: 5000 })]),
      want: { killPod: true, createSandbox: true, init: [], start: ['web'], kill: ['web:PodKill'] } },
    { name: 'deleted pod: kill everything, sidecars last', pod: makePod({ deleting: true, initContainers: [side], containers: [web, db] }), state: runtime([inst(side, 'RUNNING'), inst(web, 'RUNNING'), inst(db, 'RUNNING')]),
      want: { killPod: true, createSandbox: false, init: [], start: [], kill: ['db:PodKill', 'web:PodKill', 'side:PodKill'] } },
  ];
  for (const tc of cases) assert.deepEqual(view(run(tc.pod, tc.state, tc.probes)), tc.want, tc.name);
});

test('computePodActions: sandbox attempt and id', () => {
  const a = run(makePod(), runtime([], [readySandbox({ state: 'NOTREADY', attempt: 2 }), readySandbox({ id: 'old', state: 'NOTREADY', attempt: 1, createdAt: 1 })]));
  assert.equal(a.attempt, 3);
  assert.equal(a.sandboxId, 'sb1');
  assert.deepEqual(a.sandboxesToStop, ['sb1', 'old']);
  const b = run(makePod(), runtime([inst(web, 'RUNNING')]));
  assert.equal(b.sandboxId, 'sb1');
  assert.deepEqual(b.sandboxesToStop, []);
});

test('computePodActions: restart attempt follows the restart count', () => {
  const a = run(makePod(), runtime([inst(web, 'EXITED', { attempt: 3, restartCount: 3, exitCode: 1 })]));
  assert.equal(a.containersToStart[0]!.attempt, 4);
  assert.equal(a.containersToStart[0]!.reason, 'Exited');
  const n = run(makePod(), runtime([]));
  assert.equal(n.containersToStart[0]!.attempt, 0);
  assert.equal(n.containersToStart[0]!.reason, 'New');
});

test('computePodActions: kill messages and grace periods match the kubelet', () => {
  const r = inst(web, 'RUNNING');
  const pod = makePod({ containers: [{ ...web, livenessProbe: { exec: { command: ['x'] }, terminationGracePeriodSeconds: 4 } }] });
  r.hash = containerHash(pod.spec!.containers[0]!);
  const a = run(pod, runtime([r]), probes({ [r.id]: { liveness: 'Failure' } }));
  assert.deepEqual(a.containersToKill.map((k) => [k.message, k.gracePeriodSeconds]), [['Container web failed liveness probe, will be restarted', 4]]);
  const h = run(makePod(), runtime([inst(web, 'RUNNING', { hash: 'x' })]));
  assert.equal(h.containersToKill[0]!.message, 'Container web definition changed, will be restarted');
  const u = run(makePod(), runtime([inst(web, 'UNKNOWN')]));
  assert.equal(u.containersToKill[0]!.message, 'Container is in "unknown" state, try killing it before restart');
});

test('computePodActions: CrashLoopBackOff holds a crashed container back with the kubelet message', () => {
  const clock = new FakeClock(1_000_000);
  const backoff = new BackOff({ clock });
  const pod = makePod();
  const key = backOffKey(pod, web, containerHash(web));
  const crashed = inst(web, 'EXITED', { exitCode: 1, finishedAt: clock.now() - 5_000, restartCount: 2 });
  backoff.next(key, 0);
  backoff.next(key, 0); // 20s
  const a = computePodActions(pod, runtime([crashed]), { now: clock.now(), backoff, probeResults: noProbeResults });
  assert.deepEqual(a.containersToStart, []);
  assert.deepEqual(a.waitingReasons, { web: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=web pod=p_ns(uid1)' } });
  assert.equal(a.requeueAfterMs, 15_000);
  assert.equal(a.killPod, false, 'a container waiting in back-off keeps the pod alive');

  clock.advance(15_000);
  const b = computePodActions(pod, runtime([crashed]), { now: clock.now(), backoff, probeResults: noProbeResults });
  assert.deepEqual(b.containersToStart.map((s) => s.name), ['web']);
  assert.deepEqual(b.containersToStart[0]!.backOff, { key, since: crashed.finishedAt });
  recordBackOff(backoff, b.containersToStart[0]!);
  assert.equal(backoff.get(key), 40_000, 'the executor commits the doubled back-off');
});

test('computePodActions: a plain init container in back-off blocks the rest; a sidecar in back-off does not', () => {
  const clock = new FakeClock(1_000_000);
  const backoff = new BackOff({ clock });
  const pod = makePod({ initContainers: [side, init1] });
  const sideKey = backOffKey(pod, side, containerHash(side));
  backoff.next(sideKey, 0);
  // Initialized pod whose sidecar crashed: the sidecar waits, main stays.
  const a = computePodActions(pod, runtime([inst(side, 'EXITED', { exitCode: 1, finishedAt: clock.now() }), inst(web, 'RUNNING')]), { now: clock.now(), backoff, probeResults: noProbeResults });
  assert.deepEqual(view(a), { killPod: false, createSandbox: false, init: [], start: [], kill: [] });
  assert.equal(a.waitingReasons.side?.reason, 'CrashLoopBackOff');

  const pod2 = makePod({ initContainers: [init1, init2] });
  const k = backOffKey(pod2, init1, containerHash(init1));
  backoff.next(k, 0);
  const b = computePodActions(pod2, runtime([inst(init1, 'EXITED', { exitCode: 2, finishedAt: clock.now() })]), { now: clock.now(), backoff, probeResults: noProbeResults });
  assert.deepEqual(view(b), { killPod: false, createSandbox: false, init: [], start: [], kill: [] });
  assert.equal(b.nextInitContainerToStart, undefined);
});

test('computePodActions: nextInitContainerToStart names the first plain init container', () => {
  const a = run(makePod({ initContainers: [init1, init2] }), runtime([inst(init1, 'EXITED')]));
  assert.equal(a.nextInitContainerToStart?.name, 'init2');
  assert.equal(a.nextInitContainerToStart?.init, true);
  assert.equal(a.nextInitContainerToStart?.index, 1);
});
