import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeK8sProtobuf } from './decode.js';
import { KUBECTL_133_CAPTURES } from './testdata/kubectl-1.33.js';

for (const c of KUBECTL_133_CAPTURES) {
  test(`decodeK8sProtobuf turns the real body of \`${c.command}\` into the JSON kubectl 1.31 sends`, () => {
    const body = Buffer.from(c.protobufBase64, 'base64');
    assert.equal(body.subarray(0, 4).toString('latin1'), 'k8s\0');
    assert.deepEqual(decodeK8sProtobuf(body), c.json);
  });
}

test('KUBECTL_133_CAPTURES covers the protobuf-sending kubectl commands', () => {
  assert.equal(KUBECTL_133_CAPTURES.length, 31);
});
