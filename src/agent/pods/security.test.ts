import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { linuxSecurityContext, sandboxSecurityContext, verifyRunAsNonRoot, DEFAULT_MASKED_PATHS, sandboxSysctls } from './security.js';
import { capabilitiesFromMask, readBoundingCapabilities } from './capabilities.js';

const BOUNDING = ['CHOWN', 'NET_ADMIN', 'NET_RAW', 'SYS_TIME', 'KILL'];
const pod = (c: Container, spec: Partial<PodSpec> = {}): Pod => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { containers: [c], ...spec } });
const ctx = (c: Container, spec: Partial<PodSpec> = {}, imageUser = {}) => linuxSecurityContext(pod(c, spec), c, { capabilities: BOUNDING, imageUser });

test('linuxSecurityContext: defaults', () => {
  const sc = ctx({ name: 'c' });
  assert.deepEqual(sc.namespaceOptions, { network: 'POD', pid: 'CONTAINER', ipc: 'POD' });
  assert.equal(sc.privileged, false);
  assert.equal(sc.readonlyRootfs, false);
  assert.equal(sc.noNewPrivs, false);
  assert.deepEqual(sc.maskedPaths, DEFAULT_MASKED_PATHS);
  assert.ok(sc.readonlyPaths.includes('/proc/sys'));
  assert.deepEqual(sc.supplementalGroups, []);
  assert.equal(sc.runAsUser, undefined);
  assert.deepEqual(sc.seccomp, { profileType: 'Unconfined' });
});

test('linuxSecurityContext: container overrides pod; groups; readonly; noNewPrivs; namespaces', () => {
  const c: Container = { name: 'c', securityContext: { runAsUser: 2000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } } };
  const sc = ctx(c, { securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 4000, supplementalGroups: [5, 6] }, hostNetwork: true, shareProcessNamespace: true });
  assert.deepEqual(sc.runAsUser, { value: 2000 });
  assert.deepEqual(sc.runAsGroup, { value: 3000 });
  assert.deepEqual(sc.supplementalGroups, [4000, 5, 6]);
  assert.equal(sc.readonlyRootfs, true);
  assert.equal(sc.noNewPrivs, true);
  assert.deepEqual(sc.namespaceOptions, { network: 'NODE', pid: 'POD', ipc: 'POD' });
  assert.deepEqual(sc.seccomp, { profileType: 'RuntimeDefault' });
  assert.deepEqual(ctx({ name: 'c' }, { hostPID: true, hostIPC: true }).namespaceOptions, { network: 'POD', pid: 'NODE', ipc: 'NODE' });
});

test('linuxSecurityContext: capabilities normalised and intersected with the bounding set', () => {
  const sc = ctx({ name: 'c', securityContext: { capabilities: { add: ['NET_ADMIN', 'cap_sys_time', 'SYS_RESOURCE'], drop: ['ALL'] } } });
  assert.deepEqual(sc.capabilities, { addCapabilities: ['NET_ADMIN', 'SYS_TIME'], dropCapabilities: ['ALL'] });
  const all = ctx({ name: 'c', securityContext: { capabilities: { add: ['ALL'] } } });
  assert.deepEqual(all.capabilities!.addCapabilities.sort(), [...BOUNDING].sort());
});

test('linuxSecurityContext: privileged drops the /proc masks; procMount Unmasked too', () => {
  const sc = ctx({ name: 'c', securityContext: { privileged: true } });
  assert.equal(sc.privileged, true);
  assert.deepEqual([sc.maskedPaths, sc.readonlyPaths], [[], []]);
  const un = ctx({ name: 'c', securityContext: { procMount: 'Unmasked' } });
  assert.deepEqual(un.maskedPaths, []);
});

test('linuxSecurityContext: the image user fills runAsUser / runAsUsername', () => {
  assert.deepEqual(ctx({ name: 'c' }, {}, { uid: 65534 }).runAsUser, { value: 65534 });
  const named = ctx({ name: 'c' }, {}, { username: 'nobody' });
  assert.equal(named.runAsUser, undefined);
  assert.equal(named.runAsUsername, 'nobody');
});

test('verifyRunAsNonRoot: the kubelet messages', () => {
  const nonRoot = (sc: object, imageUser?: object) => {
    const c = { name: 'c', securityContext: { runAsNonRoot: true, ...sc } };
    return verifyRunAsNonRoot(pod(c), c, imageUser);
  };
  const where = '(pod: "p_ns(u1)", container: c)';
  assert.equal(nonRoot({}), `container has runAsNonRoot and image will run as root ${where}`);
  assert.equal(nonRoot({}, { uid: 0 }), `container has runAsNonRoot and image will run as root ${where}`);
  assert.equal(nonRoot({}, { uid: 1000 }), undefined);
  assert.equal(nonRoot({}, { username: 'app' }), `container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root ${where}`);
  assert.equal(nonRoot({ runAsUser: 0 }), `container's runAsUser breaks non-root policy ${where}`);
  assert.equal(nonRoot({ runAsUser: 10 }), undefined);
  const c = { name: 'c' };
  assert.equal(verifyRunAsNonRoot(pod(c, { securityContext: { runAsNonRoot: true } }), c), `container has runAsNonRoot and image will run as root ${where}`);
  assert.throws(() => ctx({ name: 'c', securityContext: { runAsNonRoot: true } }), /image will run as root/);
});

test('sandboxSecurityContext and sysctls', () => {
  const p = pod({ name: 'c', securityContext: { privileged: true } }, {
    securityContext: { runAsUser: 1, runAsGroup: 2, fsGroup: 3, supplementalGroups: [4], sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
  });
  assert.deepEqual(sandboxSecurityContext(p), {
    namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' }, readonlyRootfs: false, supplementalGroups: [3, 4],
    privileged: true, seccomp: { profileType: 'RuntimeDefault' }, runAsUser: { value: 1 }, runAsGroup: { value: 2 },
  });
  assert.deepEqual(sandboxSysctls(p), { 'net.core.somaxconn': '1024' });
});

test('capabilities: masks decode to names', () => {
  assert.deepEqual(capabilitiesFromMask('0000000000003001'), ['CHOWN', 'NET_ADMIN', 'NET_RAW']);
  assert.deepEqual(readBoundingCapabilities('Name:\tx\nCapBnd:\t0000000000000021\n'), ['CHOWN', 'KILL']);
  assert.ok(readBoundingCapabilities().includes('CHOWN'));
});
