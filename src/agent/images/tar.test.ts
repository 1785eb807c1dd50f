import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar, writeTar, type TarEntry } from './tar.js';

const longDir = 'd'.repeat(120);
const entries: TarEntry[] = [
  { path: 'bin', type: 'dir', mode: 0o755 },
  { path: 'bin/hello', type: 'file', mode: 0o755, content: Buffer.from('#!/bin/sh\necho hi\n'), uid: 65534, gid: 65534 },
  { path: 'bin/sh', type: 'symlink', mode: 0o777, linkTarget: '/bin/busybox' },
  { path: 'tmp', type: 'dir', mode: 0o1777 },
  { path: `${longDir}/${'f'.repeat(90)}`, type: 'file', mode: 0o644, content: Buffer.alloc(1000, 7) },
  { path: 'x'.repeat(180), type: 'file', mode: 0o600, content: Buffer.from('pax') },
  { path: 'link', type: 'symlink', mode: 0o777, linkTarget: `/${'t'.repeat(150)}` },
];

test('writeTar then readTar round-trips files, dirs, symlinks, modes, owners and long names', () => {
  const tar = writeTar(entries);
  assert.equal(tar.length % 512, 0);
  const back = readTar(tar);
  assert.deepEqual(back.map((e) => [e.path.replace(/\/$/, ''), e.type, e.mode, e.uid]), entries.map((e) => [e.path, e.type, e.mode, e.uid ?? 0]));
  assert.equal(back[1]!.content!.toString(), '#!/bin/sh\necho hi\n');
  assert.equal(back[2]!.linkTarget, '/bin/busybox');
  assert.deepEqual(back[4]!.content, Buffer.alloc(1000, 7));
  assert.equal(back[6]!.linkTarget, `/${'t'.repeat(150)}`);
});

test('writeTar output is read the same way by the system tar (GNU tar)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-tar-test-'));
  try {
    writeFileSync(join(dir, 'a.tar'), writeTar(entries));
    const r = spawnSync('tar', ['-tvf', join(dir, 'a.tar')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, entries.length);
    assert.match(lines[1]!, /^-rwxr-xr-x 65534\/65534\s+18 .* bin\/hello$/);
    assert.match(lines[2]!, /^lrwxrwxrwx .* bin\/sh -> \/bin\/busybox$/);
    assert.match(lines[3]!, /^drwxrwxrwt .* tmp\/$/);
    assert.ok(lines[5]!.endsWith(' ' + 'x'.repeat(180)), lines[5]);
    assert.ok(lines[6]!.endsWith(`link -> /${'t'.repeat(150)}`), lines[6]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeTar of nothing is the two zero blocks', () => {
  assert.deepEqual(writeTar([]), Buffer.alloc(1024));
});
