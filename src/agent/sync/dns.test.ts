import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseResolvConf, podDnsConfig } from './dns.js';

const host = parseResolvConf('# comment\nnameserver 1.1.1.1\nnameserver 8.8.8.8\nsearch corp.example lab\noptions edns0 ndots:2\n');
const cluster = { clusterDNS: ['10.43.0.10'], clusterDomain: 'cluster.local' };
const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({ metadata: { name: 'p', namespace: 'team' }, spec: { containers: [], ...spec } });

test('parseResolvConf reads servers, search and options', () => {
  assert.deepEqual(host, { servers: ['1.1.1.1', '8.8.8.8'], searches: ['corp.example', 'lab'], options: ['edns0', 'ndots:2'] });
});

test('podDnsConfig ClusterFirst: cluster servers, namespace search path then the host search, ndots:5', () => {
  const r = podDnsConfig(pod(), cluster, host);
  assert.deepEqual(r.config, {
    servers: ['10.43.0.10'],
    searches: ['team.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example', 'lab'],
    options: ['ndots:5'],
  });
  assert.equal(r.missingClusterDNS, false);
});

test('podDnsConfig hostNetwork with ClusterFirst uses the host resolver; ClusterFirstWithHostNet the cluster', () => {
  assert.deepEqual(podDnsConfig(pod({ hostNetwork: true }), cluster, host).config.servers, ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(podDnsConfig(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), cluster, host).config.servers, ['10.43.0.10']);
});

test('podDnsConfig falls back to Default without cluster DNS and says so', () => {
  const r = podDnsConfig(pod(), { clusterDNS: [], clusterDomain: 'cluster.local' }, host);
  assert.equal(r.missingClusterDNS, true);
  assert.deepEqual(r.config.servers, ['1.1.1.1', '8.8.8.8']);
});

test('podDnsConfig None takes only spec.dnsConfig; options merge by name', () => {
  const r = podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['9.9.9.9'], searches: ['a.b'], options: [{ name: 'ndots', value: '1' }, { name: 'rotate' }] } }), cluster, host);
  assert.deepEqual(r.config, { servers: ['9.9.9.9'], searches: ['a.b'], options: ['ndots:1', 'rotate'] });
  const merged = podDnsConfig(pod({ dnsConfig: { options: [{ name: 'ndots', value: '2' }] } }), cluster, host);
  assert.deepEqual(merged.config.options, ['ndots:2']);
});
