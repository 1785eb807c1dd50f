import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, nameIsDNSSubdomain, pathSegmentName } from './names.js';

test('isDNS1123Subdomain gives the upstream message', () => {
  assert.deepEqual(isDNS1123Subdomain('example.com'), []);
  assert.deepEqual(isDNS1123Subdomain('Web'), ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]);
});

test('isDNS1123Label reports dots separately and lists both examples', () => {
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('A'), ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('isDNS1035Label rejects a leading digit', () => {
  assert.equal(isDNS1035Label('1abc').length, 1);
  assert.deepEqual(isDNS1035Label('abc-1'), []);
});

test('isQualifiedName checks prefix and name parts', () => {
  assert.deepEqual(isQualifiedName('example.com/app'), []);
  assert.deepEqual(isQualifiedName('/app'), ['prefix part must be non-empty']);
  assert.match(isQualifiedName('a/b/c')[0], /^a qualified name must consist of/);
  assert.match(isQualifiedName('-x')[0], /^name part must consist of alphanumeric characters/);
});

test('isValidLabelValue allows empty and rejects spaces', () => {
  assert.deepEqual(isValidLabelValue(''), []);
  assert.match(isValidLabelValue('a b')[0], /^a valid label must be an empty string/);
});

test('isConfigMapKey rejects slashes and dot-dot', () => {
  assert.deepEqual(isConfigMapKey('app.properties'), []);
  assert.equal(isConfigMapKey('a/b').length, 1);
  assert.deepEqual(isConfigMapKey('..a'), ["must not start with '..'"]);
});

test('generateName prefixes may end with a dash', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.equal(nameIsDNSSubdomain('web-', false).length, 1);
});

test('pathSegmentName forbids slash, percent and dot names', () => {
  assert.deepEqual(pathSegmentName('system:controller:x', false), []);
  assert.deepEqual(pathSegmentName('a/b', false), ["may not contain '/'"]);
  assert.deepEqual(pathSegmentName('..', false), ["may not be '..'"]);
});
