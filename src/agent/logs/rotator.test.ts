import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../machinery/clock.js';
import { LogRotator, timestampSuffix } from './rotator.js';
import type { LogRotatorOptions } from './rotator.js';

function stubRuntime(logPath: string, reopenFails = false) {
  const reopened: string[] = [];
  const runtime = {
    listContainers: async () => [{ id: 'c1' }],
    containerStatus: async () => ({ status: { logPath } }),
    reopenContainerLog: async (id: string) => {
      if (reopenFails) throw new Error('container is not running');
      reopened.push(id);
      writeFileSync(logPath, ''); // the runtime creates the new file
    },
  } as unknown as LogRotatorOptions['runtime'];
  return { runtime, reopened };
}

describe('LogRotator', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'skiff-rot-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('timestampSuffix uses the kubelet layout', () => {
    assert.equal(timestampSuffix(Date.UTC(2024, 1, 3, 4, 5, 6)), '20240203-040506');
  });

  it('renames an oversized log, reopens it and keeps maxFiles files, on the clock', async () => {
    const p = join(dir, '0.log');
    for (const s of ['20200101-000000', '20200101-000001', '20200101-000002', '20200101-000003']) writeFileSync(`${p}.${s}`, 'old');
    writeFileSync(p, 'x'.repeat(200));
    const clock = new FakeClock(Date.UTC(2024, 0, 1));
    const { runtime, reopened } = stubRuntime(p);
    const r = new LogRotator({ runtime, clock, maxSizeBytes: 100, maxFiles: 3 });
    r.start();
    clock.advance(9_999);
    assert.deepEqual(reopened, []);
    clock.advance(1);
    await r.stop(); // waits for the round in flight
    assert.deepEqual(reopened, ['c1']);
    assert.deepEqual(readdirSync(dir).sort(), ['0.log', '0.log.20200101-000003', `0.log.${timestampSuffix(Date.UTC(2024, 0, 1, 0, 0, 10))}`]);
  });

  it('leaves small logs alone and puts the file back when reopen fails', async () => {
    const p = join(dir, '0.log');
    writeFileSync(p, 'x'.repeat(10));
    const small = new LogRotator({ runtime: stubRuntime(p).runtime, maxSizeBytes: 100 });
    assert.equal(await small.rotateContainer('c1'), undefined);
    writeFileSync(p, 'x'.repeat(200));
    const failing = new LogRotator({ runtime: stubRuntime(p, true).runtime, maxSizeBytes: 100 });
    await assert.rejects(failing.rotateContainer('c1'), /not running/);
    assert.ok(existsSync(p));
    assert.deepEqual(readdirSync(dir), ['0.log']);
  });
});
