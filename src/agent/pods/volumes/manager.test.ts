import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, rm, stat, symlink, mkdir, lstat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret, Volume, PersistentVolume, PersistentVolumeClaim, Container } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../../machinery/clock.js';
import { VolumeManager, VolumeSetUpError } from './manager.js';
import { systemMounter } from './mounter.js';
import type { VolumeLookups } from '../lookups.js';
import { MANAGED_HOSTS_HEADER } from './hosts.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function world() {
  const cms = new Map<string, ConfigMap>([
    ['ns/cfg', { metadata: { name: 'cfg' }, data: { 'app.conf': 'v=1', other: 'o' } }],
    ['ns/kube-root-ca.crt', { metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': 'CA PEM' } }],
  ]);
  const secrets = new Map<string, Secret>([['ns/sec', { metadata: { name: 'sec' }, data: { password: b64('s3cret') } }]]);
  const tokenCalls: [string | undefined, number, string][] = [];
  let n = 0;
  const pvcs = new Map<string, PersistentVolumeClaim>();
  const pvs = new Map<string, PersistentVolume>();
  const lookups: VolumeLookups = {
    configMap: (ns, name) => cms.get(`${ns}/${name}`),
    secret: (ns, name) => secrets.get(`${ns}/${name}`),
    node: () => ({ status: { allocatable: { cpu: '2', memory: '4Gi' } } }),
    persistentVolumeClaim: (ns, name) => pvcs.get(`${ns}/${name}`),
    persistentVolume: (name) => pvs.get(name),
    requestToken: async (aud, exp, pod) => { tokenCalls.push([aud, exp, pod.metadata!.name!]); return `token-${++n}`; },
  };
  return { cms, secrets, pvcs, pvs, tokenCalls, lookups };
}

async function setup(t: { after(fn: () => unknown): void }) {
  const root = await mkdtemp(join(tmpdir(), 'skiff-vol-'));
  const w = world();
  const clock = new FakeClock(1_000_000);
  const vm = new VolumeManager(root, w.lookups, { clock });
  const uids: string[] = [];
  t.after(async () => {
    for (const u of uids) await vm.tearDown(u);
    await rm(root, { recursive: true, force: true });
  });
  const pod = (uid: string, volumes: Volume[], containers: Container[] = [{ name: 'c' }]): Pod => {
    uids.push(uid);
    return { metadata: { name: 'p', namespace: 'ns', uid, labels: { app: 'x' } }, spec: { containers, volumes } };
  };
  return { root, vm, w, clock, pod };
}

const mountedAt = async (p: string) => (await systemMounter.mountPointsUnder(p)).includes(p);

test('emptyDir on disk (0777) and medium Memory on a real tmpfs of sizeLimit, unmounted on teardown', async (t) => {
  const { vm, pod, root } = await setup(t);
  const p = pod('u-empty', [{ name: 'scratch', emptyDir: {} }, { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }]);
  const vols = await vm.setUp(p);
  const scratch = vols.get('scratch')!;
  assert.equal(scratch.hostPath, join(root, 'u-empty/volumes/kubernetes.io~empty-dir/scratch'));
  assert.equal((await stat(scratch.hostPath)).mode & 0o777, 0o777);
  const mem = vols.get('mem')!.hostPath;
  assert.ok(await mountedAt(mem), 'tmpfs mounted');
  const fs = await statfs(mem);
  assert.equal(fs.blocks * fs.bsize, 8 * 1024 * 1024);
  await vm.setUp(p); // idempotent: no second mount
  assert.equal((await systemMounter.mountPointsUnder(mem)).length, 1);
  await vm.tearDown('u-empty');
  assert.equal(await mountedAt(mem), false);
  await assert.rejects(stat(join(root, 'u-empty')));
});

test('configMap volume: items, modes, read-only, atomic refresh on change, errors in kubelet words', async (t) => {
  const { vm, pod, w } = await setup(t);
  const p = pod('u-cm', [
    { name: 'all', configMap: { name: 'cfg' } },
    { name: 'some', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }], defaultMode: 0o444 } },
    { name: 'opt', configMap: { name: 'missing', optional: true } },
  ]);
  const vols = await vm.setUp(p);
  const all = vols.get('all')!;
  assert.equal(all.readOnly, true);
  assert.equal(await readFile(join(all.hostPath, 'app.conf'), 'utf8'), 'v=1');
  assert.equal((await stat(join(all.hostPath, 'other'))).mode & 0o777, 0o644);
  const some = vols.get('some')!.hostPath;
  assert.equal(await readFile(join(some, 'conf/app.conf'), 'utf8'), 'v=1');
  assert.equal((await stat(join(some, 'conf/app.conf'))).mode & 0o777, 0o600);
  await assert.rejects(lstat(join(some, 'other')));

  const before = await readlink(join(all.hostPath, '..data'));
  assert.deepEqual(await vm.refresh(p), []);
  w.cms.set('ns/cfg', { metadata: { name: 'cfg' }, data: { 'app.conf': 'v=2' } });
  assert.deepEqual((await vm.refresh(p)).sort(), ['all', 'some']);
  assert.notEqual(await readlink(join(all.hostPath, '..data')), before);
  assert.equal(await readFile(join(all.hostPath, 'app.conf'), 'utf8'), 'v=2');
  await assert.rejects(lstat(join(all.hostPath, 'other')));

  const bad = pod('u-cm-bad', [{ name: 'cfgvol', configMap: { name: 'nope' } }, { name: 'keys', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'zz' }] } }]);
  await assert.rejects(vm.setUp(bad), (e: unknown) => {
    assert.ok(e instanceof VolumeSetUpError);
    assert.equal(e.message, 'MountVolume.SetUp failed for volume "cfgvol" : configmap "nope" not found');
    assert.deepEqual(e.failures[1], { volume: 'keys', message: 'configmap references non-existent config key: zz' });
    return true;
  });
});

