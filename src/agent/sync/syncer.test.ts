import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { resources } from '../../client/resources.js';
import { harness, NODE, type Harness } from './testing.js';

const LIFECYCLE = new Set(['runPodSandbox', 'stopPodSandbox', 'removePodSandbox', 'pullImage', 'createContainer', 'startContainer', 'stopContainer', 'removeContainer', 'execSync']);

function lifecycleCalls(h: Harness, from = 0): string[] {
  return h.runtime.calls.slice(from).filter((c) => LIFECYCLE.has(c.method)).map((c) => {
    if (c.method === 'createContainer') return `createContainer:${(c.args[1] as { metadata: { name: string; attempt: number } }).metadata.name}#${(c.args[1] as { metadata: { attempt: number } }).metadata.attempt}`;
    return c.method;
  });
}

function makePod(name: string, containers: Container[], extra: Partial<NonNullable<Pod['spec']>> = {}, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: NODE, containers, ...extra } };
}

const web = (extra: Partial<Container> = {}): Container => ({ name: 'web', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', ...extra });

function runningId(h: Harness, name: string): string {
  const c = [...h.runtime.calls].reverse().find((x) => x.method === 'startContainer' && h.runtime.containerConfig(x.args[0] as string)?.metadata.name === name);
  assert.ok(c, `no started container ${name}`);
  return c.args[0] as string;
}

test('PodSyncer runs a new pod: sandbox, pull, create, start in order, then status Running with the pod IP', async () => {
  const h = await harness({ pullDelayMs: 140 });
  try {
    h.transport.seed(resources.pods, makePod('web', [web({ env: [{ name: 'GREETING', value: 'hi' }], command: ['echo', '$(GREETING)'] })], { restartPolicy: 'Always' }, { labels: { app: 'web' } }));
    h.syncer.start();
    await h.flush(); // runs until the pull waits on the fake clock
    await h.advance(140); // the pull takes 140 ms
    assert.deepEqual(lifecycleCalls(h), ['runPodSandbox', 'pullImage', 'createContainer:web#0', 'startContainer']);

    const sbCall = h.runtime.calls.find((c) => c.method === 'runPodSandbox')!;
    const sb = sbCall.args[0] as import('../runtime/types.js').PodSandboxConfig;
    const pod = h.pod('web')!;
    assert.equal(sb.hostname, 'web');
    assert.equal(sb.logDirectory, `${h.root}/logs/default_web_${pod.metadata!.uid}`);
    assert.deepEqual(sb.dnsConfig?.searches, ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'example.test']);
    assert.deepEqual(sb.dnsConfig?.servers, ['10.43.0.10']);
    assert.equal(sb.labels?.['io.kubernetes.pod.uid'], pod.metadata!.uid);
    assert.equal(sb.labels?.app, 'web');

    const cc = h.runtime.containerConfig(runningId(h, 'web'))!;
    assert.equal(cc.logPath, 'web/0.log');
    assert.deepEqual(cc.command, ['echo', 'hi']);
    assert.ok(cc.envs?.some((e) => e.key === 'GREETING' && e.value === 'hi'));
    assert.equal(cc.labels?.['io.kubernetes.container.name'], 'web');
    assert.match(cc.annotations?.['io.kubernetes.container.hash'] ?? '', /^[0-9a-f]+$/);
    assert.equal(cc.annotations?.['io.kubernetes.container.restartCount'], '0');
    assert.deepEqual(cc.mounts?.map((m) => m.containerPath).sort(), ['/dev/termination-log', '/etc/hosts']);
    assert.equal(cc.linux?.securityContext?.namespaceOptions?.pid, 'CONTAINER');

    assert.equal(pod.status?.phase, 'Running');
    assert.match(pod.status?.podIP ?? '', /^10\.88\./);
    assert.equal(pod.status?.hostIP, '192.0.2.10');
    assert.equal(pod.status?.containerStatuses?.[0]?.ready, true);
    assert.ok(pod.status?.containerStatuses?.[0]?.state?.running);
    assert.equal(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');

    const msgs = h.events().map((e) => `${e.reason}: ${e.message}`);
    assert.deepEqual(msgs, [
      'Pulling: Pulling image "busybox:1.36"',
      'Pulled: Successfully pulled image "busybox:1.36" in 140ms (140ms including waiting). Image size: 1048576 bytes.',
      'Created: Created container web',
      'Started: Started container web',
    ]);
  } finally {
    await h.close();
  }
});

test('PodSyncer writes pods/status as a merge patch with the uid, and only when the status changed', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('web', [web()]));
    h.syncer.start();
    await h.flush();
    const patches = () => h.transport.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/pods/web/status'));
    assert.ok(patches().length >= 1);
    const last = patches().at(-1)! as { body?: unknown; contentType?: string };
    assert.equal((last as { contentType?: string }).contentType, 'application/merge-patch+json');
    const body = last.body as { metadata: { uid: string }; status: { phase: string } };
    assert.equal(body.metadata.uid, h.pod('web')!.metadata!.uid);
    assert.equal(body.status.phase, 'Running');
    const n = patches().length;
    await h.advance(10_000); // resync and relists: nothing changed
    assert.equal(patches().length, n);
    assert.equal(h.events().find((e) => e.reason === 'Pulled')?.message, 'Container image "busybox:1.36" already present on machine');
  } finally {
    await h.close();
  }
});

