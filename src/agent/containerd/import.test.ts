import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTarballs, parseImportOutput } from './import.js';

test('parseImportOutput reads the image names ctr unpacked', () => {
  const out = `unpacking skiff.local/pause:3.9 (sha256:${'a'.repeat(64)})...done\nunpacking docker.io/library/x:1 (sha256:${'b'.repeat(64)})...done\n`;
  assert.deepEqual(parseImportOutput(out), ['skiff.local/pause:3.9', 'docker.io/library/x:1']);
  assert.deepEqual(parseImportOutput(''), []);
});

test('listTarballs finds .tar, .tar.gz and .tgz files only, sorted; a missing dir has none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-images-dir-'));
  try {
    for (const f of ['b.tar', 'a.tar.gz', 'c.tgz', 'notes.txt', 'd.tar.zst']) writeFileSync(join(dir, f), '');
    mkdirSync(join(dir, 'sub.tar'));
    assert.deepEqual(listTarballs(dir), ['a.tar.gz', 'b.tar', 'c.tgz'].map((f) => join(dir, f)));
    assert.deepEqual(listTarballs(join(dir, 'missing')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