test('secret volume on tmpfs with defaultMode and fsGroup ownership', async (t) => {
  const { vm, pod } = await setup(t);
  const p = pod('u-sec', [{ name: 's', secret: { secretName: 'sec', defaultMode: 0o400 } }]);
  p.spec!.securityContext = { fsGroup: 1234 };
  const dir = (await vm.setUp(p)).get('s')!.hostPath;
  assert.ok(await mountedAt(dir), 'secret volume on tmpfs');
  assert.equal(await readFile(join(dir, 'password'), 'utf8'), 's3cret');
  const st = await stat(join(dir, 'password'));
  assert.equal(st.gid, 1234);
  assert.equal(st.mode & 0o777, 0o440); // 0400 widened by fsGroup, as SetVolumeOwnership does
  const missing = pod('u-sec2', [{ name: 's', secret: { secretName: 'gone' } }]);
  await assert.rejects(vm.setUp(missing), /MountVolume.SetUp failed for volume "s" : secret "gone" not found/);
});

test('downwardAPI volume: labels, name, resource limits defaulted to allocatable', async (t) => {
  const { vm, pod } = await setup(t);
  const p = pod('u-dapi', [{ name: 'd', downwardAPI: { items: [
    { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
    { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
    { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } },
  ] } }]);
  const dir = (await vm.setUp(p)).get('d')!.hostPath;
  assert.equal(await readFile(join(dir, 'labels'), 'utf8'), 'app="x"');
  assert.equal(await readFile(join(dir, 'name'), 'utf8'), 'p');
  assert.equal(await readFile(join(dir, 'mem'), 'utf8'), '4096');
  p.metadata!.labels = { app: 'y' };
  assert.deepEqual(await vm.refresh(p), ['d']);
  assert.equal(await readFile(join(dir, 'labels'), 'utf8'), 'app="y"');
});

test('projected kube-api-access: token via callback, CA, namespace; token renewed after 80% of its lifetime', async (t) => {
  const { vm, pod, w, clock } = await setup(t);
  const p = pod('u-proj', [{ name: 'kube-api-access-abcde', projected: { defaultMode: 420, sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ] } }]);
  const dir = (await vm.setUp(p)).get('kube-api-access-abcde')!.hostPath;
  assert.ok(await mountedAt(dir));
  assert.equal(await readFile(join(dir, 'token'), 'utf8'), 'token-1');
  assert.equal(await readFile(join(dir, 'ca.crt'), 'utf8'), 'CA PEM');
  assert.equal(await readFile(join(dir, 'namespace'), 'utf8'), 'ns');
  assert.deepEqual(w.tokenCalls, [[undefined, 3607, 'p']]);
  clock.advance(60_000);
  assert.deepEqual(await vm.refresh(p), []);
  clock.advance(3607 * 800);
  assert.deepEqual(await vm.refresh(p), ['kube-api-access-abcde']);
  assert.equal(await readFile(join(dir, 'token'), 'utf8'), 'token-2');
});

