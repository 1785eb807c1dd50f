import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideImageGC, type ImageRecord } from './decide.js';

const MIN = 60_000;
const img = (id: string, size: number, lastUsed: number, o: Partial<ImageRecord> = {}): ImageRecord => ({ id, size, pinned: false, firstSeen: 0, lastUsed, ...o });

test('below the high threshold nothing is collected', () => {
  assert.deepEqual(decideImageGC({ now: 10 * MIN, capacityBytes: 1000, usedBytes: 840, images: [img('a', 100, 0)], inUse: new Set() }), { bytesToFree: 0, remove: [] });
});

test('above it, unused images go least recently used first until usage is below the low threshold', () => {
  const d = decideImageGC({
    now: 10 * MIN, capacityBytes: 1000, usedBytes: 900,
    images: [img('new', 60, 5 * MIN), img('old', 60, 1 * MIN), img('used', 500, 0), img('pause', 10, 0, { pinned: true }), img('young', 500, 0, { firstSeen: 9 * MIN })],
    inUse: new Set(['used']),
  });
  assert.equal(d.bytesToFree, 100);
  assert.deepEqual(d.remove, ['old', 'new']);
  assert.equal(d.shortfall, undefined);
});

test('not enough eligible bytes: the kubelet message', () => {
  const d = decideImageGC({ now: 10 * MIN, capacityBytes: 1000, usedBytes: 950, images: [img('a', 20, 0)], inUse: new Set() });
  assert.deepEqual(d.remove, ['a']);
  assert.equal(d.shortfall, 'Failed to garbage collect required amount of images. Attempted to free 150 bytes, but only found 20 bytes eligible to free.');
});