test('PodSyncer runs init containers one after another before the main container', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('init', [web()], {
      initContainers: [{ name: 'one', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }, { name: 'two', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
    }));
    h.syncer.start();
    await h.flush();
    assert.deepEqual(lifecycleCalls(h).filter((c) => c.startsWith('create')), ['createContainer:one#0']);
    assert.equal(h.pod('init')!.status?.phase, 'Pending');
    h.runtime.exitContainer(runningId(h, 'one'), 0);
    await h.advance(1000); // PLEG relist notices the exit
    assert.deepEqual(lifecycleCalls(h).filter((c) => c.startsWith('create')), ['createContainer:one#0', 'createContainer:two#0']);
    h.runtime.exitContainer(runningId(h, 'two'), 0);
    await h.advance(1000);
    assert.deepEqual(lifecycleCalls(h).filter((c) => c.startsWith('create')), ['createContainer:one#0', 'createContainer:two#0', 'createContainer:web#0']);
    const pod = h.pod('init')!;
    assert.equal(pod.status?.phase, 'Running');
    assert.equal(pod.status?.conditions?.find((c) => c.type === 'Initialized')?.status, 'True');
  } finally {
    await h.close();
  }
});

test('PodSyncer restarts a crashed container with CrashLoopBackOff (10 s, then 20 s)', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('crash', [web()]));
    h.syncer.start();
    await h.flush();
    h.runtime.exitContainer(runningId(h, 'web'), 1);
    await h.advance(1000);
    assert.deepEqual(lifecycleCalls(h).filter((c) => c.startsWith('create')), ['createContainer:web#0', 'createContainer:web#1']);
    h.runtime.exitContainer(runningId(h, 'web'), 1);
    await h.advance(1000);
    let pod = h.pod('crash')!;
    assert.equal(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.match(pod.status?.containerStatuses?.[0]?.state?.waiting?.message ?? '', /^back-off 10s restarting failed container=web pod=crash_default\(/);
    assert.equal(pod.status?.containerStatuses?.[0]?.restartCount, 1);
    assert.ok(h.events().some((e) => e.reason === 'BackOff' && e.type === 'Warning' && e.message === `Back-off restarting failed container web in pod crash_default(${pod.metadata!.uid})`));
    assert.equal(lifecycleCalls(h).filter((c) => c.startsWith('create')).length, 2);
    await h.advance(9000); // the back-off expires 10 s after the exit
    assert.deepEqual(lifecycleCalls(h).filter((c) => c.startsWith('create')).at(-1), 'createContainer:web#2');
    h.runtime.exitContainer(runningId(h, 'web'), 1);
    await h.advance(15_000);
    assert.equal(lifecycleCalls(h).filter((c) => c.startsWith('create')).length, 3, 'second back-off is 20 s');
    await h.advance(6000);
    assert.equal(lifecycleCalls(h).filter((c) => c.startsWith('create')).length, 4);
    pod = h.pod('crash')!;
    assert.equal(pod.status?.containerStatuses?.[0]?.restartCount, 3);
    assert.equal(pod.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);
    assert.equal((await h.runtime.listContainers()).length, 2, 'dead instances beyond the newest two are removed');
    await h.advance(10_000);
    assert.equal(h.pod('crash')!.status?.containerStatuses?.[0]?.restartCount, 3);
  } finally {
    await h.close();
  }
});

test('PodSyncer restarts a container whose liveness probe fails, with Unhealthy and Killing events', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.runtime.onExecSync = () => ({ stdout: Buffer.from('not ok'), stderr: Buffer.alloc(0), exitCode: 1 });
    h.transport.seed(resources.pods, makePod('live', [web({ livenessProbe: { exec: { command: ['check'] }, periodSeconds: 1, failureThreshold: 2 } })]));
    h.syncer.start();
    await h.flush();
    const first = runningId(h, 'web');
    await h.advance(1500); // probes at 0 s and 1 s fail: the second failure reaches the threshold
    assert.ok(h.runtime.calls.some((c) => c.method === 'execSync' && (c.args[1] as string[])[0] === 'check'));
    assert.notEqual(runningId(h, 'web'), first, 'a new instance was started');
    assert.ok(h.runtime.calls.some((c) => c.method === 'stopContainer' && c.args[0] === first));
    const events = h.events();
    assert.ok(events.some((e) => e.reason === 'Unhealthy' && e.type === 'Warning' && e.message === 'Liveness probe failed: not ok'));
    assert.ok(events.some((e) => e.reason === 'Killing' && e.message === 'Container web failed liveness probe, will be restarted'));
    assert.equal(h.pod('live')!.status?.containerStatuses?.[0]?.restartCount, 1);
  } finally {
    await h.close();
  }
});

