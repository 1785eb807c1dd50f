// Turns CRI log lines into what `kubectl logs` prints: partial lines joined, a since filter, optional timestamps,
// and a byte limit (the output is cut at exactly limitBytes, as the kubelet's LimitedWriter does).
import { parseCriLogLine, type CriLogLine, type LogStream } from './cri-format.js';

export interface FormatOptions {
  /** Prefix each line with its RFC 3339 timestamp and a space. */
  timestamps?: boolean;
  /** Skip lines logged before this time (ms since the epoch). */
  sinceMs?: number;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
  /** Which streams to show. @default both */
  streams?: LogStream[];
}

export class LogFormatter {
  private readonly pending = new Map<LogStream, { time: string; timeMs: number; parts: Buffer[] }>();
  private written = 0;
  constructor(private readonly opts: FormatOptions = {}) {}

  /** Whether limitBytes has been reached: nothing more will be produced. */
  get done(): boolean { return this.opts.limitBytes !== undefined && this.written >= this.opts.limitBytes; }

  /** Feeds one raw file line (no trailing newline); returns the bytes to write (possibly empty). */
  line(raw: Buffer): Buffer {
    if (this.done) return Buffer.alloc(0);
    const parsed = parseCriLogLine(raw);
    if (!parsed) return Buffer.alloc(0);
    return this.entry(parsed);
  }

  private entry(l: CriLogLine): Buffer {
    if (this.opts.streams && !this.opts.streams.includes(l.stream)) return Buffer.alloc(0);
    const held = this.pending.get(l.stream);
    if (l.partial) {
      if (held) held.parts.push(l.content);
      else this.pending.set(l.stream, { time: l.time, timeMs: l.timeMs, parts: [l.content] });
      return Buffer.alloc(0);
    }
    this.pending.delete(l.stream);
    const time = held?.time ?? l.time;
    const timeMs = held?.timeMs ?? l.timeMs;
    if (this.opts.sinceMs !== undefined && timeMs < this.opts.sinceMs) return Buffer.alloc(0);
    const pieces = [...(this.opts.timestamps ? [Buffer.from(`${time} `)] : []), ...(held?.parts ?? []), l.content, Buffer.from('\n')];
    return this.limit(Buffer.concat(pieces));
  }

  private limit(out: Buffer): Buffer {
    if (this.opts.limitBytes === undefined) return out;
    const room = this.opts.limitBytes - this.written;
    const cut = out.length > room ? out.subarray(0, Math.max(0, room)) : out;
    this.written += cut.length;
    return cut;
  }
}
