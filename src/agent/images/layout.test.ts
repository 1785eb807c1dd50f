import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOciImage } from './image.js';
import { ociArchive, tagOf, writeOciLayout } from './layout.js';
import { readTar } from './tar.js';

const img1 = buildOciImage({ files: [{ path: '/a', content: '1' }], config: {} });
const img2 = buildOciImage({ files: [{ path: '/a', content: '2' }], config: {} });

test('tagOf extracts the tag of a reference', () => {
  assert.equal(tagOf('skiff.local/pause:3.9'), '3.9');
  assert.equal(tagOf('127.0.0.1:5000/busybox'), 'latest');
  assert.equal(tagOf('busybox@sha256:abc'), undefined);
});

test('writeOciLayout writes blobs and index.json; a re-used tag moves to the new manifest, other tags stay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-layout-test-'));
  try {
    writeOciLayout(dir, img1, 'v1');
    writeOciLayout(dir, img1, 'latest');
    writeOciLayout(dir, img2, 'latest');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'oci-layout'), 'utf8')), { imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    assert.deepEqual(index.manifests.map((m: { digest: string; annotations: Record<string, string> }) => [m.annotations['org.opencontainers.image.ref.name'], m.digest]),
      [['v1', img1.manifest.digest], ['latest', img2.manifest.digest]]);
    for (const b of [img1.manifest, img1.config, img1.layers[0]!, img2.manifest]) {
      assert.deepEqual(readFileSync(join(dir, 'blobs/sha256', b.digest.slice(7))), b.data);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ociArchive holds the layout with containerd and OCI ref annotations', () => {
  const entries = readTar(ociArchive(img1, 'skiff.local/pause:3.9'));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  assert.ok(byPath.has('oci-layout'));
  assert.deepEqual(byPath.get(`blobs/sha256/${img1.config.digest.slice(7)}`)!.content, img1.config.data);
  const index = JSON.parse(byPath.get('index.json')!.content!.toString());
  assert.deepEqual(index.manifests[0].annotations, { 'io.containerd.image.name': 'skiff.local/pause:3.9', 'org.opencontainers.image.ref.name': '3.9' });
  assert.equal(index.manifests[0].digest, img1.manifest.digest);
});