test('hostPath type checks with the kubelet messages', async (t) => {
  const { vm, pod, root } = await setup(t);
  const made = join(root, 'host/made');
  const vols = await vm.setUp(pod('u-hp', [
    { name: 'a', hostPath: { path: made, type: 'DirectoryOrCreate' } },
    { name: 'b', hostPath: { path: join(root, 'host/f'), type: 'FileOrCreate' } },
    { name: 'c', hostPath: { path: '/nonexistent-any' } },
  ]));
  assert.ok((await stat(made)).isDirectory());
  assert.equal((await stat(made)).mode & 0o777, 0o755);
  assert.ok((await stat(join(root, 'host/f'))).isFile());
  assert.deepEqual(vols.get('a'), { hostPath: made, readOnly: false });
  const cases: [Volume['hostPath'], string][] = [
    [{ path: made, type: 'File' }, `hostPath type check failed: ${made} is not a file`],
    [{ path: join(root, 'host/f'), type: 'Directory' }, `hostPath type check failed: ${join(root, 'host/f')} is not a directory`],
    [{ path: join(root, 'nope'), type: 'Directory' }, `hostPath type check failed: ${join(root, 'nope')} is not a directory`],
    [{ path: made, type: 'Socket' }, `hostPath type check failed: ${made} is not a socket file`],
    [{ path: made, type: 'Weird' }, 'Weird is an invalid volume type'],
  ];
  for (const [hostPath, msg] of cases) {
    await assert.rejects(vm.setUp(pod('u-hp2', [{ name: 'v', hostPath }])), { message: `MountVolume.SetUp failed for volume "v" : ${msg}` });
  }
});

test('persistentVolumeClaim binds the PV local path; unbound and missing claims fail', async (t) => {
  const { vm, pod, w, root } = await setup(t);
  const local = join(root, 'disk1');
  await mkdir(local);
  w.pvcs.set('ns/data', { metadata: { name: 'data' }, spec: { volumeName: 'pv1' }, status: { phase: 'Bound' } });
  w.pvs.set('pv1', { metadata: { name: 'pv1' }, spec: { local: { path: local } } });
  w.pvcs.set('ns/pending', { metadata: { name: 'pending' }, spec: {}, status: { phase: 'Pending' } });
  const vols = await vm.setUp(pod('u-pvc', [{ name: 'd', persistentVolumeClaim: { claimName: 'data', readOnly: true } }]));
  assert.deepEqual(vols.get('d'), { hostPath: local, readOnly: true });
  await assert.rejects(vm.setUp(pod('u-pvc2', [{ name: 'd', persistentVolumeClaim: { claimName: 'pending' } }])), /error processing PVC ns\/pending: PVC is not bound/);
  await assert.rejects(vm.setUp(pod('u-pvc3', [{ name: 'd', persistentVolumeClaim: { claimName: 'x' } }])),
    /error processing PVC ns\/x: failed to fetch PVC from API server: persistentvolumeclaims "x" not found/);
});

