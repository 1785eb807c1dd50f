// A small structured logger: constant messages, data in key/value fields (controller-runtime style).
// Components take a Logger in their options; cmd/ decides where it writes.

export type LogFields = Record<string, unknown>;
export type LogLevel = 'debug' | 'info' | 'error';

export interface Logger {
  /** A logger that adds `fields` to every entry. */
  with(fields: LogFields): Logger;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LogEntry { level: LogLevel; msg: string; fields: LogFields }

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, error: 2 };

/** A logger built from one sink function; `with()` merges fields. */
export function sinkLogger(sink: (e: LogEntry) => void, base: LogFields = {}): Logger {
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => sink({ level, msg, fields: { ...base, ...fields } });
  return {
    with: (fields) => sinkLogger(sink, { ...base, ...fields }),
    debug: emit('debug'),
    info: emit('info'),
    error: emit('error'),
  };
}

export const noopLogger: Logger = { with: () => noopLogger, debug() {}, info() {}, error() {} };

function fmtValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /^[\w./:@-]*$/.test(v) && v !== '' ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/** One line per entry on stderr: `I0102 15:04:05.000 msg key=value ...`, entries below `level` dropped. */
export function stderrLogger(opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = RANK[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => { process.stderr.write(line); });
  return sinkLogger((e) => {
    if (RANK[e.level] < min) return;
    const t = new Date().toISOString().slice(11, 23);
    const kv = Object.entries(e.fields).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${fmtValue(v)}`).join('');
    write(`${e.level[0]!.toUpperCase()} ${t} ${e.msg}${kv}\n`);
  });
}

/** A logger that keeps entries in memory, for tests. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return Object.assign(sinkLogger((e) => entries.push(e)), { entries });
}
