// TaintNodesByCondition: new nodes start tainted not-ready:NoSchedule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { taintNodesByCondition } from './node-taint.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { attrs, testServer } from './testkit.js';

let s: ApiServer;
before(async () => { s = await testServer(); });
after(() => s.close());

const admit = (o: KObject, over = {}) => taintNodesByCondition().admit(attrs(s, ['', 'v1', 'nodes'], o, over));
const taints = (o: KObject) => (o.spec as { taints?: unknown[] } | undefined)?.taints;

test('a new node gets node.kubernetes.io/not-ready:NoSchedule after its own taints', async () => {
  const bare: KObject = { metadata: { name: 'n1' } };
  await admit(bare);
  assert.deepEqual(taints(bare), [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  const own: KObject = { metadata: { name: 'n2' }, spec: { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] } };
  await admit(own);
  assert.deepEqual(taints(own), [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
});

test('an existing not-ready NoSchedule taint (any value) is not duplicated; NoExecute does not count', async () => {
  const has: KObject = { metadata: { name: 'n3' }, spec: { taints: [{ key: 'node.kubernetes.io/not-ready', value: 'x', effect: 'NoSchedule' }] } };
  await admit(has);
  assert.equal(taints(has)!.length, 1);
  const exec: KObject = { metadata: { name: 'n4' }, spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] } };
  await admit(exec);
  assert.equal(taints(exec)!.length, 2);
});

test('node updates and status writes are not tainted', async () => {
  for (const over of [{ operation: 'UPDATE' as const }, { subresource: 'status' }]) {
    const n: KObject = { metadata: { name: 'n5' } };
    await admit(n, over);
    assert.equal(taints(n), undefined);
  }
});
