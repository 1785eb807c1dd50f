import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkFieldSelectorSupported, fieldSelectorToString, matchesFields, parseFieldSelector, requiresExactMatch, selectableFields,
} from './fields.js';

test('parseFieldSelector handles =, ==, != and escapes', () => {
  const sel = parseFieldSelector('metadata.name=web,spec.nodeName!=n1,status.phase==Running');
  assert.deepEqual(sel.requirements, [
    { field: 'metadata.name', operator: '=', value: 'web' },
    { field: 'spec.nodeName', operator: '!=', value: 'n1' },
    { field: 'status.phase', operator: '=', value: 'Running' },
  ]);
  assert.deepEqual(parseFieldSelector('a=x\\,y\\=z\\\\').requirements, [{ field: 'a', operator: '=', value: 'x,y=z\\' }]);
  assert.equal(fieldSelectorToString(parseFieldSelector('a=x\\,y')), 'a=x\\,y');
  assert.deepEqual(parseFieldSelector('').requirements, []);
  assert.equal(requiresExactMatch(parseFieldSelector('metadata.name=web'), 'metadata.name'), 'web');
});

test('parseFieldSelector errors carry apimachinery text', () => {
  assert.throws(() => parseFieldSelector('foo'), { message: "invalid selector: 'foo'; can't understand 'foo'", code: 400 } as object);
  assert.throws(() => parseFieldSelector('a=b\\c'), { message: 'invalid field selector: invalid escape sequence: \\c' });
  assert.throws(() => parseFieldSelector('a=b=c'), { message: 'invalid field selector: unescaped character in value: 61' });
});

test('matchesFields treats missing fields as empty', () => {
  const f = { 'metadata.name': 'web', 'spec.nodeName': '' };
  assert.equal(matchesFields(parseFieldSelector('metadata.name=web'), f), true);
  assert.equal(matchesFields(parseFieldSelector('spec.nodeName!='), f), false);
  assert.equal(matchesFields(parseFieldSelector('spec.nodeName='), f), true);
  assert.equal(matchesFields(parseFieldSelector('other!=x'), f), true);
});

test('checkFieldSelectorSupported mirrors the server messages', () => {
  assert.doesNotThrow(() => checkFieldSelectorSupported(parseFieldSelector('spec.nodeName=n1'), '', 'pods'));
  assert.throws(() => checkFieldSelectorSupported(parseFieldSelector('spec.foo=x'), '', 'pods'), { message: 'field label not supported: spec.foo' });
  assert.throws(() => checkFieldSelectorSupported(parseFieldSelector('spec.replicas=1'), 'apps', 'deployments'),
    { message: '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"' });
  assert.doesNotThrow(() => checkFieldSelectorSupported(parseFieldSelector('metadata.namespace=default'), 'apps', 'deployments'));
});

test('selectableFields extracts pod and event fields', () => {
  const pod = selectableFields('', 'pods', { metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running', podIPs: [{ ip: '10.0.0.1' }] } });
  assert.equal(pod['spec.nodeName'], 'n1');
  assert.equal(pod['status.podIP'], '10.0.0.1');
  assert.equal(pod['spec.hostNetwork'], 'false');
  const ev = selectableFields('', 'events', { metadata: { name: 'e', namespace: 'ns' }, involvedObject: { kind: 'Deployment', name: 'web', uid: 'u1' }, source: { component: 'deployment-controller' } });
  assert.equal(matchesFields(parseFieldSelector('involvedObject.name=web,involvedObject.kind=Deployment,involvedObject.uid=u1'), ev), true);
  assert.equal(ev.source, 'deployment-controller');
});
