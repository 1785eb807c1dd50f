import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { RangeAllocator, nodePodCIDRs } from './actions.js';

const node = (name: string, cidrs: string[] = [], legacy?: string): Node => ({
  metadata: { name, uid: `uid-${name}` },
  spec: { ...(cidrs.length ? { podCIDRs: cidrs, podCIDR: cidrs[0] } : {}), ...(legacy ? { podCIDR: legacy } : {}) },
});

test('RangeAllocator.adopt occupies existing CIDRs before handing out new ones', () => {
  const a = new RangeAllocator();
  assert.deepEqual(a.adopt([node('a', ['10.42.0.0/24']), node('b', [], '10.42.1.0/24'), node('c'), node('x', ['192.168.0.0/24'])]),
    ['node x has pod CIDRs 192.168.0.0/24 outside the cluster CIDR; not tracked']);
  assert.deepEqual(a.sync('c', node('c')), { type: 'assign', cidrs: ['10.42.2.0/24'] });
  assert.deepEqual(a.sync('c', node('c')), { type: 'assign', cidrs: ['10.42.2.0/24'] }, 'the same CIDR while the write is unseen');
  assert.deepEqual(a.sync('c', node('c', ['10.42.2.0/24'])), { type: 'none' });
  assert.equal(a.used, 3);
});

test('RangeAllocator.sync releases on deletion and never hands out a CIDR another node holds', () => {
  const a = new RangeAllocator({ clusterCIDR: '10.42.0.0/23', nodeMaskSize: 24 });
  assert.deepEqual(a.sync('a', node('a')), { type: 'assign', cidrs: ['10.42.0.0/24'] });
  assert.deepEqual(a.sync('b', node('b')), { type: 'assign', cidrs: ['10.42.1.0/24'] });
  assert.deepEqual(a.sync('c', node('c')), { type: 'exhausted' });
  a.sync('a', undefined);
  assert.deepEqual(a.sync('c', node('c')), { type: 'assign', cidrs: ['10.42.0.0/24'] });
  assert.equal(a.heldBy('a'), undefined);
});

test('RangeAllocator.sync follows a node whose CIDR was set by someone else, and abandon frees a pending one', () => {
  const a = new RangeAllocator({ clusterCIDR: '10.42.0.0/22' });
  assert.deepEqual(a.sync('a', node('a')), { type: 'assign', cidrs: ['10.42.0.0/24'] });
  a.sync('a', node('a', ['10.42.3.0/24']));
  assert.deepEqual(a.heldBy('a'), ['10.42.3.0/24']);
  assert.deepEqual(a.sync('b', node('b')), { type: 'assign', cidrs: ['10.42.1.0/24'] });
  a.abandon('b');
  assert.equal(a.used, 1);
  assert.deepEqual(a.sync('c', node('c')), { type: 'assign', cidrs: ['10.42.2.0/24'] });
  assert.deepEqual(a.sync('d', node('d')), { type: 'assign', cidrs: ['10.42.0.0/24'] }, '10.42.3.0 is adopted by a');
});

test('RangeAllocator keeps subnets overlapping the service CIDR out, and shared holders release once', () => {
  const a = new RangeAllocator({ clusterCIDR: '10.42.0.0/22', serviceCIDR: '10.42.0.0/23' });
  assert.deepEqual(a.sync('a', node('a')), { type: 'assign', cidrs: ['10.42.2.0/24'] });
  a.sync('b', node('b', ['10.42.3.0/24']));
  a.sync('c', node('c', ['10.42.3.0/24']));
  a.sync('b', undefined);
  assert.deepEqual(a.sync('d', node('d')), { type: 'exhausted' }, 'c still holds 10.42.3.0/24');
  assert.deepEqual(nodePodCIDRs(node('e', [], '10.42.9.0/24')), ['10.42.9.0/24']);
});
