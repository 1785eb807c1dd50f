import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from './cache.js';
import { Snapshot } from './framework/snapshot.js';
import { makeNode, makePod, zone } from './testing/wrappers.js';

test('SchedulerCache: assume counts a pod at once; forget undoes it; the informer add confirms it', () => {
  const c = new SchedulerCache();
  const s = new Snapshot();
  c.addNode(makeNode('n', { cpu: '4' }));
  const pod = makePod('p', { cpu: '1', nodeName: 'n' });
  c.assumePod(pod);
  c.updateSnapshot(s);
  assert.equal(s.get('n')!.requested.milliCPU, 1000);
  assert.equal(c.isAssumed(pod), true);
  c.forgetPod(pod);
  c.updateSnapshot(s);
  assert.equal(s.get('n')!.requested.milliCPU, 0);
  c.assumePod(pod);
  c.addPod(pod);
  assert.equal(c.isAssumed(pod), false);
  c.updateSnapshot(s);
  assert.equal(s.get('n')!.pods.length, 1);
  c.updatePod({ ...pod, status: { phase: 'Succeeded' } });
  c.updateSnapshot(s);
  assert.equal(s.get('n')!.pods.length, 0, 'terminal pods free their node');
});

test('SchedulerCache.updateSnapshot: clones only changed nodes; earlier snapshots stay immutable', () => {
  const c = new SchedulerCache();
  const s = new Snapshot();
  for (const n of ['a', 'b', 'c']) c.addNode(makeNode(n));
  c.updateSnapshot(s);
  const before = s.get('a')!;
  const untouched = s.get('b')!;
  c.addPod(makePod('p', { nodeName: 'a', cpu: '1' }));
  c.updateSnapshot(s);
  assert.notEqual(s.get('a'), before, 'changed node re-cloned');
  assert.equal(before.pods.length, 0, 'old clone not mutated');
  assert.equal(s.get('b'), untouched, 'unchanged node shared');
  assert.equal(s.nodeInfoList[s.indexOf.get('a')!], s.get('a'));
});

test('Snapshot lists nodes round-robin over zones; removals and affinity lists follow', () => {
  const c = new SchedulerCache();
  const s = new Snapshot();
  c.addNode(makeNode('a1', { labels: zone('a') }));
  c.addNode(makeNode('a2', { labels: zone('a') }));
  c.addNode(makeNode('b1', { labels: zone('b') }));
  c.addNode(makeNode('b2', { labels: zone('b') }));
  c.addNode(makeNode('c1', { labels: zone('c') }));
  c.updateSnapshot(s);
  assert.deepEqual(s.nodeInfoList.map((n) => n.name), ['a1', 'b1', 'c1', 'a2', 'b2']);
  c.removeNode('b1');
  c.addPod(makePod('x', { nodeName: 'a2', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] } } }));
  c.updateSnapshot(s);
  assert.deepEqual(s.nodeInfoList.map((n) => n.name), ['a1', 'b2', 'c1', 'a2']);
  assert.deepEqual(s.havePodsWithRequiredAntiAffinityList.map((n) => n.name), ['a2']);
  assert.deepEqual(s.havePodsWithAffinityList.map((n) => n.name), ['a2']);
});

test('SchedulerCache: image states count the nodes that hold an image', () => {
  const c = new SchedulerCache();
  const s = new Snapshot();
  const img = [{ names: ['nginx:latest'], sizeBytes: 100 }];
  c.addNode(makeNode('a', { images: img }));
  c.addNode(makeNode('b', { images: img }));
  c.updateSnapshot(s);
  assert.equal(s.get('a')!.images.get('nginx:latest')!.nodes.size, 2);
  c.removeNode('b');
  assert.equal(s.get('a')!.images.get('nginx:latest')!.nodes.size, 1);
});
