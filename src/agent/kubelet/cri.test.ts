import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/types.js';
import { ANNOTATION_HASH, ANNOTATION_RESTART_COUNT, containerFromCri, nsToMs, podStateFromCri, sandboxFromCri } from './cri.js';

const ms = 1_700_000_000_000;
const ns = ms * 1e6;

test('nsToMs accepts every int64 shape and treats 0 as unset', () => {
  assert.equal(nsToMs(ns), ms);
  assert.equal(nsToMs(String(BigInt(ms) * 1_000_000n)), ms);
  assert.equal(nsToMs(BigInt(ms) * 1_000_000n), ms);
  assert.equal(nsToMs(0), undefined);
  assert.equal(nsToMs(undefined), undefined);
});

test('sandboxFromCri / containerFromCri take the runtime/types.ts shapes', () => {
  const sb: PodSandboxStatus = {
    id: 'sb', metadata: { name: 'p', uid: 'u', namespace: 'ns', attempt: 2 }, state: 'SANDBOX_READY', createdAt: ns,
    network: { ip: '10.42.0.3', additionalIps: [{ ip: 'fd00::3' }] }, linux: { namespaces: { options: { network: 'POD' } } },
    labels: {}, annotations: {}, runtimeHandler: '',
  };
  assert.deepEqual(sandboxFromCri(sb), { id: 'sb', state: 'READY', ip: '10.42.0.3', additionalIps: ['fd00::3'], createdAt: ms, attempt: 2, hostNetwork: false });
  assert.equal(sandboxFromCri({ ...sb, state: 'SANDBOX_NOTREADY', linux: { namespaces: { options: { network: 'NODE' } } } }).hostNetwork, true);

  const cs: ContainerStatus = {
    id: 'c1', metadata: { name: 'web', attempt: 1 }, state: 'CONTAINER_EXITED', createdAt: ns, startedAt: ns + 1e9, finishedAt: ns + 2e9,
    exitCode: 137, image: { image: 'docker.io/library/busybox:latest' }, imageRef: 'sha256:abc', reason: 'OOMKilled', message: '',
    labels: {}, annotations: { [ANNOTATION_HASH]: 'h1', [ANNOTATION_RESTART_COUNT]: '4' }, mounts: [], logPath: '', resources: null,
  };
  assert.deepEqual(containerFromCri(cs, 'bye'), {
    id: 'c1', name: 'web', attempt: 1, restartCount: 4, state: 'EXITED', createdAt: ms, startedAt: ms + 1000, finishedAt: ms + 2000,
    exitCode: 137, reason: 'OOMKilled', image: 'docker.io/library/busybox:latest', imageRef: 'sha256:abc', hash: 'h1', terminationMessage: 'bye',
  });
  const run = containerFromCri({ ...cs, state: 'CONTAINER_RUNNING', finishedAt: 0, annotations: {} });
  assert.equal(run.state, 'RUNNING');
  assert.equal(run.restartCount, 1, 'falls back to the attempt');
  assert.equal(run.exitCode, undefined);
  assert.equal(run.hash, undefined);
  assert.equal(containerFromCri({ ...cs, state: 2 as never }).state, 'EXITED', 'numeric enums');

  const st = podStateFromCri([sb], [cs], { c1: 'msg' });
  assert.equal(st.containers[0]!.terminationMessage, 'msg');
  assert.equal(st.sandboxes[0]!.id, 'sb');
});
