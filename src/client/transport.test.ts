import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeQuery, PushLineStream } from './transport.js';
import { parseKubeconfig } from './kubeconfig.js';
import { recordingLogger, stderrLogger } from '../machinery/log.js';

test('PushLineStream splits chunks into lines and buffers until a listener attaches', () => {
  const s = new PushLineStream();
  s.write('{"a":1}\n{"b"');
  s.write(':2}\r\n{"c":3}');
  s.end();
  const lines: string[] = [];
  let ended = false;
  s.onEnd(() => { ended = true; });
  assert.equal(ended, false, 'end waits for buffered lines');
  s.onLine((l) => lines.push(l));
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}']);
  assert.equal(ended, true);
});

test('PushLineStream.close ends the stream once and calls the close hook', () => {
  let closed = 0;
  const s = new PushLineStream(() => closed++);
  const ends: (Error | undefined)[] = [];
  s.onLine(() => {}); s.onEnd((e) => ends.push(e));
  s.close(); s.close(); s.push('x');
  assert.equal(closed, 1);
  assert.deepEqual(ends, [undefined]);
});

test('encodeQuery repeats array keys and drops undefined', () => {
  assert.equal(encodeQuery({ a: 'x y', b: undefined, c: ['1', '2'] }), '?a=x+y&c=1&c=2');
  assert.equal(encodeQuery({}), '');
});

test('parseKubeconfig reads the current context with embedded certs or a token', () => {
  const b = (s: string) => Buffer.from(s).toString('base64');
  const text = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "https://127.0.0.1:6443", certificate-authority-data: ${b('CA')} }
users:
- name: admin
  user: { client-certificate-data: ${b('CERT')}, client-key-data: ${b('KEY')} }
- name: bot
  user: { token: abc }
contexts:
- name: default
  context: { cluster: c, user: admin }
- name: bot
  context: { cluster: c, user: bot }
current-context: default
`;
  assert.deepEqual(parseKubeconfig(text), { server: 'https://127.0.0.1:6443', ca: 'CA', cert: 'CERT', key: 'KEY', token: undefined });
  assert.equal(parseKubeconfig(text, { context: 'bot' }).token, 'abc');
  assert.throws(() => parseKubeconfig(text, { context: 'nope' }), { message: 'Cannot load kubeconfig: context "nope" not found' });
});

test('loggers: with() merges fields; stderrLogger filters by level and formats key=value', () => {
  const r = recordingLogger();
  r.with({ controller: 'rs' }).with({ key: 'a/b' }).info('Synced', { n: 1 });
  assert.deepEqual(r.entries, [{ level: 'info', msg: 'Synced', fields: { controller: 'rs', key: 'a/b', n: 1 } }]);
  const lines: string[] = [];
  const s = stderrLogger({ level: 'info', write: (l) => lines.push(l) });
  s.debug('hidden');
  s.with({ pod: 'ns/p' }).error('Failed', { err: new Error('x y') });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^E \d\d:\d\d:\d\d\.\d{3} Failed pod=ns\/p err="x y"\n$/);
});
