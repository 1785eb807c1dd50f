// The CRI container log line format written by containerd: `<RFC3339Nano time> <stdout|stderr> <F|P>[:tags] <content>`.
// `P` marks a partial line (a long line split by the runtime); the next `F` line completes it.

export type LogStream = 'stdout' | 'stderr';

export interface CriLogLine {
  /** The timestamp as written (RFC 3339 with up to nanoseconds). */
  time: string;
  /** Milliseconds since the epoch (fraction kept as a float), for since filters. */
  timeMs: number;
  stream: LogStream;
  partial: boolean;
  content: Buffer;
}

/** Parses one line without its trailing newline; undefined when it is not a CRI log line. */
export function parseCriLogLine(line: Buffer): CriLogLine | undefined {
  const s1 = line.indexOf(0x20);
  if (s1 <= 0) return undefined;
  const s2 = line.indexOf(0x20, s1 + 1);
  if (s2 < 0) return undefined;
  const time = line.subarray(0, s1).toString('latin1');
  const timeMs = parseRfc3339Ms(time);
  const stream = line.subarray(s1 + 1, s2).toString('latin1');
  if (Number.isNaN(timeMs) || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  let s3 = line.indexOf(0x20, s2 + 1);
  if (s3 < 0) s3 = line.length;
  const tags = line.subarray(s2 + 1, s3).toString('latin1').split(':');
  return { time, timeMs, stream, partial: tags[0] === 'P', content: line.subarray(Math.min(s3 + 1, line.length)) };
}

/** RFC 3339 (any fraction length, Z or ±hh:mm) → ms since the epoch with the sub-ms fraction; NaN if malformed. */
export function parseRfc3339Ms(s: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return Number.NaN;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  return whole + (m[2] ? Number(`0${m[2]}`) * 1000 : 0);
}

/** Formats one CRI log line as containerd writes it (used by tests and fakes). */
export function formatCriLogLine(time: Date | string, stream: LogStream, content: string, partial = false): string {
  const t = typeof time === 'string' ? time : time.toISOString();
  return `${t} ${stream} ${partial ? 'P' : 'F'} ${content}\n`;
}
