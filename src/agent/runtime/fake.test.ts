import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { isNotFound, isRuntimeError, RuntimeError } from './errors.js';
import { FakeRuntime } from './fake.js';
import type { ContainerConfig, PodSandboxConfig } from './types.js';

const BUSYBOX = 'docker.io/library/busybox:1.36';

function sandboxConfig(name = 'web', hostNetwork = false): PodSandboxConfig {
  return {
    metadata: { name, uid: `uid-${name}`, namespace: 'default', attempt: 0 },
    hostname: hostNetwork ? '' : name,
    logDirectory: `/var/log/pods/default_${name}_uid-${name}`,
    labels: { 'io.kubernetes.pod.uid': `uid-${name}` },
    linux: { securityContext: { namespaceOptions: { network: hostNetwork ? 'NODE' : 'POD', pid: 'CONTAINER' } } },
  };
}

function containerConfig(name = 'main', attempt = 0): ContainerConfig {
  return {
    metadata: { name, attempt }, image: { image: 'busybox:1.36' }, command: ['sh', '-c', 'sleep 30'],
    labels: { 'io.kubernetes.container.name': name }, logPath: `${name}/${attempt}.log`,
    mounts: [{ containerPath: '/data', hostPath: '/tmp/data' }],
    linux: { resources: { memoryLimitInBytes: 1000 } },
  };
}

async function runningContainer(rt: FakeRuntime) {
  const sc = sandboxConfig();
  const podId = await rt.runPodSandbox(sc);
  const id = await rt.createContainer(podId, containerConfig(), sc);
  await rt.startContainer(id);
  return { sc, podId, id };
}

test('FakeRuntime container moves CREATED → RUNNING → EXITED with times from the clock', async () => {
  const clock = new FakeClock(1_000);
  const rt = new FakeRuntime({ clock, images: [BUSYBOX] });
  const sc = sandboxConfig();
  const podId = await rt.runPodSandbox(sc);
  const id = await rt.createContainer(podId, containerConfig(), sc);
  let st = (await rt.containerStatus(id)).status;
  assert.equal(st.state, 'CONTAINER_CREATED');
  assert.equal(st.createdAt, 1_000_000_000);
  assert.equal(st.startedAt, 0);
  clock.advance(500);
  await rt.startContainer(id);
  st = (await rt.containerStatus(id)).status;
  assert.equal(st.state, 'CONTAINER_RUNNING');
  assert.equal(st.startedAt, 1_500_000_000);
  assert.equal(st.logPath, '/var/log/pods/default_web_uid-web/main/0.log');
  assert.deepEqual(st.mounts, [{ containerPath: '/data', hostPath: '/tmp/data', readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' }]);
  assert.equal(st.resources?.linux?.memoryLimitInBytes, 1000);
  assert.equal(st.resources?.linux?.cpuQuota, 0);
  assert.match(st.imageRef, /^sha256:[0-9a-f]{64}$/);
  clock.advance(250);
  rt.exitContainer(id, 3);
  st = (await rt.containerStatus(id)).status;
  assert.equal(st.state, 'CONTAINER_EXITED');
  assert.equal(st.exitCode, 3);
  assert.equal(st.reason, 'Error');
  assert.equal(st.finishedAt, 1_750_000_000);
});

test('FakeRuntime exitContainer records OOMKilled and refuses a container that is not running', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { id } = await runningContainer(rt);
  rt.exitContainer(id, 137, 'OOMKilled');
  const st = (await rt.containerStatus(id)).status;
  assert.equal(st.reason, 'OOMKilled');
  assert.equal(st.exitCode, 137);
  assert.throws(() => rt.exitContainer(id, 0), /not running/);
});

test('FakeRuntime startContainer refuses a container that already ran', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { id } = await runningContainer(rt);
  await assert.rejects(rt.startContainer(id), (e) => isRuntimeError(e, 'UNKNOWN') && /CONTAINER_RUNNING state/.test(e.message));
});

test('FakeRuntime stopContainer uses the configured exit code and is idempotent', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX], stopExitCode: 143 });
  const { id } = await runningContainer(rt);
  await rt.stopContainer(id, 30);
  const st = (await rt.containerStatus(id)).status;
  assert.equal(st.exitCode, 143);
  assert.equal(st.reason, 'Error');
  await rt.stopContainer(id, 30);
  await rt.stopContainer('gone', 30);
  assert.deepEqual(rt.calls.filter((c) => c.method === 'stopContainer').map((c) => c.args[1]), [30, 30, 30]);
});

test('FakeRuntime status of an unknown container or sandbox is NOT_FOUND; stop/remove of one succeeds', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  await assert.rejects(rt.containerStatus('nope'), (e) => isNotFound(e) && e instanceof RuntimeError && e.method === 'ContainerStatus');
  await assert.rejects(rt.podSandboxStatus('nope'), isNotFound);
  await rt.stopPodSandbox('nope');
  await rt.removePodSandbox('nope');
  await rt.removeContainer('nope');
  await rt.removeImage({ image: 'nope' });
});