test('PodSyncer keeps a pod not Ready while its readiness probe fails', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    let ok = false;
    h.runtime.onExecSync = () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: ok ? 0 : 1 });
    h.transport.seed(resources.pods, makePod('ready', [web({ readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 1 } })]));
    h.syncer.start();
    await h.flush();
    await h.advance(3000);
    assert.equal(h.pod('ready')!.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
    ok = true;
    await h.advance(1500);
    assert.equal(h.pod('ready')!.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  } finally {
    await h.close();
  }
});

test('PodSyncer deletes a pod gracefully: preStop, stop with the grace period, sandbox removed, then DELETE with the uid', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('gone', [web({ lifecycle: { preStop: { exec: { command: ['drain'] } } } })], { terminationGracePeriodSeconds: 45 }, { finalizers: ['test/hold'] }));
    h.syncer.start();
    await h.flush();
    const id = runningId(h, 'web');
    const uid = h.pod('gone')!.metadata!.uid!;
    const mark = h.runtime.calls.length;
    await h.client.resource(resources.pods).delete('default', 'gone'); // the finalizer keeps it, with deletionTimestamp
    await h.flush();
    assert.deepEqual(lifecycleCalls(h, mark), ['execSync', 'stopContainer', 'stopPodSandbox', 'removePodSandbox']);
    const stop = h.runtime.calls.slice(mark).find((c) => c.method === 'stopContainer')!;
    assert.deepEqual(stop.args, [id, 45]);
    assert.deepEqual(h.runtime.calls.slice(mark).find((c) => c.method === 'execSync')!.args.slice(0, 2), [id, ['drain']]);
    assert.equal((await h.runtime.listPodSandbox()).length, 0);
    const del = h.transport.requests.filter((r) => r.method === "DELETE" && r.path.endsWith("/pods/gone")).at(-1)! as { body?: unknown };
    assert.deepEqual((del.body as { gracePeriodSeconds: number; preconditions: unknown }).gracePeriodSeconds, 0);
    assert.deepEqual((del.body as { preconditions: unknown }).preconditions, { uid });
    const pod = h.pod('gone')!;
    assert.ok(['Succeeded', 'Failed'].includes(pod.status?.phase ?? ''), `terminal phase, got ${pod.status?.phase}`);
    assert.ok(pod.status?.containerStatuses?.[0]?.state?.terminated);
    assert.ok(h.events().some((e) => e.reason === 'Killing' && e.message === 'Stopping container web'));
  } finally {
    await h.close();
  }
});

test('PodSyncer adopts running containers after an agent restart without creating or starting anything', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('keep', [web()]));
    h.syncer.start();
    await h.flush();
    const id = runningId(h, 'web');
    const mark = h.runtime.calls.length;
    h.restart().start();
    await h.flush();
    await h.advance(12_000);
    assert.deepEqual(lifecycleCalls(h, mark), []);
    const pod = h.pod('keep')!;
    assert.equal(pod.status?.phase, 'Running');
    assert.equal(pod.status?.containerStatuses?.[0]?.containerID, `containerd://${id}`);
  } finally {
    await h.close();
  }
});

test('PodSyncer removes containers of pods the API server no longer has (orphans after a restart)', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('orphan', [web()]));
    h.transport.seed(resources.pods, makePod('stay', [web()]));
    h.syncer.start();
    await h.flush();
    h.syncer.stop();
    const orphanUid = h.pod('orphan')!.metadata!.uid!;
    await h.client.resource(resources.pods).delete('default', 'orphan'); // force-deleted while the agent was down
    const s = h.restart();
    s.start();
    await h.flush();
    const left = await h.runtime.listPodSandbox();
    assert.equal(left.length, 1);
    assert.notEqual(left[0]!.labels['io.kubernetes.pod.uid'], orphanUid);
    assert.equal(h.pod('stay')!.status?.phase, 'Running');
  } finally {
    await h.close();
  }
});

