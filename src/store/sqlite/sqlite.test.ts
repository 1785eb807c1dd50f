import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { FakeClock } from '../../machinery/clock.js';
import { isStoreError } from '../backend.js';
import { backendConformance, collect } from '../conformance.js';
import { createSqliteBackend } from './sqlite.js';

const dir = fs.mkdtempSync(os.tmpdir() + '/skiff-store-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => `${dir}/t-${n++}.db`;

async function open(path: string, clock?: FakeClock) {
  const b = createSqliteBackend({ path, clock, pollIntervalMs: 100 });
  await b.start();
  return b;
}

backendConformance('sqlite', () => open(freshPath()));

describe('createSqliteBackend', () => {
  it('keeps data, revisions and the compact revision across close and reopen', async () => {
    const path = freshPath();
    const b1 = await open(path);
    const a = await b1.create('/k/a', '{"v":1}');
    await b1.update('/k/a', '{"v":2}', a.modRevision);
    await b1.compact(b1.currentRevision());
    const last = b1.currentRevision();
    await b1.close();
    const b2 = await open(path);
    assert.equal(b2.currentRevision(), last);
    assert.equal(b2.compactRevision(), last);
    assert.equal((await b2.get('/k/a')).kv?.value, '{"v":2}');
    const c = await b2.create('/k/c', '{}');
    assert.ok(c.modRevision > last);
    await b2.close();
  });

  it('a second instance on the same file sees the first one\'s writes through watch', async () => {
    const path = freshPath();
    const c1 = new FakeClock();
    const c2 = new FakeClock();
    const b1 = await open(path, c1);
    const b2 = await open(path, c2);
    const w2 = collect(b2, '/x/', 0);
    const w1 = collect(b1, '/x/', 0);
    const a = await b1.create('/x/a', '1');
    assert.equal(b2.currentRevision(), a.modRevision, 'revisions come from the table');
    c2.advance(100);
    assert.deepEqual((await w2.next(1)).map((e) => e.kv), [a]);
    const b = await b2.create('/x/b', '2');
    assert.ok(b.modRevision > a.modRevision);
    const u = await b1.update('/x/b', '3', b.modRevision);
    assert.equal(u.ok, true, 'CAS sees the other instance\'s row');
    c1.advance(100);
    assert.deepEqual((await w1.next(3)).map((e) => `${e.type} ${e.kv.modRevision}`), [`create ${a.modRevision}`, `create ${b.modRevision}`, `update ${u.kv!.modRevision}`]);
    c2.advance(100);
    assert.deepEqual((await w2.next(2)).map((e) => e.kv.modRevision), [b.modRevision, u.kv!.modRevision]);
    await b1.close();
    await b2.close();
  });

  it('closes the watchers of an instance that missed history another instance compacted', async () => {
    const path = freshPath();
    const c2 = new FakeClock();
    const b1 = await open(path);
    const b2 = await open(path, c2);
    const w2 = collect(b2, '/x/', 0);
    const a = await b1.create('/x/a', '1');
    await b1.update('/x/a', '2', a.modRevision);
    await b1.compact(b1.currentRevision());
    c2.advance(100);
    assert.equal(w2.errors.length, 1);
    assert.ok(isStoreError(w2.errors[0], 'Compacted'));
    await b1.close();
    await b2.close();
  });

  it('group commit puts writes queued in one tick into one transaction, CAS still per write', async () => {
    const b = await open(freshPath());
    const before = b.stats();
    const kvs = await Promise.all(Array.from({ length: 200 }, (_, i) => b.create(`/g/${i}`, '{}')));
    const after = b.stats();
    assert.equal(after.writes - before.writes, 200);
    assert.equal(after.transactions - before.transactions, 1);
    assert.equal(new Set(kvs.map((kv) => kv.modRevision)).size, 200);
    // Same batch: a delete then a create of the same key both apply; a duplicate create fails alone.
    const [del, re, dup] = await Promise.allSettled([b.delete('/g/0', 0), b.create('/g/0', 'again'), b.create('/g/1', 'dup')]);
    assert.equal(b.stats().transactions - after.transactions, 1);
    assert.equal(del.status === 'fulfilled' && del.value.ok, true);
    assert.equal(re.status === 'fulfilled' && re.value.value, 'again');
    assert.ok(dup.status === 'rejected' && isStoreError(dup.reason, 'KeyExists'));
    await b.close();
  });

  it('compaction runs in small transactions that let writers through', async () => {
    const b = await open(freshPath());
    let kv = await b.create('/c/a', '0');
    for (let i = 0; i < 1200; i++) kv = (await b.update('/c/a', String(i), kv.modRevision)).kv!;
    const target = b.currentRevision();
    const compacting = b.compact(target);
    const created = await b.create('/c/b', 'x');
    assert.ok(b.compactRevision() < target, 'the create committed while compaction was still running');
    await compacting;
    assert.equal(b.compactRevision(), target);
    assert.deepEqual((await b.list('/c/')).kvs.map((x) => x.value), ['1199', 'x']);
    assert.ok(created.modRevision > target);
    await b.close();
  });

  it('every create reported as resolved survives kill -9', async () => {
    const path = freshPath();
    const child = spawn(process.execPath, [fileURLToPath(new URL('./crash-child.js', import.meta.url)), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const reported: string[] = [];
    let buf = '';
    const exited = new Promise((r) => child.on('exit', r));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      reported.push(...lines);
      if (reported.length >= 2000) child.kill('SIGKILL');
    });
    await exited;
    assert.ok(reported.length >= 2000, `child reported ${reported.length} creates before dying`);
    const b = await open(path);
    const present = new Set((await b.list('/crash/')).kvs.map((kv) => kv.key));
    const missing = reported.filter((k) => !present.has(k));
    assert.deepEqual(missing, []);
    await b.close();
  });

  it('writes from a process started with --input-type=module -e (the writer thread must not inherit that flag)', async () => {
    const path = freshPath();
    const mod = new URL('./sqlite.js', import.meta.url).href;
    const code = `const { createSqliteBackend } = await import(${JSON.stringify(mod)}); const b = createSqliteBackend({ path: ${JSON.stringify(path)} }); await b.start(); const kv = await b.create('/x', 'v'); await b.close(); console.log(kv.modRevision);`;
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = ''; let stderr = '';
      p.stdout.on('data', (d) => { stdout += d; });
      p.stderr.on('data', (d) => { stderr += d; });
      p.on('close', (c) => resolve({ code: c, stdout, stderr }));
    });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^\d+\n$/);
  });
});
