import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterAll, onlyPlugin } from '../../testing/harness.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { NodeUnschedulable } from './index.js';
import { NodeName } from '../nodename/index.js';
import { NodePorts } from '../nodeports/index.js';

test('NodeUnschedulable: cordoned nodes reject pods unless they tolerate the unschedulable taint', () => {
  const nodes = [makeNode('open'), makeNode('cordoned', { unschedulable: true })];
  const pl = onlyPlugin(() => new NodeUnschedulable());
  assert.deepEqual(filterAll({ nodes }, makePod('p'), pl), { open: '', cordoned: 'node(s) were unschedulable' });
  const tolerant = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.deepEqual(filterAll({ nodes }, tolerant, pl), { open: '', cordoned: '' });
  const wrongEffect = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] });
  assert.equal(filterAll({ nodes }, wrongEffect, pl).cordoned, 'node(s) were unschedulable');
});

test('NodeName: only the named node fits', () => {
  const nodes = [makeNode('a'), makeNode('b')];
  const pl = onlyPlugin(() => new NodeName());
  assert.deepEqual(filterAll({ nodes }, makePod('p'), pl), { a: '', b: '' });
  const named = makePod('p');
  named.spec!.nodeName = 'b';
  assert.deepEqual(filterAll({ nodes }, named, pl), { a: "node(s) didn't match the requested node name", b: '' });
});

test('NodePorts: host port conflicts by ip and protocol', () => {
  const nodes = [makeNode('n')];
  const pl = onlyPlugin(() => new NodePorts());
  const busy = (o: { port: number; ip?: string; protocol?: string }) => [makePod('e', { nodeName: 'n', hostPorts: [o] })];
  const R = "node(s) didn't have free ports for the requested pod ports";
  const cases: [string, { port: number; ip?: string; protocol?: string }, { port: number; ip?: string; protocol?: string }, string][] = [
    ['same port, any ip', { port: 8080 }, { port: 8080 }, R],
    ['different port', { port: 8080 }, { port: 8081 }, ''],
    ['different protocol', { port: 53, protocol: 'UDP' }, { port: 53 }, ''],
    ['different specific ips', { port: 80, ip: '127.0.0.1' }, { port: 80, ip: '127.0.0.2' }, ''],
    ['0.0.0.0 wanted, specific ip used', { port: 80, ip: '127.0.0.1' }, { port: 80 }, R],
    ['specific ip wanted, 0.0.0.0 used', { port: 80 }, { port: 80, ip: '10.0.0.1' }, R],
  ];
  for (const [name, used, want, reason] of cases) {
    assert.equal(filterAll({ nodes, pods: busy(used) }, makePod('p', { hostPorts: [want] }), pl).n, reason, name);
  }
});
