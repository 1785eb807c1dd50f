import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenError, forbiddenMessage, goQuote } from './forbidden.js';

const bob = { username: 'bob', groups: ['system:authenticated'] };

test('forbiddenMessage matches kube-apiserver for collections, named objects, groups and scopes', () => {
  assert.equal(forbiddenMessage(bob, { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default' }),
    'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"');
  assert.equal(forbiddenMessage(bob, { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default', name: 'x' }),
    'pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"');
  assert.equal(forbiddenMessage(bob, { verb: 'list', apiGroup: 'apps', resource: 'deployments' }),
    'deployments.apps is forbidden: User "bob" cannot list resource "deployments" in API group "apps" at the cluster scope');
  assert.equal(forbiddenMessage(bob, { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', namespace: 'ns', name: 'p' }),
    'pods "p" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "ns"');
  assert.equal(forbiddenMessage({ username: 'system:anonymous', groups: [] }, { verb: 'get', apiGroup: '', path: '/apis' }),
    'forbidden: User "system:anonymous" cannot get path "/apis"');
});

test('forbiddenMessage appends the authorizer reason and escapes HTML-looking text', () => {
  assert.equal(forbiddenMessage(bob, { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'd' }, 'RBAC: role.rbac.authorization.k8s.io "r" not found'),
    'pods is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "d": RBAC: role.rbac.authorization.k8s.io "r" not found');
  assert.equal(forbiddenMessage({ username: '<b>&', groups: [] }, { verb: 'get', apiGroup: '', path: '/x' }),
    'forbidden: User "&lt;b&gt;&amp;" cannot get path "/x"');
});

test('forbiddenError is a 403 Status with details like apierrors.NewForbidden', () => {
  const s = forbiddenError(bob, { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'd', name: 'web' }).toStatus();
  assert.equal(s.code, 403);
  assert.equal(s.reason, 'Forbidden');
  assert.deepEqual(s.details, { name: 'web', group: 'apps', kind: 'deployments' });
  assert.deepEqual(forbiddenError(bob, { verb: 'get', apiGroup: '', path: '/x' }).toStatus().details, {});
});

test('goQuote quotes like Go %q', () => {
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('tab\there\n'), '"tab\\there\\n"');
  assert.equal(goQuote('\x01'), '"\\x01"');
  assert.equal(goQuote('héllo'), '"héllo"');
});
