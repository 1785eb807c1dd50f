// The test images and the local registry: build (cached), push with skopeo, fetch the manifest back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestImages } from './images.js';
import { pushImage, repositoryOf, startRegistry } from './registry.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

test('repositoryOf strips the registry host and the tag', () => {
  assert.equal(repositoryOf('skiff.local/busybox:1.36'), 'busybox');
  assert.equal(repositoryOf('127.0.0.1:5000/team/app:v1'), 'team/app');
  assert.equal(repositoryOf('library/busybox'), 'library/busybox');
});

test('buildTestImages builds pause and busybox, caches them, and they push to a local registry', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'skiff-e2e-images-'));
  try {
    const cache = join(root, 'cache');
    const imgs = await buildTestImages(cache);
    assert.deepEqual(imgs.refs, { pause: 'skiff.local/pause:3.9', busybox: 'skiff.local/busybox:1.36' });
    const mtime = statSync(imgs.busybox).mtimeMs;
    const again = await buildTestImages(cache);
    assert.deepEqual(again, imgs);
    assert.equal(statSync(imgs.busybox).mtimeMs, mtime);

    // the busybox layer is a working userland: unpack it and run its shell in a chroot
    const rootfs = join(root, 'rootfs');
    mkdirSync(rootfs);
    const blobs = join(imgs.layouts.busybox, 'blobs', 'sha256');
    const manifest = JSON.parse(readFileSync(join(blobs, imgs.digests.busybox.slice(7)), 'utf8'));
    assert.equal(spawnSync('tar', ['-xzf', join(blobs, manifest.layers[0].digest.slice(7)), '-C', rootfs]).status, 0);
    const sh = spawnSync('chroot', [rootfs, '/bin/sh', '-c', 'id -u root; id -u nobody; id -g nobody; ls -ld /tmp | cut -c1-10; echo ok | cat'], { encoding: 'utf8' });
    assert.equal(sh.stdout, '0\n65534\n65534\ndrwxrwxrwt\nok\n', sh.stderr);
    assert.equal(statSync(join(imgs.layouts.pause, 'blobs', 'sha256', imgs.digests.pause.slice(7))).isFile(), true);

    const reg = await startRegistry(join(root, 'registry'));
    try {
      for (const [name, ref] of [['busybox', imgs.refs.busybox], ['pause', imgs.refs.pause]] as const) {
        const dest = await pushImage(imgs.layouts[name], ref, reg.host);
        assert.equal(dest, `${reg.host}/${name}:${ref.split(':')[1]}`);
        const url = `http://${reg.host}/v2/${name}/manifests/${ref.split(':')[1]}`;
        const res = await fetch(url, { headers: { Accept: OCI_MANIFEST } });
        assert.equal(res.status, 200);
        const body = Buffer.from(await res.arrayBuffer());
        const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
        assert.equal(res.headers.get('docker-content-digest'), imgs.digests[name]);
        assert.equal(digest, imgs.digests[name]);
      }
    } finally {
      await reg.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