test('prepareContainer: mounts with subPath, readOnly, propagation; /etc/hosts; termination log', async (t) => {
  const { vm, pod } = await setup(t);
  const c: Container = {
    name: 'app',
    volumeMounts: [
      { name: 'scratch', mountPath: '/data', subPath: 'deep/dir', mountPropagation: 'HostToContainer' },
      { name: 'cfg', mountPath: '/etc/app' },
      { name: 'scratch', mountPath: '/per-pod', subPathExpr: '$(POD)' },
    ],
  };
  const p = pod('u-mnt', [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg' } }], [c]);
  p.spec!.hostAliases = [{ ip: '10.0.0.1', hostnames: ['foo', 'bar'] }];
  const vols = await vm.setUp(p);
  const scratch = vols.get('scratch')!.hostPath;
  const r = await vm.prepareContainer(p, c, vols, { podIPs: ['10.42.0.7'], envs: [{ key: 'POD', value: 'p-1' }] });
  assert.deepEqual(r.mounts.slice(0, 3), [
    { containerPath: '/data', hostPath: join(scratch, 'deep/dir'), readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_HOST_TO_CONTAINER' },
    { containerPath: '/etc/app', hostPath: vols.get('cfg')!.hostPath, readonly: true, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' },
    { containerPath: '/per-pod', hostPath: join(scratch, 'p-1'), readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' },
  ]);
  assert.ok((await stat(join(scratch, 'deep/dir'))).isDirectory());
  assert.equal((await stat(join(scratch, 'deep/dir'))).mode & 0o777, 0o777);
  assert.deepEqual(r.mounts[3], { containerPath: '/etc/hosts', hostPath: r.hostsFilePath, readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' });
  assert.equal(await readFile(r.hostsFilePath!, 'utf8'), MANAGED_HOSTS_HEADER +
    '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.42.0.7\tp\n\n# Entries added by HostAliases.\n10.0.0.1\tfoo\tbar\n');
  assert.equal(r.mounts[4]!.containerPath, '/dev/termination-log');
  assert.equal(r.mounts[4]!.hostPath, r.terminationMessageHostPath);
  assert.equal((await stat(r.terminationMessageHostPath!)).mode & 0o777, 0o666);

  const noIP = await vm.prepareContainer(p, { name: 'x', terminationMessagePath: '' }, vols, { podIPs: [] });
  assert.deepEqual(noIP, { mounts: [] });
});

test('mounts refuse .. and absolute subPaths, symlink escapes and unknown volumes', async (t) => {
  const { vm, pod } = await setup(t);
  const p = pod('u-sub', [{ name: 'v', emptyDir: {} }]);
  const vols = await vm.setUp(p);
  await symlink('/etc', join(vols.get('v')!.hostPath, 'evil'));
  const m = (vm_: Container['volumeMounts']) => vm.mounts({ name: 'c', volumeMounts: vm_ }, vols);
  await assert.rejects(m([{ name: 'v', mountPath: '/x', subPath: 'a/../../etc' }]), { message: "unable to provision SubPath `a/../../etc`: must not contain '..'" });
  await assert.rejects(m([{ name: 'v', mountPath: '/x', subPath: '/etc' }]), { message: 'error SubPath `/etc` must not be an absolute path' });
  await assert.rejects(m([{ name: 'v', mountPath: '/x', subPath: 'evil' }]), /not within volume path/);
  await assert.rejects(m([{ name: 'v', mountPath: '/x', subPath: 'evil/skiff-must-not-exist' }]), /not within volume path/);
  await assert.rejects(stat('/etc/skiff-must-not-exist'));
  await assert.rejects(m([{ name: 'nope', mountPath: '/x' }]), { message: 'cannot find volume "nope" to mount into container "c"' });
  await assert.rejects(m([{ name: 'v', mountPath: '/x', subPathExpr: '$(MISSING)' }]), { message: 'missing value for MISSING' });
});