test('PodSyncer reports image pull failures with the kubelet events and backs off', async () => {
  const h = await harness({ pullAny: true });
  try {
    h.runtime.failPull('127.0.0.1:5000/app:v1', 'failed to resolve reference: not found', 2);
    h.transport.seed(resources.pods, makePod('pull', [{ name: 'app', image: '127.0.0.1:5000/app:v1' }]));
    h.syncer.start();
    await h.flush();
    let pod = h.pod('pull')!;
    const cs = () => h.pod('pull')!.status?.containerStatuses?.[0];
    // The first status written says why; the sync our own status write triggers already shows the back-off.
    const written = h.transport.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/pods/pull/status'))
      .map((r) => (r as { body?: { status?: Pod['status'] } }).body?.status?.containerStatuses?.[0]?.state?.waiting);
    const first = written.find((w) => w?.reason === 'ErrImagePull');
    assert.ok(first, JSON.stringify(written));
    assert.match(first.message ?? '', /^rpc error: code = Unknown desc = failed to pull and unpack image/);
    const msgs = () => h.events().map((e) => `${e.type} ${e.reason}: ${e.message}`);
    assert.ok(msgs().includes('Normal Pulling: Pulling image "127.0.0.1:5000/app:v1"'));
    assert.ok(msgs().some((m) => m.startsWith('Warning Failed: Failed to pull image "127.0.0.1:5000/app:v1": rpc error: code = Unknown desc = ')));
    assert.ok(msgs().includes('Warning Failed: Error: ErrImagePull'));
    await h.advance(5000);
    h.syncer.requestSync(pod.metadata!.uid!);
    await h.flush();
    assert.equal(cs()?.state?.waiting?.reason, 'ImagePullBackOff');
    assert.equal(cs()?.state?.waiting?.message, 'Back-off pulling image "127.0.0.1:5000/app:v1"');
    assert.ok(msgs().includes('Normal BackOff: Back-off pulling image "127.0.0.1:5000/app:v1"'));
    assert.ok(msgs().includes('Warning Failed: Error: ImagePullBackOff'));
    await h.advance(5000); // 10 s after the failure: second pull, fails, back-off 20 s
    assert.equal(h.runtime.calls.filter((c) => c.method === 'pullImage').length, 2);
    await h.advance(20_000);
    assert.equal(h.runtime.calls.filter((c) => c.method === 'pullImage').length, 3);
    pod = h.pod('pull')!;
    assert.equal(pod.status?.phase, 'Running');
  } finally {
    await h.close();
  }
});

test('PodSyncer: Never pull policy with a missing image reports ErrImageNeverPull', async () => {
  const h = await harness();
  try {
    h.transport.seed(resources.pods, makePod('never', [{ name: 'app', image: 'local/app:v1', imagePullPolicy: 'Never' }]));
    h.syncer.start();
    await h.flush();
    assert.equal(h.pod('never')!.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'ErrImageNeverPull');
    assert.ok(h.events().some((e) => e.reason === 'ErrImageNeverPull' && e.message === 'Container image "local/app:v1" is not present with pull policy of Never'));
    assert.equal(h.runtime.calls.filter((c) => c.method === 'pullImage').length, 0);
  } finally {
    await h.close();
  }
});

test('PodSyncer puts the termination message file content into the terminated state', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.transport.seed(resources.pods, makePod('msg', [web()], { restartPolicy: 'Never' }));
    h.syncer.start();
    await h.flush();
    const id = runningId(h, 'web');
    const host = h.runtime.containerConfig(id)!.mounts!.find((m) => m.containerPath === '/dev/termination-log')!.hostPath;
    await writeFile(host, 'bye now');
    h.runtime.exitContainer(id, 3);
    await h.advance(1000);
    const t = h.pod('msg')!.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(t?.exitCode, 3);
    assert.equal(t?.message, 'bye now');
    assert.equal(h.pod('msg')!.status?.phase, 'Failed');
    assert.equal(await readFile(host, 'utf8'), 'bye now');
  } finally {
    await h.close();
  }
});

test('PodSyncer: a failing postStart hook kills the container with FailedPostStartHook', async () => {
  const h = await harness({ images: ['busybox:1.36'] });
  try {
    h.runtime.onExecSync = (_id, cmd) => ({ stdout: Buffer.alloc(0), stderr: Buffer.from('boom'), exitCode: cmd[0] === 'setup' ? 2 : 0 });
    h.transport.seed(resources.pods, makePod('hook', [web({ lifecycle: { postStart: { exec: { command: ['setup'] } } } })]));
    h.syncer.start();
    await h.flush();
    const ev = h.events().find((e) => e.reason === 'FailedPostStartHook');
    assert.ok(ev);
    assert.match(ev.message ?? '', /^Exec lifecycle hook \(\[setup\]\) for Container "web" in Pod "hook_default\(.*\)" failed - error: command 'setup' exited with 2: boom, message: "boom"$/);
    assert.ok(h.runtime.calls.some((c) => c.method === 'stopContainer'));
  } finally {
    await h.close();
  }
});
