// readContainerLogs: the kubelet's ReadLogs for CRI log files — tail, since, timestamps, limitBytes and follow across
// the kubelet-style rotation (`0.log` renamed to `0.log.<time>`, then the runtime reopens a fresh `0.log`).
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { LogFormatter, type FormatOptions } from './formatter.js';
import { findTailStart } from './tail.js';

export interface ReadLogsOptions extends FormatOptions {
  /** Keep reading as the container writes, until it has exited and its log is drained (or the reader goes away). */
  follow?: boolean;
  /** Start with the last N lines (counted across `paths`). @default all */
  tailLines?: number;
}

export interface FollowOptions {
  /** Whether the container still runs; a follow ends once it does not and its file has nothing more. @default always running */
  isRunning?: () => Promise<boolean>;
  /** Polling period when no file event arrives (fs.watch can miss events on some filesystems). @default 500 */
  pollMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

const CHUNK = 64 * 1024;

/**
 * Writes the formatted log of `paths` (older rotated files first, the live file last) to `out`. Resolves when done:
 * end of file without follow, limitBytes reached, container exited (follow), `out` closed or `signal` aborted.
 * Does not end `out`.
 */
export async function readContainerLogs(
  paths: string | string[], opts: ReadLogsOptions, out: Writable, signal?: AbortSignal, follow: FollowOptions = {},
): Promise<void> {
  const files = Array.isArray(paths) ? paths : [paths];
  if (files.length === 0) return;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort);
  out.once('close', onAbort);
  const reader = new Reader(opts, out, stop.signal);
  try {
    const start = opts.tailLines !== undefined && opts.tailLines >= 0 ? await findTailStart(files, opts.tailLines) : { fileIndex: 0, offset: 0 };
    for (let i = start.fileIndex; i < files.length - 1 && !reader.finished; i++) {
      const fh = await openIfExists(files[i]!);
      if (!fh) continue;
      try { await reader.drain(fh, i === start.fileIndex ? start.offset : 0); } finally { await fh.close(); }
      reader.resetLine();
    }
    if (reader.finished) return;
    const live = files[files.length - 1]!;
    const offset = start.fileIndex === files.length - 1 ? start.offset : 0;
    if (!opts.follow) {
      const fh = await openIfExists(live);
      if (fh) try { await reader.drain(fh, offset); } finally { await fh.close(); }
      return;
    }
    await followFile(reader, live, offset, follow, stop.signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    out.off('close', onAbort);
  }
}

/** Reads bytes from files, splits lines, formats and writes them with backpressure. */
class Reader {
  private readonly fmt: LogFormatter;
  private carry: Buffer = Buffer.alloc(0);
  private readonly buf = Buffer.alloc(CHUNK);
  constructor(opts: FormatOptions, private readonly out: Writable, private readonly signal: AbortSignal) {
    this.fmt = new LogFormatter(opts);
  }

  get finished(): boolean { return this.fmt.done || this.signal.aborted || this.out.destroyed; }

  /** Reads from `offset` to the current end of file; returns the new offset. */
  async drain(fh: FileHandle, offset: number): Promise<number> {
    let pos = offset;
    while (!this.finished) {
      const { bytesRead } = await fh.read(this.buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      await this.push(this.buf.subarray(0, bytesRead));
    }
    return pos;
  }

  /** Forgets an unterminated line (a file ended without a newline). */
  resetLine(): void { this.carry = Buffer.alloc(0); }

  private async push(chunk: Buffer): Promise<void> {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk);
    let nl: number;
    while ((nl = data.indexOf(0x0a)) >= 0 && !this.finished) {
      const out = this.fmt.line(data.subarray(0, nl));
      data = data.subarray(nl + 1);
      if (out.length > 0) await this.write(out);
    }
    this.carry = Buffer.from(data);
  }

  private async write(bytes: Buffer): Promise<void> {
    if (this.out.destroyed || this.out.writableEnded) return;
    if (this.out.write(bytes)) return;
    await new Promise<void>((resolve) => {
      const done = () => { this.out.off('drain', done); this.out.off('close', done); this.signal.removeEventListener('abort', done); resolve(); };
      this.out.once('drain', done);
      this.out.once('close', done);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}

async function followFile(reader: Reader, path: string, startOffset: number, opts: FollowOptions, signal: AbortSignal): Promise<void> {
  const clock = opts.clock ?? systemClock;
  const pollMs = opts.pollMs ?? 500;
  const waker = new Waker(dirname(path), clock, pollMs, signal);
  let fh = await openIfExists(path);
  let offset = startOffset;
  try {
    for (;;) {
      if (reader.finished) return;
      if (!fh) {
        fh = await openIfExists(path);
        offset = 0;
        if (!fh) {
          if (opts.isRunning && !(await opts.isRunning())) return;
          await waker.wait();
          continue;
        }
      }
      const before = offset;
      offset = await reader.drain(fh, offset);
      if (reader.finished) return;
      // Rotation: the path now names another file. The runtime reopens before the new file appears, so once it
      // exists the old one gets no more writes: drain it and move on.
      const rotated = await replacedBy(fh, path);
      if (rotated) {
        await reader.drain(fh, offset);
        await fh.close();
        reader.resetLine();
        fh = rotated === 'gone' ? undefined : await openIfExists(path);
        offset = 0;
        continue;
      }
      if (offset !== before) continue;
      if (opts.isRunning && !(await opts.isRunning())) {
        await reader.drain(fh, offset);
        if (!(await replacedBy(fh, path))) return;
        continue;
      }
      await waker.wait();
    }
  } finally {
    waker.close();
    await fh?.close();
  }
}

/** 'new' when `path` is now another file than `fh`, 'gone' when it does not exist, undefined when unchanged. */
async function replacedBy(fh: FileHandle, path: string): Promise<'new' | 'gone' | undefined> {
  const [mine, now] = await Promise.all([fh.stat(), stat(path).catch(() => undefined)]);
  if (!now) return 'gone';
  return now.ino !== mine.ino || now.dev !== mine.dev ? 'new' : undefined;
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Wakes a waiting follower on a directory change, after `pollMs`, or on abort. */
class Waker {
  private watcher: FSWatcher | undefined;
  private wakeUp: (() => void) | undefined;
  private dirty = false;
  constructor(dir: string, private readonly clock: Clock, private readonly pollMs: number, private readonly signal: AbortSignal) {
    try {
      this.watcher = watch(dir, { persistent: false }, () => this.wake());
      this.watcher.on('error', () => { this.watcher?.close(); this.watcher = undefined; });
    } catch {
      this.watcher = undefined; // polling only
    }
    signal.addEventListener('abort', () => this.wake(), { once: true });
  }

  wait(): Promise<void> {
    if (this.dirty || this.signal.aborted) { this.dirty = false; return Promise.resolve(); }
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => this.wake(), this.pollMs);
      this.wakeUp = () => { timer.cancel(); resolve(); };
    });
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    if (w) w(); else this.dirty = true;
  }

  close(): void { this.watcher?.close(); }
}
