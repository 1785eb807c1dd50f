import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../errors.js';
import {
  isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidLabelValue, validateAnnotations, validateLabels, validateQualifiedName,
} from './validation.js';

test('isDNS1123Subdomain reports the exact Kubernetes message', () => {
  assert.deepEqual(isDNS1123Subdomain('example.com'), []);
  assert.deepEqual(isDNS1123Subdomain('Web_1'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.equal(isDNS1123Subdomain('a'.repeat(254))[0], 'must be no more than 253 characters');
});

test('isDNS1123Label distinguishes dots from other bad characters', () => {
  assert.deepEqual(isDNS1123Label('web-1'), []);
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('-a'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('isDNS1035Label requires a leading letter', () => {
  assert.deepEqual(isDNS1035Label('web'), []);
  assert.match(isDNS1035Label('1web')[0]!, /^a DNS-1035 label must consist of .* \(e\.g\. 'my-name', or 'abc-123', regex used for validation is '\[a-z\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?'\)$/);
});

test('validateQualifiedName checks prefix and name parts', () => {
  assert.deepEqual(validateQualifiedName('app.kubernetes.io/name'), []);
  assert.deepEqual(validateQualifiedName('/name'), ['prefix part must be non-empty']);
  assert.deepEqual(validateQualifiedName('a/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.match(validateQualifiedName('a/b/c')[0]!, /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  assert.deepEqual(validateQualifiedName('x'.repeat(64)).slice(0, 1), ['name part must be no more than 63 characters']);
  assert.match(validateQualifiedName('Foo_Bar/x')[0]!, /^prefix part a lowercase RFC 1123 subdomain/);
});

test('isValidLabelValue accepts empty and rejects bad characters', () => {
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('v1.2_3-x'), []);
  assert.deepEqual(isValidLabelValue('a b'), [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
});

test('validateLabels reports key and value errors on the map path', () => {
  const errs = validateLabels({ 'bad key': 'ok', app: '-web' }, 'metadata.labels');
  assert.equal(errs.length, 2);
  assert.equal(errs[0]!.field, 'metadata.labels');
  assert.match(fieldErrorMessage(errs[0]!), /^metadata\.labels: Invalid value: "-web": a valid label must be/);
  assert.match(fieldErrorMessage(errs[1]!), /^metadata\.labels: Invalid value: "bad key": name part must consist/);
});

test('validateAnnotations is case-insensitive on keys and limits total size', () => {
  assert.deepEqual(validateAnnotations({ 'Example.COM/Key': 'x' }, 'metadata.annotations'), []);
  const big = validateAnnotations({ a: 'x'.repeat(256 * 1024) }, 'metadata.annotations');
  assert.equal(big.length, 1);
  assert.equal(fieldErrorMessage(big[0]!), 'metadata.annotations: Too long: must have at most 262144 bytes');
  assert.equal(validateAnnotations({ 'a b': '' }, 'metadata.annotations')[0]!.type, 'FieldValueInvalid');
});
