import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { mediaType, parseJson, parseYaml, readBody, requireObject, MAX_REQUEST_BYTES } from './body.js';
import { ApiError } from '../../machinery/errors.js';

function req(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}
function apiErr(code: number, reason: string, message: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.reason, reason);
    if (typeof message === 'string') assert.equal(e.message, message); else assert.match(e.message, message);
    return true;
  };
}

test('readBody concatenates the chunks', async () => {
  assert.equal((await readBody(req([Buffer.from('{"a":'), Buffer.from('1}')]))).toString(), '{"a":1}');
  assert.equal((await readBody(req([]))).length, 0);
});

test('readBody refuses a declared Content-Length over the limit with 413', async () => {
  await assert.rejects(readBody(req([Buffer.from('x')], { 'content-length': String(MAX_REQUEST_BYTES + 1) })), apiErr(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BYTES}`));
});

test('readBody refuses a streamed body that grows over the limit with 413', async () => {
  await assert.rejects(readBody(req([Buffer.alloc(6), Buffer.alloc(6)]), 10), apiErr(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 10'));
  assert.equal((await readBody(req([Buffer.alloc(5), Buffer.alloc(5)]), 10)).length, 10, 'exactly the limit is fine');
});

test('mediaType strips parameters and lowercases', () => {
  assert.equal(mediaType('Application/JSON; charset=utf-8'), 'application/json');
  assert.equal(mediaType('application/apply-patch+yaml'), 'application/apply-patch+yaml');
  assert.equal(mediaType(undefined), '');
});

test('parseJson parses, and reports empty or broken bodies as 400', () => {
  assert.deepEqual(parseJson('{"a":[1]}'), { a: [1] });
  assert.deepEqual(parseJson(Buffer.from('[]')), []);
  assert.throws(() => parseJson('  '), apiErr(400, 'BadRequest', 'the request body is empty: a JSON object is required'));
  assert.throws(() => parseJson('{"a":', 'the patch'), apiErr(400, 'BadRequest', /^couldn't decode the patch as JSON: /));
});

test('parseYaml parses YAML and JSON, refusing duplicate keys and empty bodies', () => {
  assert.deepEqual(parseYaml('kind: Pod\nmetadata:\n  name: p\n'), { kind: 'Pod', metadata: { name: 'p' } });
  assert.deepEqual(parseYaml('{"a": 1}'), { a: 1 });
  assert.throws(() => parseYaml('a: 1\na: 2\n'), apiErr(400, 'BadRequest', /^error converting YAML to JSON: /));
  assert.throws(() => parseYaml(''), apiErr(400, 'BadRequest', 'the request body is empty: a YAML or JSON object is required'));
  assert.throws(() => parseYaml('a: [1\n'), apiErr(400, 'BadRequest', /^error converting YAML to JSON: /));
});

test('parseYaml refuses alias bombs', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
  assert.throws(() => parseYaml(bomb), apiErr(400, 'BadRequest', /^error converting YAML to JSON: /));
});

test('requireObject names what it got instead of an object', () => {
  assert.deepEqual(requireObject({ a: 1 }), { a: 1 });
  assert.throws(() => requireObject(null), apiErr(400, 'BadRequest', 'the request body must be a JSON object, got null'));
  assert.throws(() => requireObject([1]), apiErr(400, 'BadRequest', 'the request body must be a JSON object, got an array'));
  assert.throws(() => requireObject('s', 'the patch'), apiErr(400, 'BadRequest', 'the patch must be a JSON object, got string'));
  assert.throws(() => requireObject(3), apiErr(400, 'BadRequest', 'the request body must be a JSON object, got number'));
});