test('FakeRuntime stopPodSandbox kills its containers; removePodSandbox removes them and frees the names', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { sc, podId, id } = await runningContainer(rt);
  await assert.rejects(rt.runPodSandbox(sc), /failed to reserve sandbox name/);
  await rt.stopPodSandbox(podId);
  assert.equal((await rt.podSandboxStatus(podId)).status.state, 'SANDBOX_NOTREADY');
  const st = (await rt.containerStatus(id)).status;
  assert.equal(st.state, 'CONTAINER_EXITED');
  assert.equal(st.exitCode, 137);
  await assert.rejects(rt.createContainer(podId, containerConfig('other'), sc), /is not running/);
  await rt.removePodSandbox(podId);
  assert.deepEqual(await rt.listContainers(), []);
  assert.deepEqual(await rt.listPodSandbox(), []);
  await rt.runPodSandbox(sc); // the name is free again
});

test('FakeRuntime container names are unique per sandbox, name and attempt', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { sc, podId, id } = await runningContainer(rt);
  await assert.rejects(rt.createContainer(podId, containerConfig(), sc), /failed to reserve container name "main_web_default_uid-web_0"/);
  const again = await rt.createContainer(podId, containerConfig('main', 1), sc);
  assert.notEqual(again, id);
  await rt.removeContainer(id);
  await rt.createContainer(podId, containerConfig(), sc);
});

test('FakeRuntime gives pod IPs to pod-network sandboxes and none to hostNetwork ones', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const a = await rt.runPodSandbox(sandboxConfig('a'));
  const b = await rt.runPodSandbox(sandboxConfig('b'));
  const h = await rt.runPodSandbox(sandboxConfig('h', true));
  const ipA = (await rt.podSandboxStatus(a)).status.network?.ip;
  const ipB = (await rt.podSandboxStatus(b)).status.network?.ip;
  assert.match(ipA ?? '', /^10\.88\.\d+\.\d+$/);
  assert.notEqual(ipA, ipB);
  assert.equal((await rt.podSandboxStatus(h)).status.network?.ip, '');
  await assert.rejects(rt.runPodSandbox({ ...sandboxConfig('bad', true), hostname: 'bad' }), (e) => isRuntimeError(e, 'INVALID_ARGUMENT'));
});

test('FakeRuntime list filters match id prefix, state, sandbox and labels', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { sc, podId, id } = await runningContainer(rt);
  const created = await rt.createContainer(podId, containerConfig('side'), sc);
  const other = await rt.runPodSandbox(sandboxConfig('other'));
  assert.deepEqual((await rt.listContainers({ state: { state: 'CONTAINER_RUNNING' } })).map((c) => c.id), [id]);
  assert.deepEqual((await rt.listContainers({ id: created.slice(0, 12) })).map((c) => c.id), [created]);
  assert.deepEqual((await rt.listContainers({ labelSelector: { 'io.kubernetes.container.name': 'side' } })).map((c) => c.id), [created]);
  assert.equal((await rt.listContainers({ podSandboxId: other })).length, 0);
  assert.deepEqual((await rt.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': 'uid-other' } })).map((s) => s.id), [other]);
  const [c] = await rt.listContainers({ id });
  assert.deepEqual(c?.metadata, { name: 'main', attempt: 0 });
  assert.deepEqual(c?.image, { image: 'busybox:1.36', annotations: {} });
});

test('FakeRuntime createContainer needs the image when pulls are restricted', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), pullAny: false });
  const sc = sandboxConfig();
  const podId = await rt.runPodSandbox(sc);
  await assert.rejects(rt.createContainer(podId, containerConfig(), sc), isNotFound);
  await assert.rejects(rt.pullImage({ image: 'busybox:1.36' }), isNotFound);
  rt.addImage('busybox:1.36');
  assert.match(await rt.createContainer(podId, containerConfig(), sc), /^[0-9a-f]{64}$/);
});

test('FakeRuntime pullImage normalises references, fails on demand, and waits on the clock', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ clock, pullDelayMs: 1000 });
  rt.failPull('busybox:1.36', 'connection refused', 1);
  await assert.rejects(rt.pullImage({ image: 'busybox:1.36' }), /failed to pull and unpack image "docker.io\/library\/busybox:1.36": connection refused/);
  let done = false;
  const pulled = rt.pullImage({ image: 'busybox:1.36' }).then((ref) => { done = true; return ref; });
  await Promise.resolve();
  assert.equal(done, false);
  clock.advance(1000);
  const ref = await pulled;
  const st = await rt.imageStatus({ image: BUSYBOX });
  assert.equal(st.image?.id, ref);
  assert.deepEqual(st.image?.repoTags, [BUSYBOX]);
  assert.equal((await rt.imageStatus({ image: ref })).image?.id, ref);
  assert.equal((await rt.imageStatus({ image: 'nginx' })).image, null);
  assert.equal((await rt.listImages({ image: { image: 'busybox:1.36' } })).length, 1);
  const [fs] = await rt.imageFsInfo();
  assert.equal(fs?.usedBytes?.value, 1 << 20);
  await rt.removeImage({ image: 'busybox:1.36' });
  assert.deepEqual(await rt.listImages(), []);
});

