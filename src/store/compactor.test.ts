import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../machinery/clock.js';
import { compactionTarget, startCompactor } from './compactor.js';
import { createMemoryBackend } from './memory/memory.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('compactionTarget', () => {
  it('keeps the newest revisions and never goes backwards', () => {
    assert.equal(compactionTarget(100, 0, 10), 90);
    assert.equal(compactionTarget(100, 90, 10), undefined);
    assert.equal(compactionTarget(5, 0, 10), undefined);
  });
});

describe('startCompactor', () => {
  it('compacts every interval, retaining the newest revisions', async () => {
    const clock = new FakeClock();
    const b = createMemoryBackend();
    await b.start();
    for (let i = 0; i < 30; i++) await b.create(`/k/${i}`, '{}');
    const c = startCompactor(b, { intervalMs: 1000, retainRevisions: 10, clock });
    clock.advance(999);
    await flush();
    assert.equal(b.compactRevision(), 0);
    clock.advance(1);
    await flush();
    assert.equal(b.compactRevision(), 20);
    for (let i = 30; i < 35; i++) await b.create(`/k/${i}`, '{}');
    clock.advance(1000);
    await flush();
    assert.equal(b.compactRevision(), 25);
    c.stop();
    for (let i = 35; i < 50; i++) await b.create(`/k/${i}`, '{}');
    clock.advance(5000);
    await flush();
    assert.equal(b.compactRevision(), 25, 'stopped');
    await b.close();
  });

  it('reports a failed compaction and keeps going', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let calls = 0;
    const b = createMemoryBackend();
    await b.start();
    for (let i = 0; i < 20; i++) await b.create(`/k/${i}`, '{}');
    const real = b.compact.bind(b);
    b.compact = (rev) => (++calls === 1 ? Promise.reject(new Error('disk on fire')) : real(rev));
    const c = startCompactor(b, { intervalMs: 10, retainRevisions: 5, clock, onError: (e) => errors.push(e) });
    clock.advance(10);
    await flush();
    assert.equal(errors.length, 1);
    clock.advance(10);
    await flush();
    assert.equal(b.compactRevision(), 15);
    c.stop();
    await b.close();
  });
});
