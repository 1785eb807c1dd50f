import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { buildOciImage, hostArch, layerEntries, sha256 } from './image.js';
import { readTar } from './tar.js';

const files = [
  { path: '/bin/hello', content: 'hi', mode: 0o755 },
  { path: '/bin/sh', symlinkTarget: '/bin/busybox' },
  { path: '/tmp', type: 'dir' as const, mode: 0o1777 },
];

test('layerEntries adds parent directories, sorts, and lets later entries win', () => {
  const e = layerEntries([{ path: '/a/b/c', content: 'x' }, { path: 'a/b/c', content: 'y', mode: 0o600 }]);
  assert.deepEqual(e.map((x) => [x.path, x.type, x.mode]), [['a', 'dir', 0o755], ['a/b', 'dir', 0o755], ['a/b/c', 'file', 0o600]]);
  assert.equal(e[2]!.content!.toString(), 'y');
});

test('layerEntries rejects entries with no kind and paths with ..', () => {
  assert.throws(() => layerEntries([{ path: '/x' }]), /needs content, sourcePath, symlinkTarget or type 'dir'/);
  assert.throws(() => layerEntries([{ path: '/x/../../etc', content: '' }]), /must not contain "\.\."/);
});

test('buildOciImage links manifest, config and layer by digest, diff_id is the uncompressed tar digest', () => {
  const img = buildOciImage({ files, config: { Entrypoint: ['/bin/hello'], Env: ['PATH=/bin'] }, arch: 'arm64' });
  const manifest = JSON.parse(img.manifest.data.toString());
  const config = JSON.parse(img.config.data.toString());
  assert.equal(img.manifest.digest, sha256(img.manifest.data));
  assert.equal(manifest.config.digest, img.config.digest);
  assert.equal(manifest.config.size, img.config.data.length);
  assert.equal(manifest.layers[0].digest, sha256(img.layers[0]!.data));
  assert.equal(manifest.layers[0].mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  const tar = gunzipSync(img.layers[0]!.data);
  assert.deepEqual(config.rootfs, { type: 'layers', diff_ids: [sha256(tar)] });
  assert.equal(config.architecture, 'arm64');
  assert.equal(config.os, 'linux');
  assert.deepEqual(config.config.Entrypoint, ['/bin/hello']);
  assert.deepEqual(readTar(tar).map((e) => e.path), ['bin/', 'bin/hello', 'bin/sh', 'tmp/']);
});

test('buildOciImage is reproducible: same inputs, same manifest digest; different content, different digest', () => {
  const a = buildOciImage({ files, config: {} });
  const b = buildOciImage({ files, config: {} });
  const c = buildOciImage({ files: [...files, { path: '/etc/x', content: '1' }], config: {} });
  assert.equal(a.manifest.digest, b.manifest.digest);
  assert.notEqual(a.manifest.digest, c.manifest.digest);
});

test('hostArch maps Node arch names to GOARCH', () => {
  assert.equal(hostArch('x64'), 'amd64');
  assert.equal(hostArch('arm64'), 'arm64');
});
