import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCriLogLine, parseCriLogLine, parseRfc3339Ms } from './cri-format.js';
import { LogFormatter } from './formatter.js';

const line = (s: string) => Buffer.from(s.replace(/\n$/, ''));

describe('parseCriLogLine', () => {
  it('parses time, stream, tag and content (spaces kept)', () => {
    const l = parseCriLogLine(line('2016-10-06T00:17:09.669794202Z stdout F hello  world '))!;
    assert.equal(l.time, '2016-10-06T00:17:09.669794202Z');
    assert.equal(l.stream, 'stdout');
    assert.equal(l.partial, false);
    assert.equal(l.content.toString(), 'hello  world ');
    assert.ok(Math.abs(l.timeMs - (Date.UTC(2016, 9, 6, 0, 17, 9) + 669.794202)) < 1e-6);
  });
  it('reads P with extra tags, an empty content, and refuses junk', () => {
    assert.equal(parseCriLogLine(line('2016-10-06T00:17:09Z stderr P:x abc'))!.partial, true);
    assert.equal(parseCriLogLine(line('2016-10-06T00:17:09Z stdout F'))!.content.length, 0);
    assert.equal(parseCriLogLine(line('not a log line')), undefined);
    assert.equal(parseCriLogLine(line('2016-10-06T00:17:09Z stdin F x')), undefined);
  });
  it('parseRfc3339Ms handles offsets and NaN', () => {
    assert.equal(parseRfc3339Ms('2020-01-01T01:00:00+01:00'), Date.UTC(2020, 0, 1));
    assert.ok(Number.isNaN(parseRfc3339Ms('yesterday')));
  });
});

describe('LogFormatter', () => {
  const t1 = '2020-01-01T00:00:01.5Z';
  const t2 = '2020-01-01T00:00:02Z';
  it('joins partial lines per stream and prefixes timestamps of the first piece', () => {
    const f = new LogFormatter({ timestamps: true });
    const out = [
      formatCriLogLine(t1, 'stdout', 'hel', true), formatCriLogLine(t1, 'stderr', 'err'),
      formatCriLogLine(t2, 'stdout', 'lo'),
    ].map((s) => f.line(line(s)).toString()).join('');
    assert.equal(out, `${t1} err\n${t1} hello\n`);
  });
  it('skips lines before sinceMs and cuts at limitBytes', () => {
    const f = new LogFormatter({ sinceMs: Date.UTC(2020, 0, 1, 0, 0, 2), limitBytes: 4 });
    assert.equal(f.line(line(formatCriLogLine(t1, 'stdout', 'old'))).toString(), '');
    assert.equal(f.line(line(formatCriLogLine(t2, 'stdout', 'abc'))).toString(), 'abc\n');
    assert.equal(f.done, true);
    const g = new LogFormatter({ limitBytes: 5 });
    assert.equal(g.line(line(formatCriLogLine(t2, 'stdout', 'abc'))).toString(), 'abc\n');
    assert.equal(g.line(line(formatCriLogLine(t2, 'stdout', 'xyz'))).toString(), 'x');
    assert.equal(g.line(line(formatCriLogLine(t2, 'stdout', 'more'))).toString(), '');
  });
});
