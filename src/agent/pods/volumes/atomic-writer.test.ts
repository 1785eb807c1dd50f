import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, readdir, rm, stat, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePayloadAtomically, validatePayloadPath, type Payload } from './atomic-writer.js';

const p = (entries: Record<string, [string, number?]>): Payload =>
  new Map(Object.entries(entries).map(([k, [d, m]]) => [k, { data: Buffer.from(d), mode: m ?? 0o644 }]));

test('writePayloadAtomically: ..data swap, user links, unchanged payload skipped, dropped names removed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-aw-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  assert.equal(await writePayloadAtomically(dir, p({ a: ['1'], 'sub/b': ['2', 0o400] })), true);
  const first = await readlink(join(dir, '..data'));
  assert.match(first, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.[0-9a-f]+$/);
  assert.equal(await readlink(join(dir, 'a')), '..data/a');
  assert.equal(await readlink(join(dir, 'sub')), '..data/sub');
  assert.equal(await readFile(join(dir, 'sub/b'), 'utf8'), '2');
  assert.equal((await stat(join(dir, 'sub/b'))).mode & 0o777, 0o400);

  assert.equal(await writePayloadAtomically(dir, p({ a: ['1'], 'sub/b': ['2', 0o400] })), false);
  assert.equal(await readlink(join(dir, '..data')), first);

  assert.equal(await writePayloadAtomically(dir, p({ a: ['changed'], c: ['3'] })), true);
  assert.notEqual(await readlink(join(dir, '..data')), first);
  assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'changed');
  assert.equal(await readFile(join(dir, 'c'), 'utf8'), '3');
  await assert.rejects(lstat(join(dir, 'sub')));
  const names = (await readdir(dir)).sort();
  assert.equal(names.filter((n) => n.startsWith('..') && n !== '..data').length, 1, `old timestamp dir removed: ${names}`);
  assert.ok(!names.includes(first));
});

test('validatePayloadPath refuses absolute and .. paths', async () => {
  assert.equal(validatePayloadPath('/etc/x'), 'invalid path: must be relative path: /etc/x');
  assert.equal(validatePayloadPath('a/../../x'), "invalid path: must not contain '..': a/../../x");
  assert.equal(validatePayloadPath('..x'), "invalid path: must not start with '..': ..x");
  assert.equal(validatePayloadPath('ok/x'), undefined);
  await assert.rejects(writePayloadAtomically('/nonexistent-never', p({ '../x': ['1'] })), /must not contain/);
});