test('FakeRuntime execSync runs the hook on running containers only', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { id } = await runningContainer(rt);
  rt.onExecSync = (_id, cmd) => ({ stdout: Buffer.from(cmd.join(' ')), stderr: Buffer.alloc(0), exitCode: 7 });
  const r = await rt.execSync(id, ['echo', 'hi'], 5);
  assert.equal(r.stdout.toString(), 'echo hi');
  assert.equal(r.exitCode, 7);
  rt.exitContainer(id, 0);
  await assert.rejects(rt.execSync(id, ['true'], 5), /CONTAINER_EXITED state/);
  await assert.rejects(rt.exec({ containerId: id, cmd: ['sh'] }), /CONTAINER_EXITED state/);
});

test('FakeRuntime exec, attach and port-forward return single-use URLs', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { podId, id } = await runningContainer(rt);
  const a = await rt.exec({ containerId: id, cmd: ['sh'], stdout: true });
  const b = await rt.exec({ containerId: id, cmd: ['sh'], stdout: true });
  assert.notEqual(a.url, b.url);
  assert.match((await rt.attach({ containerId: id, stdout: true })).url, /\/attach\//);
  assert.match((await rt.portForward({ podSandboxId: podId, port: [80] })).url, /\/portforward\//);
});

test('FakeRuntime stats report the usage a test sets, per container and summed per sandbox', async () => {
  const clock = new FakeClock(2);
  const rt = new FakeRuntime({ clock, images: [BUSYBOX] });
  const { sc, podId, id } = await runningContainer(rt);
  const side = await rt.createContainer(podId, containerConfig('side'), sc);
  await rt.startContainer(side);
  rt.setUsage(id, { cpuCoreNanoSeconds: 5e9, memoryWorkingSetBytes: 400 });
  rt.setUsage(side, { cpuCoreNanoSeconds: 1e9, memoryWorkingSetBytes: 100 });
  const s = await rt.containerStats(id);
  assert.equal(s.cpu?.usageCoreNanoSeconds?.value, 5e9);
  assert.equal(s.memory?.workingSetBytes?.value, 400);
  assert.equal(s.memory?.availableBytes?.value, 600); // limit 1000
  assert.equal(s.cpu?.timestamp, 2_000_000);
  assert.equal(s.attributes?.id, id);
  assert.equal((await rt.listContainerStats({ podSandboxId: podId })).length, 2);
  const pod = await rt.podSandboxStats(podId);
  assert.equal(pod.linux?.cpu?.usageCoreNanoSeconds?.value, 6e9);
  assert.equal(pod.linux?.memory?.workingSetBytes?.value, 500);
  assert.equal(pod.linux?.containers.length, 2);
  assert.equal((await rt.listPodSandboxStats()).length, 1);
});

test('FakeRuntime updateContainerResources changes the reported resources', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { id } = await runningContainer(rt);
  await rt.updateContainerResources(id, { cpuQuota: 50_000, cpuPeriod: 100_000 });
  const r = (await rt.containerStatus(id)).status.resources?.linux;
  assert.equal(r?.cpuQuota, 50_000);
  assert.equal(r?.memoryLimitInBytes, 0);
});

test('FakeRuntime injectError fails the next calls of a method and records them', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  rt.injectError('version', new RuntimeError('UNAVAILABLE', 'connection refused', 'Version'), 2);
  await assert.rejects(rt.version(), (e) => isRuntimeError(e, 'UNAVAILABLE'));
  await assert.rejects(rt.version(), (e) => isRuntimeError(e, 'UNAVAILABLE'));
  assert.equal((await rt.version()).runtimeName, 'fake');
  assert.deepEqual(rt.callNames(), ['version', 'version', 'version']);
});

test('FakeRuntime status reports NetworkReady as set', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  rt.setNetworkReady(false);
  const conds = (await rt.status()).status?.conditions ?? [];
  assert.deepEqual(conds.map((c) => [c.type, c.status]), [['RuntimeReady', true], ['NetworkReady', false]]);
});

test('FakeRuntime answers are copies: mutating them does not change the runtime', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  const { id } = await runningContainer(rt);
  const st = (await rt.containerStatus(id)).status;
  st.labels['x'] = 'y';
  st.metadata!.name = 'changed';
  const again = (await rt.containerStatus(id)).status;
  assert.equal(again.labels['x'], undefined);
  assert.equal(again.metadata?.name, 'main');
  assert.equal(rt.containerConfig(id)?.metadata.name, 'main');
});

test('FakeRuntime refuses calls after close', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), images: [BUSYBOX] });
  await rt.close();
  await assert.rejects(rt.version(), (e) => isRuntimeError(e, 'UNAVAILABLE'));
});
