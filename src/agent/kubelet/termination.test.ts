import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { containerGracePeriodSeconds, killAll, killStage, podGracePeriodSeconds, preStopHook, stopTimeoutSeconds } from './termination.js';
import type { ContainerState } from './types.js';

const pod = (over: { dgps?: number; tgps?: number } = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u', ...(over.dgps !== undefined ? { deletionGracePeriodSeconds: over.dgps } : {}) },
  spec: {
    ...(over.tgps !== undefined ? { terminationGracePeriodSeconds: over.tgps } : {}),
    initContainers: [
      { name: 'init', image: 'i' },
      { name: 'side1', image: 'i', restartPolicy: 'Always' },
      { name: 'side2', image: 'i', restartPolicy: 'Always' },
    ],
    containers: [
      { name: 'web', image: 'i', lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } }, livenessProbe: { exec: { command: ['x'] }, terminationGracePeriodSeconds: 5 } },
      { name: 'db', image: 'i' },
    ],
  },
});

test('podGracePeriodSeconds: deletionGracePeriodSeconds ?? terminationGracePeriodSeconds ?? 30', () => {
  const cases: [Parameters<typeof pod>[0], number][] = [[{}, 30], [{ tgps: 10 }, 10], [{ tgps: 10, dgps: 3 }, 3], [{ dgps: 0 }, 0]];
  for (const [o, want] of cases) assert.equal(podGracePeriodSeconds(pod(o)), want, JSON.stringify(o));
});

test('containerGracePeriodSeconds: probe kills use the probe grace period unless the pod is being deleted', () => {
  const p = pod({ tgps: 20 });
  const web = p.spec!.containers[0];
  assert.equal(containerGracePeriodSeconds(p, web, 'LivenessProbe'), 5);
  assert.equal(containerGracePeriodSeconds(p, web, 'DefinitionChanged'), 20);
  assert.equal(containerGracePeriodSeconds(pod({ tgps: 20, dgps: 1 }), web, 'LivenessProbe'), 1);
});

test('preStopHook runs only with time to run it; stopTimeoutSeconds keeps at least 2 s', () => {
  const web = pod().spec!.containers[0];
  assert.ok(preStopHook(web, 30));
  assert.equal(preStopHook(web, 0), undefined);
  assert.equal(stopTimeoutSeconds(30, 4_500), 26);
  assert.equal(stopTimeoutSeconds(30, 29_000), 2);
});

test('killStage: main containers first, then sidecars in reverse order', () => {
  const p = pod();
  assert.deepEqual(['web', 'db', 'init', 'side1', 'side2'].map((n) => killStage(p, n)), [0, 0, 0, 2, 1]);
});

test('killAll lists non-exited containers by stage with the pod grace period', () => {
  const c = (id: string, name: string, state: ContainerState['state']): ContainerState => ({ id, name, attempt: 0, state, createdAt: 1 });
  const kills = killAll(pod({ dgps: 7 }), { sandboxes: [], containers: [c('1', 'side1', 'RUNNING'), c('2', 'web', 'RUNNING'), c('3', 'side2', 'RUNNING'), c('4', 'db', 'EXITED')] }, 'PodKill', (x) => `Stopping container ${x.name}`);
  assert.deepEqual(kills.map((k) => [k.name, k.stage, k.gracePeriodSeconds]), [['web', 0, 7], ['side2', 1, 7], ['side1', 2, 7]]);
  assert.equal(kills[0]!.message, 'Stopping container web');
});
