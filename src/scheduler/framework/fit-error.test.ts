// Golden FailedScheduling messages, in kube-scheduler's exact form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedule } from '../testing/harness.js';
import { makeNode, makePod } from '../testing/wrappers.js';
import { fitErrorMessage, newDiagnosis, reasonHistogram } from './fit-error.js';
import { Status, unschedulable } from './status.js';

const cpTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };
const cluster = () => ({
  nodes: [makeNode('worker', { cpu: '2' }), makeNode('cp1', { cpu: '2', taints: [cpTaint] }), makeNode('cp2', { cpu: '2', taints: [cpTaint] })],
});

function message(c: ReturnType<typeof cluster> & { pods?: ReturnType<typeof makePod>[] }, pod: ReturnType<typeof makePod>): string {
  const out = schedule(c, pod);
  assert.ok('fitError' in out, JSON.stringify(out));
  return out.fitError.message();
}

test('FailedScheduling: more cpu than any node has — preemption cannot help anywhere', () => {
  assert.equal(message(cluster(), makePod('big', { cpu: '3' })),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
    'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
});

test('FailedScheduling: node full of equal-priority pods — no preemption victims', () => {
  const c = { ...cluster(), pods: [makePod('running', { nodeName: 'worker', cpu: '1500m' })] };
  assert.equal(message(c, makePod('p', { cpu: '1' })),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
    'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.');
});

test('FailedScheduling: preemptionPolicy Never', () => {
  const c = { ...cluster(), pods: [makePod('running', { nodeName: 'worker', cpu: '1500m' })] };
  assert.equal(message(c, makePod('p', { cpu: '1', priority: 100, preemptionPolicy: 'Never' })),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
    'preemption: not eligible due to preemptionPolicy=Never.');
});

test('FailedScheduling: multiple reasons on one node are each counted', () => {
  const c = { nodes: [makeNode('a', { cpu: '1', memory: '1Gi' }), makeNode('b', { cpu: '1', memory: '8Gi' })] };
  assert.equal(message(c, makePod('p', { cpu: '2', memory: '2Gi' })),
    '0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
});

test('FailedScheduling: a PreFilter rejection replaces the per-node histogram', () => {
  const pod = makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
    { key: 'metadata.name', operator: 'In', values: ['worker'] }, { key: 'metadata.name', operator: 'In', values: ['cp1'] }] }] } } } });
  assert.equal(message(cluster(), pod), '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
});

test('FailedScheduling: no nodes at all', () => {
  assert.deepEqual(schedule({ nodes: [] }, makePod('p')), { error: 'no nodes available to schedule pods', unschedulable: true });
});

test('reasonHistogram: sorted as strings, as Go sort.Strings does ("10 …" before "2 …")', () => {
  const m = new Map<string, Status>();
  for (let i = 0; i < 10; i++) m.set(`a${i}`, unschedulable('node(s) were unschedulable'));
  m.set('b0', unschedulable('Insufficient cpu'));
  m.set('b1', unschedulable('Insufficient cpu'));
  m.set('c', unschedulable('Insufficient memory', 'Insufficient cpu'));
  assert.deepEqual(reasonHistogram(m), ['1 Insufficient memory', '10 node(s) were unschedulable', '3 Insufficient cpu']);
  const d = newDiagnosis();
  d.nodeToStatus = m;
  d.postFilterMsg = 'preemption: x.';
  assert.equal(fitErrorMessage(13, d), '0/13 nodes are available: 1 Insufficient memory, 10 node(s) were unschedulable, 3 Insufficient cpu. preemption: x.');
});
