import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { buildSandboxConfig } from './sandbox-config.js';

const pod = (extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web' }, annotations: { note: 'x' } },
  spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] }], ...extra },
});
const dns = { servers: ['10.43.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] };

test('buildSandboxConfig: metadata, hostname, log dir, ports, identity labels, pid per container', () => {
  const c = buildSandboxConfig(pod(), { attempt: 2, podLogsDir: '/var/log/pods/', dns });
  assert.deepEqual(c.metadata, { name: 'web', namespace: 'default', uid: 'u1', attempt: 2 });
  assert.equal(c.hostname, 'web');
  assert.equal(c.logDirectory, '/var/log/pods/default_web_u1');
  assert.deepEqual(c.dnsConfig, dns);
  assert.deepEqual(c.portMappings, [{ protocol: 'TCP', containerPort: 80, hostPort: 8080, hostIp: '' }]);
  assert.deepEqual(c.labels, { app: 'web', 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': 'u1' });
  assert.deepEqual(c.annotations, { note: 'x' });
  assert.equal(c.linux?.securityContext?.namespaceOptions?.pid, 'CONTAINER');
  assert.equal(c.linux?.securityContext?.namespaceOptions?.network, 'POD');
});

test('buildSandboxConfig: hostNetwork pods get the NODE network and an empty hostname', () => {
  const c = buildSandboxConfig(pod({ hostNetwork: true, hostname: 'ignored' }), { attempt: 0, podLogsDir: '/l', dns });
  assert.equal(c.hostname, '');
  assert.equal(c.linux?.securityContext?.namespaceOptions?.network, 'NODE');
});

test('buildSandboxConfig: sysctls from the pod security context', () => {
  const c = buildSandboxConfig(pod({ securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } }), { attempt: 0, podLogsDir: '/l', dns });
  assert.deepEqual(c.linux?.sysctls, { 'net.ipv4.ip_unprivileged_port_start': '0' });
});
