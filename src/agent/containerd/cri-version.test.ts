import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs/minimal.js';
import { decodeVersionResponse } from './cri-version.js';

test('decodeVersionResponse reads the four string fields and skips unknown ones', () => {
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 2).string('0.1.0');
  w.uint32((9 << 3) | 0).uint32(7);
  w.uint32((2 << 3) | 2).string('containerd');
  w.uint32((3 << 3) | 2).string('1.6.20~ds1');
  w.uint32((4 << 3) | 2).string('v1');
  const buf = Buffer.from(w.finish());
  assert.deepEqual(decodeVersionResponse(buf), { version: '0.1.0', runtimeName: 'containerd', runtimeVersion: '1.6.20~ds1', runtimeApiVersion: 'v1' });
});
