import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResizeDecoder, closedChannel, decodeChannelFrame, encodeChannelFrame, encodeCloseFrame, encodePortPrefix, encodeResize } from './frames.js';
import { negotiateProtocol, splitHeaderList, supportsResize, usesJsonStatus } from './protocol.js';
import { decodeResult, encodeResult, resultToStatus } from './status.js';

describe('channel frames', () => {
  it('encodeChannelFrame prefixes the channel byte (binary) and round-trips', () => {
    const f = encodeChannelFrame(1, Buffer.from('hi'), false) as Buffer;
    assert.deepEqual([...f], [1, 104, 105]);
    assert.deepEqual(decodeChannelFrame(f, false), { channel: 1, data: Buffer.from('hi') });
  });
  it('encodeChannelFrame uses an ASCII digit and base64 for the base64 protocols', () => {
    assert.equal(encodeChannelFrame(2, Buffer.from('hi'), true), '2aGk=');
    assert.deepEqual(decodeChannelFrame('2aGk=', true), { channel: 2, data: Buffer.from('hi') });
  });
  it('decodeChannelFrame ignores empty messages', () => {
    assert.equal(decodeChannelFrame(Buffer.alloc(0), false), undefined);
  });
  it('closedChannel recognises the v5 CLOSE frame [255, 0] only', () => {
    assert.equal(closedChannel(decodeChannelFrame(encodeCloseFrame(0), false)!), 0);
    assert.equal(closedChannel(decodeChannelFrame(Buffer.from([0, 255]), false)!), undefined);
  });
  it('encodePortPrefix writes the port as uint16 little-endian', () => {
    assert.deepEqual([...(encodePortPrefix(3, 8080, false) as Buffer)], [3, 0x90, 0x1f]);
  });
});

describe('ResizeDecoder', () => {
  it('yields sizes from newline-delimited and split JSON documents', () => {
    const d = new ResizeDecoder();
    const all = encodeResize({ width: 80, height: 24 }).toString() + '{"Width":100,"Height":30}{"Width":1';
    assert.deepEqual(d.push(all), [{ width: 80, height: 24 }, { width: 100, height: 30 }]);
    assert.deepEqual(d.push(',"Height":2}\n'), [{ width: 1, height: 2 }]);
  });
  it('skips malformed documents', () => {
    assert.deepEqual(new ResizeDecoder().push('{"Width":"x"}{"Width":5,"Height":6}'), [{ width: 5, height: 6 }]);
  });
});

describe('protocol negotiation', () => {
  it('negotiateProtocol picks the first client protocol the server supports', () => {
    assert.equal(negotiateProtocol(['v9', 'v4.channel.k8s.io', 'v5.channel.k8s.io'], ['v5.channel.k8s.io', 'v4.channel.k8s.io']), 'v4.channel.k8s.io');
    assert.equal(negotiateProtocol(['x'], ['y']), undefined);
  });
  it('splitHeaderList handles repeated and comma-joined headers', () => {
    assert.deepEqual(splitHeaderList(['a, b', 'c']), ['a', 'b', 'c']);
    assert.deepEqual(splitHeaderList(undefined), []);
  });
  it('versions: JSON status from v4, resize from v3', () => {
    assert.equal(usesJsonStatus('v4.channel.k8s.io'), true);
    assert.equal(usesJsonStatus('v4.base64.channel.k8s.io'), true);
    assert.equal(usesJsonStatus('v3.channel.k8s.io'), false);
    assert.equal(supportsResize('v3.channel.k8s.io'), true);
    assert.equal(supportsResize('channel.k8s.io'), false);
  });
});

describe('exit status', () => {
  it('resultToStatus: Success for exit 0', () => {
    assert.equal(JSON.stringify(resultToStatus({ exitCode: 0 })), '{"metadata":{},"status":"Success"}');
  });
  it('resultToStatus: NonZeroExitCode with causes[ExitCode]', () => {
    const s = resultToStatus({ exitCode: 3 });
    assert.equal(s.status, 'Failure');
    assert.equal(s.reason, 'NonZeroExitCode');
    assert.deepEqual(s.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
    assert.match(s.message!, /^command terminated with non-zero exit code: /);
  });
  it('resultToStatus: InternalError for an error', () => {
    const s = resultToStatus({ error: 'boom' });
    assert.equal(s.reason, 'InternalError');
    assert.equal(s.message, 'Internal error occurred: boom');
  });
  it('encodeResult writes plain text for v1-v3 and nothing on success', () => {
    assert.equal(encodeResult('v2.channel.k8s.io', { exitCode: 0 }).length, 0);
    assert.match(encodeResult('channel.k8s.io', { exitCode: 2 }).toString(), /non-zero exit code/);
  });
  it('decodeResult inverts encodeResult', () => {
    for (const p of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) {
      assert.equal((decodeResult(p, encodeResult(p, { exitCode: 0 })) as { exitCode: number }).exitCode, 0);
      assert.equal((decodeResult(p, encodeResult(p, { exitCode: 42 })) as { exitCode: number }).exitCode, 42);
      assert.equal((decodeResult(p, encodeResult(p, { error: 'x' })) as { error: string }).error, 'Internal error occurred: x');
    }
    assert.deepEqual(decodeResult('v2.channel.k8s.io', Buffer.from('bad')), { error: 'bad' });
    assert.deepEqual(decodeResult('v4.channel.k8s.io', Buffer.alloc(0)), { exitCode: 0 });
  });
  it('a bridged Status is written back verbatim', () => {
    const status = { metadata: {}, status: 'Failure', message: 'm', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } };
    const decoded = decodeResult('v4.channel.k8s.io', Buffer.from(JSON.stringify(status)));
    assert.equal(encodeResult('v5.channel.k8s.io', decoded).toString(), JSON.stringify(status));
  });
});
