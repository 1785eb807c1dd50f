import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageRepository, normalizeImageRef } from './image-ref.js';

test('normalizeImageRef qualifies docker hub short names', () => {
  assert.equal(normalizeImageRef('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeImageRef('busybox:1.36'), 'docker.io/library/busybox:1.36');
  assert.equal(normalizeImageRef('bitnami/redis'), 'docker.io/bitnami/redis:latest');
  assert.equal(normalizeImageRef('index.docker.io/library/busybox:1'), 'docker.io/library/busybox:1');
});

test('normalizeImageRef keeps registries with ports and digests', () => {
  assert.equal(normalizeImageRef('127.0.0.1:5000/skiff/busybox'), '127.0.0.1:5000/skiff/busybox:latest');
  assert.equal(normalizeImageRef('localhost/x:2'), 'localhost/x:2');
  const d = 'sha256:' + 'a'.repeat(64);
  assert.equal(normalizeImageRef(`busybox@${d}`), `docker.io/library/busybox@${d}`);
  assert.equal(normalizeImageRef(d), d);
});

test('imageRepository strips tag and digest', () => {
  assert.equal(imageRepository('127.0.0.1:5000/a/b:1'), '127.0.0.1:5000/a/b');
  assert.equal(imageRepository('docker.io/library/busybox@sha256:' + 'b'.repeat(64)), 'docker.io/library/busybox');
});
