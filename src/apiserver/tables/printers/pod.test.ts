import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../../api/types.js';
import { podPrinter } from './pod.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;

function pod(p: Partial<Pod> & { status?: Pod['status'] }): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(10 * MIN), ...(p.metadata ?? {}) },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(p.spec ?? {}) }, status: p.status ?? {} } as KObject;
}
const running = { running: { startedAt: ago(MIN) } };

test('pod cells: READY, STATUS, RESTARTS, AGE and wide columns', () => {
  const cases: { what: string; pod: KObject; want: unknown[] }[] = [
    { what: 'running and ready', pod: pod({ spec: { nodeName: 'node-1', containers: [{ name: 'app' }] }, status: { phase: 'Running', podIPs: [{ ip: '10.42.0.7' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: running }] } }),
      want: ['web', '1/1', 'Running', '0', '10m', '10.42.0.7', 'node-1', '<none>', '<none>'] },
    { what: 'CrashLoopBackOff with 2 restarts 5m ago', pod: pod({ status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 2, image: '', imageID: '',
      state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * MIN) } } }] } }),
      want: ['web', '0/1', 'CrashLoopBackOff', '2 (5m ago)', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'pending, unscheduled', pod: pod({ status: { phase: 'Pending' } }), want: ['web', '0/1', 'Pending', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'ContainerCreating', pod: pod({ status: { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }] } }),
      want: ['web', '0/1', 'ContainerCreating', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'completed', pod: pod({ status: { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } }),
      want: ['web', '0/1', 'Completed', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'terminated without reason', pod: pod({ status: { phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 137 } } }] } }),
      want: ['web', '0/1', 'ExitCode:137', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'terminating', pod: pod({ metadata: { deletionTimestamp: ago(0) }, status: { phase: 'Running' } }), want: ['web', '0/1', 'Terminating', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'node lost', pod: pod({ metadata: { deletionTimestamp: ago(0) }, status: { phase: 'Running', reason: 'NodeLost' } }), want: ['web', '0/1', 'Unknown', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'init 0/2', pod: pod({ spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Pending',
      initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { running: {} } }, { name: 'b', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }] } }),
      want: ['web', '0/1', 'Init:0/2', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'init 1/2 after first init succeeded', pod: pod({ spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Pending',
      initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0 } } }, { name: 'b', ready: false, restartCount: 0, image: '', imageID: '', state: { running: {} } }] } }),
      want: ['web', '0/1', 'Init:1/2', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'init crash loop', pod: pod({ spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'a' }] }, status: { phase: 'Pending',
      initContainerStatuses: [{ name: 'a', ready: false, restartCount: 3, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30_000) } } }] } }),
      want: ['web', '0/1', 'Init:CrashLoopBackOff', '3 (30s ago)', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'init failed with exit code', pod: pod({ spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'a' }] }, status: { phase: 'Pending',
      initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 2 } } }] } }),
      want: ['web', '0/1', 'Init:ExitCode:2', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'sidecar (restartable init) counts as a container', pod: pod({ spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }] }, status: { phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [{ name: 'side', ready: true, started: true, restartCount: 1, image: '', imageID: '', state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(4 * 3600_000) } } }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: '', imageID: '', state: running }] } }),
      want: ['web', '2/2', 'Running', '1 (4h ago)', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'scheduling gated', pod: pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }),
      want: ['web', '0/1', 'SchedulingGated', '0', '10m', '<none>', '<none>', '<none>', '<none>'] },
    { what: 'readiness gates', pod: pod({ spec: { containers: [{ name: 'app' }], readinessGates: [{ conditionType: 'a' }, { conditionType: 'b' }] }, status: { phase: 'Running', nominatedNodeName: 'n2',
      conditions: [{ type: 'a', status: 'True' }, { type: 'b', status: 'False' }] } }),
      want: ['web', '0/1', 'Running', '0', '10m', '<none>', '<none>', 'n2', '1/2'] },
  ];
  for (const c of cases) assert.deepEqual(podPrinter.cells(c.pod, NOW), c.want, c.what);
});

test('pod row conditions mark completed and failed pods', () => {
  assert.deepEqual(podPrinter.conditions!(pod({ status: { phase: 'Succeeded' } })), [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  assert.equal(podPrinter.conditions!(pod({ status: { phase: 'Running' } })), undefined);
  assert.deepEqual(podPrinter.columns.map((c) => [c.name, c.priority]), [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]]);
});
