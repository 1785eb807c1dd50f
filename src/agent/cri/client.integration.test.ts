// CriRuntime against a real containerd that this test starts with its own config in a temp dir, with two tiny
// images it builds itself (busybox from busybox-static; a pause image from Debian's catatonit). Needs root and
// /usr/bin/containerd; cleans up exactly what it created (its containerd pid, mounts under its temp dir, its cgroup
// parent, the temp dir).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isNotFound, isRuntimeError } from '../runtime/errors.js';
import type { ContainerConfig, PodSandboxConfig } from '../runtime/types.js';
import { connectCri, type CriRuntime } from './client.js';

const CONTAINERD = '/usr/bin/containerd';
const BUSYBOX = '/bin/busybox';
const skip = process.getuid?.() !== 0 ? 'needs root' : !existsSync(CONTAINERD) ? `needs ${CONTAINERD}` : !existsSync(BUSYBOX) ? 'needs busybox-static' : false;

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A one-layer OCI image archive of `rootfs`, named `name` for `ctr images import`. */
function ociArchive(work: string, rootfs: string, name: string, entrypoint: string[]): string {
  const layout = join(work, 'layout');
  mkdirSync(join(layout, 'blobs/sha256'), { recursive: true });
  const blob = (data: Buffer | string) => {
    const digest = sha(data);
    writeFileSync(join(layout, 'blobs/sha256', digest), data);
    return { digest: `sha256:${digest}`, size: Buffer.byteLength(data) };
  };
  const tarred = spawnSync('tar', ['-C', rootfs, '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', ...readdirSync(rootfs)], { maxBuffer: 64 << 20 });
  if (tarred.status !== 0) throw new Error(`tar of ${rootfs} failed: ${tarred.stderr}`);
  const tar = tarred.stdout;
  const layer = blob(gzipSync(tar));
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const config = blob(JSON.stringify({
    architecture: arch, os: 'linux', config: { Entrypoint: entrypoint, Env: ['PATH=/bin'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha(tar)}`] },
  }));
  const manifest = blob(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
  }));
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(layout, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { architecture: arch, os: 'linux' }, annotations: { 'io.containerd.image.name': name } }],
  }));
  const out = join(work, 'image.tar');
  run('tar', ['-C', layout, '-cf', out, 'oci-layout', 'index.json', 'blobs']);
  return out;
}

function busyboxRootfs(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(BUSYBOX, join(dir, 'bin/busybox'));
  for (const applet of ['sh', 'echo', 'sleep', 'cat', 'ls']) symlinkSync('busybox', join(dir, 'bin', applet));
  return dir;
}

function pauseRootfs(work: string, dir: string): string {
  run('apt-get', ['download', '-q', 'catatonit'], work);
  const deb = readdirSync(work).find((f) => f.startsWith('catatonit_') && f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download catatonit produced no .deb');
  run('dpkg-deb', ['-x', join(work, deb), join(work, 'deb')]);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(work, 'deb/usr/bin/catatonit'), join(dir, 'pause'));
  return dir;
}

interface Env { dir: string; socket: string; proc: ChildProcess; stderr: string[]; cgroupParent: string }

function startContainerd(dir: string, pauseImage: string): Env {
  const socket = join(dir, 'state/containerd.sock');
  mkdirSync(join(dir, 'net.d'), { recursive: true });
  writeFileSync(join(dir, 'config.toml'), `version = 2
root = "${dir}/root"
state = "${dir}/state"
[grpc]
  address = "${socket}"
[ttrpc]
  address = "${socket}.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${dir}/net.d"
`);
  const proc = spawn(CONTAINERD, ['--config', join(dir, 'config.toml'), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  proc.stderr?.on('data', (d: Buffer) => { stderr.push(d.toString()); if (stderr.length > 200) stderr.shift(); });
  return { dir, socket, proc, stderr, cgroupParent: `/skiff-cri-it-${randomBytes(4).toString('hex')}` };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function cleanup(env: Env, rt: CriRuntime | undefined): Promise<void> {
  if (rt) {
    // Our containerd holds only our sandboxes: remove whatever a failed run left, so the shims exit.
    for (const s of await rt.listPodSandbox().catch(() => [])) await rt.removePodSandbox(s.id).catch(() => {});
    await rt.close();
  }
  if (env.proc.exitCode === null) {
    const exited = new Promise((r) => env.proc.once('exit', r));
    env.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000).unref())]);
    if (env.proc.exitCode === null && env.proc.signalCode === null) env.proc.kill('SIGKILL');
  }
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === env.dir || m.startsWith(env.dir + '/')).sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  rmSync(env.dir, { recursive: true, force: true });
  for (const controller of readdirSync('/sys/fs/cgroup')) rmCgroup(join('/sys/fs/cgroup', controller, env.cgroupParent));
}

function rmCgroup(path: string): void {
  if (!existsSync(path)) return;
  for (const e of readdirSync(path, { withFileTypes: true })) if (e.isDirectory()) rmCgroup(join(path, e.name));
  try { rmdirSync(path); } catch { /* busy or already gone */ }
}

test('CriRuntime drives a real containerd: sandbox, container, exec, logs, stats, images, teardown', { skip, timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync('/tmp/skiff-cri-it-');
  const busyboxRef = 'docker.io/skiff-cri-it/busybox:1';
  const pauseRef = 'docker.io/skiff-cri-it/pause:1';
  const busyboxTar = ociArchive(mkdirSync(join(dir, 'img-bb'), { recursive: true })!, busyboxRootfs(join(dir, 'img-bb/rootfs')), busyboxRef, ['/bin/sh']);
  const pauseWork = mkdirSync(join(dir, 'img-pause'), { recursive: true })!;
  const pauseTar = ociArchive(pauseWork, pauseRootfs(pauseWork, join(pauseWork, 'rootfs')), pauseRef, ['/pause', '-P']);

  const env = startContainerd(dir, pauseRef);
  let rt: CriRuntime | undefined;
  t.after(() => cleanup(env, rt));
  try {
    rt = await connectCri(`unix://${env.socket}`, { timeoutMs: 10_000 });
  } catch (err) {
    throw new Error(`${(err as Error).message}\ncontainerd stderr:\n${env.stderr.join('')}`);
  }
  for (const tar of [busyboxTar, pauseTar]) run('ctr', ['-n', 'k8s.io', '-a', env.socket, 'images', 'import', tar]);

  const version = await rt.version();
  assert.equal(version.runtimeName, 'containerd');
  assert.equal(version.runtimeApiVersion, 'v1');
  const conditions = (await rt.status()).status?.conditions ?? [];
  assert.equal(conditions.find((c) => c.type === 'RuntimeReady')?.status, true);

  // "Pull" with IfNotPresent: the image is found by imageStatus; PullImage from an unreachable registry fails cleanly.
  const image = await waitFor('the imported image', async () => (await rt!.imageStatus({ image: busyboxRef })).image ?? undefined);
  assert.match(image.id, /^sha256:[0-9a-f]{64}$/);
  assert.ok(image.repoTags.includes(busyboxRef));
  assert.equal((await rt.imageStatus({ image: 'docker.io/skiff-cri-it/absent:1' })).image, null);
  await assert.rejects(rt.pullImage({ image: '127.0.0.1:1/absent:1' }), (e) => isRuntimeError(e) && e.method === 'PullImage');
  assert.ok((await rt.listImages()).some((i) => i.id === image.id));
  assert.ok((await rt.imageFsInfo()).length >= 1);

  const sandboxConfig: PodSandboxConfig = {
    metadata: { name: 'it', uid: 'uid-it', namespace: 'default', attempt: 0 },
    hostname: '', // hostNetwork: must be empty
    logDirectory: join(dir, 'logs/default_it_uid-it'),
    labels: { 'skiff.test/pod': 'it' },
    annotations: { 'skiff.test/note': 'kept' },
    linux: { cgroupParent: env.cgroupParent, securityContext: { namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } } },
  };
  const podId = await rt.runPodSandbox(sandboxConfig);
  const sandbox = (await rt.podSandboxStatus(podId)).status;
  assert.equal(sandbox.state, 'SANDBOX_READY');
  assert.equal(sandbox.network?.ip, '');
  assert.equal(sandbox.annotations['skiff.test/note'], 'kept');
  assert.deepEqual((await rt.listPodSandbox({ labelSelector: { 'skiff.test/pod': 'it' } })).map((s) => s.id), [podId]);

  const config: ContainerConfig = {
    metadata: { name: 'hello', attempt: 0 },
    image: { image: busyboxRef },
    command: ['sh', '-c', 'echo hello; sleep 30'],
    envs: [{ key: 'GREETING', value: 'hi there' }],
    labels: { 'skiff.test/container': 'hello' },
    logPath: 'hello/0.log',
    linux: { securityContext: { namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } } },
  };
  const id = await rt.createContainer(podId, config, sandboxConfig);
  assert.equal((await rt.containerStatus(id)).status.state, 'CONTAINER_CREATED');
  await rt.startContainer(id);
  const st = (await rt.containerStatus(id)).status;
  assert.equal(st.state, 'CONTAINER_RUNNING');
  assert.ok(st.startedAt > st.createdAt - 1e9 && st.startedAt > 0);
  assert.equal(st.imageRef, image.id);
  assert.equal(st.logPath, join(dir, 'logs/default_it_uid-it/hello/0.log'));
  assert.equal(st.metadata?.name, 'hello');
  const line = await waitFor('the log line', () => {
    const text = existsSync(st.logPath) ? readFileSync(st.logPath, 'utf8') : '';
    return text.split('\n').find((l) => l.endsWith(' stdout F hello'));
  });
  assert.match(line, /^\d{4}-\d\d-\d\dT\S+ stdout F hello$/);

  const hi = await rt.execSync(id, ['echo', 'hi'], 5);
  assert.deepEqual([hi.stdout.toString(), hi.stderr.toString(), hi.exitCode], ['hi\n', '', 0]);
  const mixed = await rt.execSync(id, ['sh', '-c', 'echo "$GREETING"; echo oops >&2; exit 3'], 5);
  assert.deepEqual([mixed.stdout.toString(), mixed.stderr.toString(), mixed.exitCode], ['hi there\n', 'oops\n', 3]);
  assert.match((await rt.exec({ containerId: id, cmd: ['sh'], stdout: true, stderr: true })).url, /^http:\/\/127\.0\.0\.1:\d+\/exec\//);

  const listed = await rt.listContainers({ podSandboxId: podId });
  assert.deepEqual(listed.map((c) => [c.id, c.state, c.metadata?.name, c.labels['skiff.test/container']]), [[id, 'CONTAINER_RUNNING', 'hello', 'hello']]);
  const stats = await rt.containerStats(id);
  assert.equal(stats.attributes?.id, id);
  assert.ok((stats.memory?.workingSetBytes?.value ?? 0) > 0);
  const podStats = await rt.listPodSandboxStats({ id: podId });
  assert.equal(podStats[0]?.attributes?.id, podId);

  await rt.stopContainer(id, 1); // sh as PID 1 ignores TERM: killed after 1 s
  const stopped = (await rt.containerStatus(id)).status;
  assert.equal(stopped.state, 'CONTAINER_EXITED');
  assert.equal(stopped.exitCode, 137);
  await rt.stopContainer(id, 1); // idempotent
  await rt.removeContainer(id);
  await rt.removeContainer(id); // gone = success
  await assert.rejects(rt.containerStatus(id), isNotFound);
  assert.deepEqual(await rt.listContainers({ podSandboxId: podId }), []);

  await rt.stopPodSandbox(podId);
  assert.equal((await rt.podSandboxStatus(podId)).status.state, 'SANDBOX_NOTREADY');
  await rt.removePodSandbox(podId);
  await rt.removePodSandbox(podId); // gone = success
  await rt.stopPodSandbox(podId);
  await assert.rejects(rt.podSandboxStatus(podId), isNotFound);
  assert.deepEqual(await rt.listPodSandbox(), []);
  await rt.removeImage({ image: 'docker.io/skiff-cri-it/absent:1' });
});
