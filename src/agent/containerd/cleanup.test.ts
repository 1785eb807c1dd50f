import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountsUnder } from './cleanup.js';

const mountinfo = [
  '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '40 22 0:40 / /tmp/ctrd-x/root/io.containerd.snapshotter.v1.overlayfs/snapshots/1/fs rw - overlay overlay rw',
  '41 22 0:41 / /tmp/ctrd-x/state/netns/cni-1 rw - nsfs nsfs rw',
  '42 41 0:42 / /tmp/ctrd-x/state/netns/cni-1/deeper rw - tmpfs tmpfs rw',
  '43 22 0:43 / /tmp/ctrd-xy/other rw - tmpfs tmpfs rw',
  '44 22 0:44 / /tmp/ctrd-x/with\\040space rw - tmpfs tmpfs rw',
].join('\n');

test('mountsUnder lists mounts strictly under the root, deepest first, unescaping octal', () => {
  assert.deepEqual(mountsUnder('/tmp/ctrd-x', mountinfo), [
    '/tmp/ctrd-x/root/io.containerd.snapshotter.v1.overlayfs/snapshots/1/fs',
    '/tmp/ctrd-x/state/netns/cni-1/deeper',
    '/tmp/ctrd-x/state/netns/cni-1',
    '/tmp/ctrd-x/with space',
  ]);
});
