import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTrue, parseRequestInfo } from './requestinfo.js';

describe('parseRequestInfo', () => {
  const info = (method: string, url: string) => { const u = new URL(url, 'https://x'); return parseRequestInfo(method, u.pathname, u.searchParams); };
  it('parses namespaced, cluster-scoped and subresource paths', () => {
    assert.deepEqual(
      (({ apiGroup, apiVersion, namespace, resource, name, subresource, verb }) => ({ apiGroup, apiVersion, namespace, resource, name, subresource, verb }))(info('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale')),
      { apiGroup: 'apps', apiVersion: 'v1', namespace: 'default', resource: 'deployments', name: 'web', subresource: 'scale', verb: 'patch' });
    const ns = info('PUT', '/api/v1/namespaces/shop/finalize');
    assert.equal(ns.resource, 'namespaces'); assert.equal(ns.name, 'shop'); assert.equal(ns.subresource, 'finalize');
    assert.equal(info('GET', '/api/v1/nodes').verb, 'list');
    assert.equal(info('DELETE', '/api/v1/namespaces/a/pods').verb, 'deletecollection');
    assert.equal(info('GET', '/api/v1/watch/namespaces/a/pods').verb, 'watch');
    assert.equal(info('GET', '/version').isResourceRequest, false);
  });
  it('treats watch=True (Python client) and the other Go ParseBool spellings as a watch', () => {
    for (const v of ['true', 'True', 'TRUE', '1', 't', 'T']) assert.equal(info('GET', `/api/v1/pods?watch=${v}`).verb, 'watch', v);
    for (const v of ['false', 'False', '0', 'yes', '']) assert.equal(info('GET', `/api/v1/pods?watch=${v}`).verb, 'list', v);
    assert.equal(isTrue(null), false);
  });
});
