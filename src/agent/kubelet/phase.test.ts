import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { getPhase } from './phase.js';

const running = (name: string, started = true): ContainerStatus => ({ name, image: 'i', imageID: '', ready: false, restartCount: 0, started, state: { running: { startedAt: 'x' } } });
const term = (name: string, exitCode: number): ContainerStatus => ({ name, image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } });
const waiting = (name: string, lastExit?: number): ContainerStatus => ({
  name, image: 'i', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } },
  ...(lastExit !== undefined ? { lastState: { terminated: { exitCode: lastExit } } } : {}),
});

function pod(policy: 'Always' | 'OnFailure' | 'Never', containers: string[], init: (string | [string, 'Always'])[] = []): Pod {
  const inits: Container[] = init.map((x) => (Array.isArray(x) ? { name: x[0], restartPolicy: 'Always' } : { name: x }));
  return { spec: { restartPolicy: policy, containers: containers.map((name) => ({ name })), initContainers: inits } };
}

test('getPhase (table)', () => {
  const cases: [string, Pod, ContainerStatus[], boolean, string][] = [
    ['nothing reported yet', pod('Always', ['a']), [], false, 'Pending'],
    ['waiting first start', pod('Always', ['a']), [waiting('a')], false, 'Pending'],
    ['all running', pod('Always', ['a', 'b']), [running('a'), running('b')], false, 'Running'],
    ['one running, one unknown', pod('Always', ['a', 'b']), [running('a')], false, 'Pending'],
    ['crash looping counts as stopped, running under Always', pod('Always', ['a']), [waiting('a', 1)], false, 'Running'],
    ['all exited 0 under Always: restarting', pod('Always', ['a']), [term('a', 0)], false, 'Running'],
    ['all exited 0 under OnFailure', pod('OnFailure', ['a']), [term('a', 0)], false, 'Succeeded'],
    ['exited 1 under OnFailure: restarting', pod('OnFailure', ['a']), [term('a', 1)], false, 'Running'],
    ['exited 1 under Never', pod('Never', ['a']), [term('a', 1)], false, 'Failed'],
    ['mixed under Never', pod('Never', ['a', 'b']), [term('a', 0), term('b', 2)], false, 'Failed'],
    ['one still running under Never', pod('Never', ['a', 'b']), [term('a', 1), running('b')], false, 'Running'],
    ['terminal pod ignores Always: success', pod('Always', ['a']), [term('a', 0)], true, 'Succeeded'],
    ['terminal pod ignores Always: failure', pod('Always', ['a']), [term('a', 137)], true, 'Failed'],
    ['init running', pod('Always', ['a'], ['i']), [running('i'), waiting('a')], false, 'Pending'],
    ['init failed under Never', pod('Never', ['a'], ['i']), [term('i', 1), waiting('a')], false, 'Failed'],
    ['init crash looping under Never', pod('Never', ['a'], ['i']), [waiting('i', 1), waiting('a')], false, 'Failed'],
    ['init failed under Always: pending while retried', pod('Always', ['a'], ['i']), [term('i', 1), waiting('a')], false, 'Pending'],
    ['init done, main running', pod('Always', ['a'], ['i']), [term('i', 0), running('a')], false, 'Running'],
    ['sidecar running but not started', pod('Always', ['a'], [['s', 'Always']]), [running('s', false), waiting('a')], false, 'Pending'],
    ['sidecar started, main waiting', pod('Always', ['a'], [['s', 'Always']]), [running('s'), waiting('a')], false, 'Pending'],
    ['sidecar and main running', pod('Always', ['a'], [['s', 'Always']]), [running('s'), running('a')], false, 'Running'],
    ['sidecar restarting after main ran: not back to Pending', pod('Always', ['a'], [['s', 'Always']]), [running('s', false), running('a')], false, 'Running'],
    ['main succeeded, sidecar still running under Never', pod('Never', ['a'], [['s', 'Always']]), [running('s'), term('a', 0)], false, 'Running'],
    ['main succeeded, sidecar stopped under Never', pod('Never', ['a'], [['s', 'Always']]), [term('s', 137), term('a', 0)], false, 'Succeeded'],
    ['main failed, sidecar stopped under OnFailure, terminal', pod('OnFailure', ['a'], [['s', 'Always']]), [term('s', 0), term('a', 3)], true, 'Failed'],
  ];
  for (const [name, p, statuses, terminal, want] of cases) assert.equal(getPhase(p, statuses, terminal), want, name);
});
