// Issue 4 on real containers, the parts the other agent tests do not reach: securityContext (runAsUser/Group,
// runAsNonRoot, readOnlyRootFilesystem, capabilities, privileged), emptyDir on tmpfs with a size limit, a restartable
// init container (sidecar) running beside the main container, postStart hooks, terminationMessagePath and
// resourceFieldRef env.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, kubectl, eventually, BUSYBOX, type Server } from './harness.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('node agent: security contexts, tmpfs, sidecars, hooks on real containers', { concurrency: true }, () => {
  let s: Server;
  const v = '1.33';
  const ok = async (args: string[], input?: string) => {
    const r = await kubectl(s, v, args, { input, timeoutMs: 90_000 });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const c = (name: string, command: string[], extra: Json = {}): Json => ({ name, image: BUSYBOX, imagePullPolicy: 'IfNotPresent', command, ...extra });
  const run = async (name: string, spec: Json) => {
    await ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 1, ...spec } }));
  };
  const ready = (name: string) => ok(['wait', `pod/${name}`, '--for=condition=Ready', '--timeout=90s']);
  const exec = async (pod: string, cmd: string[], container?: string) => {
    const r = await kubectl(s, v, ['exec', pod, ...(container ? ['-c', container] : []), '--', ...cmd]);
    return { code: r.code, out: r.stdout, err: r.stderr };
  };
  const pod = async (name: string): Promise<Json> => JSON.parse(await ok(['get', 'pod', name, '-o', 'json']));

  before(async () => { s = await startServer({ agent: true }); });
  after(async () => { await s?.stop(); });

  it('runAsUser/runAsGroup/supplementalGroups, readOnlyRootFilesystem, dropped capabilities', async () => {
    await run('sec', {
      securityContext: { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] },
      containers: [c('app', ['sleep', '3600'], {
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
      })],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    });
    await ready('sec');
    assert.equal((await exec('sec', ['id', '-u'])).out.trim(), '1000');
    assert.equal((await exec('sec', ['id', '-g'])).out.trim(), '3000');
    assert.match((await exec('sec', ['id', '-G'])).out, /\b4000\b/);
    const ro = await exec('sec', ['touch', '/rootfs-write']);
    assert.notEqual(ro.code, 0, 'the root filesystem is read-only');
    assert.match(ro.err, /Read-only file system/);
    assert.equal((await exec('sec', ['sh', '-c', 'touch /scratch/x && echo ok'])).out.trim(), 'ok', 'volumes stay writable');
    const status = (await exec('sec', ['cat', '/proc/self/status'])).out;
    assert.match(status, /^CapEff:\s+0000000000000000$/m, 'no effective capabilities');
    assert.match(status, /^NoNewPrivs:\s+1$/m);
  });

  it('runAsNonRoot with an image that runs as root: CreateContainerConfigError with the kubelet message', async () => {
    await run('nonroot', { securityContext: { runAsNonRoot: true }, containers: [c('app', ['sleep', '3600'])] });
    const w = await eventually(async () => (await pod('nonroot')).status?.containerStatuses?.[0]?.state?.waiting, 'a waiting reason', 60_000);
    assert.equal(w.reason, 'CreateContainerConfigError');
    assert.equal(w.message, 'container has runAsNonRoot and image will run as root (pod: "nonroot_default(' + (await pod('nonroot')).metadata.uid + ')", container: app)');
  });

  it('privileged containers get every capability; added capabilities show up', async () => {
    await run('priv', { containers: [c('p', ['sleep', '3600'], { securityContext: { privileged: true } }), c('n', ['sleep', '3600'], { securityContext: { capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } })] });
    await ready('priv');
    const capP = /^CapEff:\s+([0-9a-f]+)$/m.exec((await exec('priv', ['cat', '/proc/self/status'], 'p')).out)![1]!;
    const capN = /^CapEff:\s+([0-9a-f]+)$/m.exec((await exec('priv', ['cat', '/proc/self/status'], 'n')).out)![1]!;
    assert.ok(BigInt(`0x${capP}`) > BigInt(`0x${capN}`), `privileged ${capP} > ${capN}`);
    assert.equal(BigInt(`0x${capN}`), 1n << 12n, 'only CAP_NET_ADMIN (bit 12)');
  });

  it('emptyDir medium Memory is a tmpfs of the size limit', async () => {
    await run('mem', { containers: [c('app', ['sleep', '3600'], { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })], volumes: [{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }] });
    await ready('mem');
    const mounts = (await exec('mem', ['cat', '/proc/mounts'])).out;
    assert.match(mounts, /^tmpfs \/cache tmpfs [^ ]*size=16384k/m, mounts);
  });

  it('a restartable init container (sidecar) runs beside the main container, started first', async () => {
    await run('side', {
      initContainers: [c('log', ['sh', '-c', 'echo sidecar-up > /shared/up; sleep 3600'], { restartPolicy: 'Always', volumeMounts: [{ name: 'shared', mountPath: '/shared' }] })],
      containers: [c('app', ['sh', '-c', 'cat /shared/up; sleep 3600'], { volumeMounts: [{ name: 'shared', mountPath: '/shared' }] })],
      volumes: [{ name: 'shared', emptyDir: {} }],
    });
    await ready('side');
    const p = await pod('side');
    assert.equal(p.status.initContainerStatuses[0].name, 'log');
    assert.ok(p.status.initContainerStatuses[0].state.running, 'the sidecar keeps running');
    assert.equal(p.status.initContainerStatuses[0].started, true);
    assert.ok(p.status.containerStatuses[0].state.running);
    assert.equal(await ok(['logs', 'side', '-c', 'app']), 'sidecar-up\n');
    assert.match(await ok(['get', 'pod', 'side']), /side\s+2\/2\s+Running/);
  });

  it('postStart runs before the container counts as started; terminationMessagePath and resourceFieldRef env', async () => {
    await run('hooks', {
      restartPolicy: 'Never',
      containers: [c('app', ['sh', '-c', 'sleep 1; cat /tmp/poststart; echo "$MEM_LIMIT_MI" > /dev/termination-log; exit 4'], {
        lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo hook-ran > /tmp/poststart'] } } },
        resources: { limits: { memory: '64Mi', cpu: '200m' } },
        env: [{ name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }],
      })],
    });
    const t = await eventually(async () => (await pod('hooks')).status?.containerStatuses?.[0]?.state?.terminated, 'the container to finish', 60_000);
    assert.equal(t.exitCode, 4);
    assert.equal(t.reason, 'Error');
    assert.equal(t.message, '64\n');
    assert.equal(await ok(['logs', 'hooks']), 'hook-ran\n');
    assert.equal((await pod('hooks')).status.phase, 'Failed');
  });
});
