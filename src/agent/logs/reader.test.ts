import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { formatCriLogLine } from './cri-format.js';
import { readContainerLogs } from './reader.js';
import { findTailStart, tailInFile } from './tail.js';

const T = '2020-01-01T00:00:00Z';
const lines = (...xs: string[]) => xs.map((x) => formatCriLogLine(T, 'stdout', x)).join('');

/** Collects output and lets a test wait until some text has arrived. */
function sink() {
  const out = new PassThrough();
  let text = '';
  const waiters: { want: string; resolve: () => void }[] = [];
  out.on('data', (c: Buffer) => {
    text += c.toString();
    for (const w of waiters.splice(0)) if (text.includes(w.want)) w.resolve(); else waiters.push(w);
  });
  return {
    out,
    get text() { return text; },
    until: (want: string) => new Promise<void>((resolve) => { if (text.includes(want)) resolve(); else waiters.push({ want, resolve }); }),
  };
}

describe('logs reader', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'skiff-logs-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tailInFile finds the last N terminated lines, ignoring an unterminated one', async () => {
    const p = join(dir, '0.log');
    writeFileSync(p, 'a\nbb\nccc\nunterminated');
    assert.deepEqual(await tailInFile(p, 2), { offset: 2, counted: 2 });
    assert.deepEqual(await tailInFile(p, 3), { offset: 0, counted: 3 });
    assert.deepEqual(await tailInFile(p, 4), { counted: 3 });
    assert.deepEqual(await tailInFile(p, 0), { offset: 9, counted: 0 });
    assert.deepEqual(await tailInFile(join(dir, 'missing'), 1), { counted: 0 });
  });

  it('findTailStart crosses files and blocks larger than 64 KiB', async () => {
    const a = join(dir, '0.log.1');
    const b = join(dir, '0.log');
    writeFileSync(a, `${'x'.repeat(70000)}\nold1\nold2\n`);
    writeFileSync(b, `${'y'.repeat(100000)}\nnew\n`);
    assert.deepEqual(await findTailStart([a, b], 2), { fileIndex: 1, offset: 0 });
    assert.deepEqual(await findTailStart([a, b], 3), { fileIndex: 0, offset: 70006 });
  });

  it('reads all, tails, adds timestamps and stops at limitBytes', async () => {
    const p = join(dir, '0.log');
    writeFileSync(p, lines('one', 'two', 'three'));
    const all = sink();
    await readContainerLogs(p, {}, all.out);
    assert.equal(all.text, 'one\ntwo\nthree\n');
    const tail = sink();
    await readContainerLogs(p, { tailLines: 1, timestamps: true }, tail.out);
    assert.equal(tail.text, `${T} three\n`);
    const lim = sink();
    await readContainerLogs(p, { limitBytes: 6 }, lim.out);
    assert.equal(lim.text, 'one\ntw');
  });

  it('reads rotated files before the live one', async () => {
    writeFileSync(join(dir, '0.log.20200101-000000'), lines('r1'));
    writeFileSync(join(dir, '0.log'), lines('l1'));
    const s = sink();
    await readContainerLogs([join(dir, '0.log.20200101-000000'), join(dir, '0.log')], { tailLines: 2 }, s.out);
    assert.equal(s.text, 'r1\nl1\n');
  });

  it('follows appends across a rotation and ends once the container has exited', async () => {
    const p = join(dir, '0.log');
    writeFileSync(p, lines('first'));
    let running = true;
    const s = sink();
    const done = readContainerLogs(p, { follow: true, tailLines: 10 }, s.out, undefined, { isRunning: async () => running, pollMs: 20 });
    await s.until('first\n');
    appendFileSync(p, lines('second'));
    await s.until('second\n');
    // kubelet rotation: rename, the runtime writes the tail of the old fd, then reopens a new file.
    renameSync(p, `${p}.20200101-000000`);
    appendFileSync(`${p}.20200101-000000`, lines('late-old'));
    writeFileSync(p, lines('after-rotation'));
    await s.until('after-rotation\n');
    appendFileSync(p, lines('last'));
    running = false;
    await done;
    assert.equal(s.text, 'first\nsecond\nlate-old\nafter-rotation\nlast\n');
  });

  it('follow stops when the signal aborts or the reader closes', async () => {
    const p = join(dir, '0.log');
    writeFileSync(p, lines('x'));
    const ac = new AbortController();
    const s = sink();
    const done = readContainerLogs(p, { follow: true }, s.out, ac.signal, { pollMs: 20 });
    await s.until('x\n');
    ac.abort();
    await done;
    const s2 = sink();
    const done2 = readContainerLogs(p, { follow: true }, s2.out, undefined, { pollMs: 20 });
    await s2.until('x\n');
    s2.out.destroy();
    await done2;
  });
});
