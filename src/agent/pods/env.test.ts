import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { resolveEnv, expandCommandAndArgs } from './env.js';
import type { ObjectLookups } from './lookups.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cms: Record<string, ConfigMap> = {
  'ns1/cfg': { metadata: { name: 'cfg', namespace: 'ns1' }, data: { A: 'a', B: 'b', 'bad key': 'x', '1NUM': 'n' } },
};
const secrets: Record<string, Secret> = {
  'ns1/sec': { metadata: { name: 'sec', namespace: 'ns1' }, data: { PASS: b64('hunter2'), A: b64('from-secret') } },
};
const lookups: ObjectLookups = {
  configMap: (ns, n) => cms[`${ns}/${n}`],
  secret: async (ns, n) => secrets[`${ns}/${n}`],
  node: () => ({ metadata: { name: 'n1' }, status: { allocatable: { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' } } }),
};
const opts = { podIP: '10.42.0.5', podIPs: ['10.42.0.5'], hostIP: '192.168.1.2', nodeName: 'n1' };

function pod(c: Container): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns1', uid: 'u-1', labels: { app: 'web', tier: 'fe' }, annotations: { note: 'say "hi"' } },
    spec: { nodeName: 'n1', serviceAccountName: 'sa1', containers: [c] },
  };
}
const run = (c: Container, o: object = {}) => resolveEnv(pod(c), c, lookups, { ...opts, ...o });
const asMap = (envs: { key: string; value: string }[]) => Object.fromEntries(envs.map((e) => [e.key, e.value]));

test('resolveEnv: literal values, expansion in order, $$ escape, unknown refs kept', async () => {
  const r = await run({
    name: 'c',
    env: [
      { name: 'X', value: 'x' },
      { name: 'Y', value: '$(X)-$(Z)-$$(X)' },
      { name: 'Z', value: 'z' },
      { name: 'S', value: '$(SVC_HOST)' },
    ],
  }, { serviceEnv: { SVC_HOST: '10.43.0.9', X: 'svc' } });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(asMap(r.envs), { X: 'x', Y: 'x-$(Z)-$(X)', Z: 'z', S: '10.43.0.9', SVC_HOST: '10.43.0.9' });
});

test('resolveEnv: envFrom with prefix, invalid keys skipped with an event, env overrides envFrom', async () => {
  const r = await run({
    name: 'c',
    envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'S_', secretRef: { name: 'sec' } }, { configMapRef: { name: 'nope', optional: true } }],
    env: [{ name: 'A', value: 'override' }],
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(asMap(r.envs), { A: 'override', B: 'b', S_PASS: 'hunter2', S_A: 'from-secret' });
  assert.deepEqual(r.events, [{
    type: 'Warning', reason: 'InvalidEnvironmentVariableNames',
    message: 'Keys [1NUM, bad key] from the EnvFrom configMap ns1/cfg were skipped since they are considered invalid environment variable names.',
  }]);
});

test('resolveEnv: fieldRef paths', async () => {
  const paths: Record<string, string> = {
    'metadata.name': 'p', 'metadata.namespace': 'ns1', 'metadata.uid': 'u-1', "metadata.labels['app']": 'web',
    "metadata.annotations['note']": 'say "hi"', "metadata.labels['missing']": '', 'metadata.labels': 'app="web"\ntier="fe"',
    'spec.nodeName': 'n1', 'spec.serviceAccountName': 'sa1', 'status.podIP': '10.42.0.5', 'status.podIPs': '10.42.0.5',
    'status.hostIP': '192.168.1.2', 'status.hostIPs': '192.168.1.2',
  };
  const env = Object.keys(paths).map((p, i) => ({ name: `V${i}`, valueFrom: { fieldRef: { fieldPath: p } } }));
  const r = await run({ name: 'c', env });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.envs.map((e) => e.value), Object.values(paths));
  const bad = await run({ name: 'c', env: [{ name: 'V', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] });
  assert.deepEqual(bad.errors, ['unsupported fieldPath: spec.bogus']);
});

test('resolveEnv: resourceFieldRef with divisors, limits defaulting to node allocatable', async () => {
  const c: Container = {
    name: 'c',
    resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1500m' } },
    env: [
      { name: 'LCPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'LCPU_M', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
      { name: 'RCPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
      { name: 'RMEM_MI', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
      { name: 'LMEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
      { name: 'LEPH_GI', valueFrom: { resourceFieldRef: { resource: 'limits.ephemeral-storage', divisor: '1Gi' } } },
    ],
  };
  const r = await run(c);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(asMap(r.envs), { LCPU: '2', LCPU_M: '1500', RCPU: '1', RMEM_MI: '64', LMEM: String(8 * 1024 ** 3), LEPH_GI: '100' });
});

test('resolveEnv: configMapKeyRef / secretKeyRef and the kubelet error messages', async () => {
  const ok = await run({ name: 'c', env: [
    { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'A' } } },
    { name: 'P', valueFrom: { secretKeyRef: { name: 'sec', key: 'PASS' } } },
    { name: 'O1', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nokey', optional: true } } },
    { name: 'O2', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } },
  ] });
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(asMap(ok.envs), { A: 'a', P: 'hunter2' });
  const cases: [object, string][] = [
    [{ configMapKeyRef: { name: 'cfg', key: 'x' } }, "couldn't find key x in ConfigMap ns1/cfg"],
    [{ configMapKeyRef: { name: 'gone', key: 'x' } }, 'configmap "gone" not found'],
    [{ secretKeyRef: { name: 'sec', key: 'x' } }, "couldn't find key x in Secret ns1/sec"],
    [{ secretKeyRef: { name: 'gone', key: 'x' } }, 'secret "gone" not found'],
  ];
  for (const [valueFrom, msg] of cases) {
    const r = await run({ name: 'c', env: [{ name: 'V', valueFrom }] });
    assert.deepEqual(r.errors, [msg]);
    assert.deepEqual(r.envs, []);
  }
  const missingFrom = await run({ name: 'c', envFrom: [{ secretRef: { name: 'gone' } }] });
  assert.deepEqual(missingFrom.errors, ['secret "gone" not found']);
});

test('expandCommandAndArgs expands against the final env', async () => {
  const c: Container = { name: 'c', command: ['sh', '-c', 'echo $(MSG) $$(MSG) $(NONE)'], args: ['$(MSG)'], env: [{ name: 'MSG', value: 'hello' }] };
  const r = await run(c);
  assert.deepEqual({ command: r.command, args: r.args }, { command: ['sh', '-c', 'echo hello $(MSG) $(NONE)'], args: ['hello'] });
  assert.deepEqual(expandCommandAndArgs({ name: 'x' }, []), { command: [], args: [] });
});
