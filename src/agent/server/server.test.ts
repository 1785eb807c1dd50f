// The agent endpoint end to end, in process: FakeRuntime whose exec/attach URLs point at a test streaming server
// (src/streaming's acceptRemoteCommand), driven by our own WebSocket v5 and SPDY clients over mutual TLS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { FakeClock } from '../../machinery/clock.js';
import { createCA, issueClientCert, issueServingCert, type CertKeyPair } from '../../pki/certs.js';
import { acceptRemoteCommand, dialPortForward, dialRemoteCommand, UpgradeFailure } from '../../streaming/index.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from '../kubelet/cri.js';
import { formatCriLogLine } from '../logs/index.js';
import { FakeRuntime } from '../runtime/fake.js';
import type { ExecRequest, PodSandboxConfig } from '../runtime/types.js';
import type { HostStats } from './host-stats.js';
import { startKubeletServer, type KubeletServer } from './server.js';
import { LABEL_POD_NAME, LABEL_POD_NAMESPACE } from './summary.js';
import type { PodTarget } from './types.js';

const IMAGE = 'docker.io/library/busybox:1.36';

function collect(r: Readable | null): Promise<string> {
  if (!r) return Promise.resolve('');
  return new Promise((resolve) => { let s = ''; r.on('data', (c: Buffer) => { s += c.toString(); }); r.on('end', () => resolve(s)); r.on('close', () => resolve(s)); });
}

/** A stand-in for containerd's streaming server: `cat` echoes stdin until EOF, `exit N` exits N. */
async function startFakeStreamingServer(requests: Map<string, ExecRequest>) {
  const server = http.createServer((_q, s) => { s.statusCode = 404; s.end(); });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const token = new URL(req.url!, 'http://x').pathname.split('/').pop()!;
      const r = requests.get(token)!;
      requests.delete(token);
      const streams = await acceptRemoteCommand(req, socket, head, { stdin: !!r.stdin, stdout: !!r.stdout, stderr: !!r.stderr, tty: !!r.tty });
      const cmd = r.cmd ?? ['attach'];
      // A real process takes a while to start; finishing in the same tick as the accept races the client's stream setup
      // in src/streaming's SPDY client (reported).
      if (cmd[0] === 'exit') { await new Promise((r) => setTimeout(r, 5)); return streams.finish({ exitCode: Number(cmd[1]) }); }
      const input: Buffer[] = [];
      if (streams.stdin) for await (const c of streams.stdin) input.push(c as Buffer);
      streams.stdout?.write(Buffer.concat(input));
      streams.stderr?.write(`${cmd[0]} done\n`);
      await streams.finish({ exitCode: 0 });
    })().catch(() => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` };
}

describe('kubelet server', () => {
  let ca: CertKeyPair, client: CertKeyPair, stranger: CertKeyPair;
  let rt: FakeRuntime;
  let clock: FakeClock;
  let kubelet: KubeletServer;
  let base: string;
  let logsDir: string;
  let containerId: string;
  let stopped: string;
  let stream: Awaited<ReturnType<typeof startFakeStreamingServer>>;
  let echo: net.Server;
  const targets = new Map<string, PodTarget>();
  const tlsOpts = () => ({ ca: ca.certPem, cert: client.certPem, key: client.keyPem });
  const host: HostStats = {
    cpuUsageCoreNanoSeconds: 5e9, bootTimeMs: Date.UTC(2024, 0, 1),
    memory: { capacityBytes: 8e9, usageBytes: 3e9, workingSetBytes: 2e9, availableBytes: 6e9, rssBytes: 1e9, pageFaults: 10, majorPageFaults: 1 },
  };

  before(async () => {
    const now = Date.now();
    ca = await createCA('test-ca', { now, days: 1 });
    client = await issueClientCert(ca, { cn: 'kube-apiserver-kubelet-client', orgs: ['system:masters'], now, days: 1 });
    stranger = await issueClientCert(ca, { cn: 'someone', orgs: ['dev'], now, days: 1 });
    const serving = await issueServingCert(ca, { cn: 'node1', dns: ['localhost'], ips: ['127.0.0.1'], now, days: 1 });
    logsDir = mkdtempSync(join(tmpdir(), 'skiff-kubelet-'));
    clock = new FakeClock(Date.UTC(2024, 5, 1));
    rt = new FakeRuntime({ clock, images: [IMAGE] });
    const requests = new Map<string, ExecRequest>();
    stream = await startFakeStreamingServer(requests);
    let seq = 0;
    const toUrl = (r: ExecRequest) => { const t = `t${++seq}`; requests.set(t, r); return { url: `${stream.base}/exec/${t}` }; };
    rt.exec = async (r) => toUrl(r);
    rt.attach = async (r) => toUrl({ ...r, cmd: ['attach'] });

    const sc: PodSandboxConfig = {
      metadata: { name: 'web', uid: 'uid-web', namespace: 'default', attempt: 0 }, hostname: 'web',
      logDirectory: join(logsDir, 'default_web_uid-web'), labels: { [LABEL_POD_UID]: 'uid-web' },
    };
    const sandboxId = await rt.runPodSandbox(sc);
    const mk = async (name: string, attempt: number) => rt.createContainer(sandboxId, {
      metadata: { name, attempt }, image: { image: IMAGE }, logPath: `${name}/${attempt}.log`,
      labels: { [LABEL_POD_UID]: 'uid-web', [LABEL_CONTAINER_NAME]: name, [LABEL_POD_NAME]: 'web', [LABEL_POD_NAMESPACE]: 'default' },
    }, sc);
    const first = await mk('main', 0);
    await rt.startContainer(first);
    rt.exitContainer(first, 1);
    containerId = await mk('main', 1);
    await rt.startContainer(containerId);
    stopped = await mk('side', 0);
    await rt.startContainer(stopped);
    rt.exitContainer(stopped, 0);
    mkdirSync(join(logsDir, 'default_web_uid-web/main'), { recursive: true });
    writeFileSync(join(logsDir, 'default_web_uid-web/main/0.log'), formatCriLogLine('2024-06-01T00:00:00Z', 'stdout', 'from attempt 0'));
    writeFileSync(join(logsDir, 'default_web_uid-web/main/1.log'), ['a', 'b', 'c'].map((x) => formatCriLogLine('2024-06-01T00:00:01.5Z', 'stdout', x)).join(''));
    rt.setUsage(containerId, { cpuCoreNanoSeconds: 1e9, memoryWorkingSetBytes: 4096 });

    echo = net.createServer((c) => c.pipe(c));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    targets.set('default/web/main', { podUid: 'uid-web', podIP: '127.0.0.1', hostNetwork: false, containerId, sandboxId });
    targets.set('default/web/side', { podUid: 'uid-web', podIP: '127.0.0.1', hostNetwork: false, containerId: stopped, sandboxId });
    targets.set('default/web/', { podUid: 'uid-web', podIP: '127.0.0.1', hostNetwork: false, sandboxId });

    kubelet = await startKubeletServer({
      port: 0, host: '127.0.0.1', tls: { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem }, runtime: rt,
      resolve: (ns, pod, c) => targets.get(`${ns}/${pod}/${c ?? ''}`) ?? (targets.has(`${ns}/${pod}/main`) && c ? { podUid: 'uid-web', podIP: '127.0.0.1', hostNetwork: false } : undefined),
      logsDir, clock, hostStats: async () => host, nodeName: 'node1', logPollMs: 20,
    });
    base = `https://127.0.0.1:${kubelet.port}`;
  });
  after(async () => {
    await kubelet.close();
    stream.server.closeAllConnections();
    stream.server.close();
    echo.close();
    rmSync(logsDir, { recursive: true, force: true });
  });

  function get(path: string, cert: CertKeyPair | null = client): Promise<{ status: number; body: string; type?: string }> {
    return new Promise((resolve, reject) => {
      https.get(`${base}${path}`, { ca: ca.certPem, ...(cert ? { cert: cert.certPem, key: cert.keyPem } : {}) }, (res) => {
        void collect(res).then((body) => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
      }).on('error', reject);
    });
  }

  for (const transport of ['websocket', 'spdy'] as const) {
    it(`exec over ${transport}: stdin EOF reaches the runtime through SPDY, output and exit code come back`, async () => {
      const c = await dialRemoteCommand(`${base}/exec/default/web/main?command=cat&stdin=true&stdout=true&stderr=1`, {
        transport, stdin: true, stdout: true, stderr: true, tty: false, tls: tlsOpts(),
      });
      assert.equal(c.protocol, 'v5.channel.k8s.io');
      const out = collect(c.stdout);
      const err = collect(c.stderr);
      c.stdin!.end('hello through two hops');
      assert.deepEqual(await c.result, { exitCode: 0, status: { metadata: {}, status: 'Success' } });
      assert.equal(await out, 'hello through two hops');
      assert.equal(await err, 'cat done\n');
    });
  }

  it('exec reports a non-zero exit code with the kubelet Status', async () => {
    const c = await dialRemoteCommand(`${base}/exec/default/web/main?command=exit&command=3&stdout=1`, { transport: 'websocket', stdin: false, stdout: true, stderr: false, tty: false, tls: tlsOpts() });
    const r = await c.result;
    assert.equal((r as { exitCode: number }).exitCode, 3);
  });

  it('attach bridges like exec', async () => {
    const c = await dialRemoteCommand(`${base}/attach/default/web/main?stdin=1&stdout=1`, { transport: 'spdy', stdin: true, stdout: true, stderr: false, tty: false, tls: tlsOpts() });
    const out = collect(c.stdout);
    c.stdin!.end('attached');
    await c.result;
    assert.equal(await out, 'attached');
  });

  it('refuses exec into a missing pod or a container that is not running, as kubectl prints it', async () => {
    const fail = (path: string) => dialRemoteCommand(`${base}${path}`, { transport: 'spdy', stdin: false, stdout: true, stderr: false, tty: false, tls: tlsOpts() })
      .then(() => assert.fail('expected refusal'), (e: unknown) => e as UpgradeFailure);
    const stoppedErr = await fail('/exec/default/web/side?command=ls&stdout=1');
    assert.equal(stoppedErr.statusCode, 500);
    assert.equal(JSON.parse(stoppedErr.body).message, 'unable to upgrade connection: container not found ("side")');
    const missing = await fail('/exec/default/nope/main?command=ls&stdout=1');
    assert.equal(missing.statusCode, 404);
    assert.equal(JSON.parse(missing.body).message, 'unable to upgrade connection: pod does not exist');
    const noCommand = await fail('/exec/default/web/main?stdout=1');
    assert.equal(noCommand.statusCode, 400);
  });

  it('port-forwards to podIP:port and reports a refused port on the error stream', async () => {
    const pf = await dialPortForward(`${base}/portForward/default/web`, { transport: 'spdy', tls: tlsOpts() });
    const { data, error } = await pf.open((echo.address() as net.AddressInfo).port);
    const got = new Promise<string>((r) => data.once('data', (c: Buffer) => r(c.toString())));
    data.write('ping');
    assert.equal(await got, 'ping');
    data.end();
    assert.equal(await error, null);
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await pf.open(deadPort);
    refused.data.resume();
    assert.match((await refused.error)!, new RegExp(`^error forwarding port ${deadPort} to pod .+, uid : failed to connect to 127\\.0\\.0\\.1:${deadPort}: connect: connection refused$`));
    pf.close();
  });

  it('containerLogs serves the current attempt, tail, timestamps and previous', async () => {
    const all = await get('/containerLogs/default/web/main');
    assert.equal(all.status, 200);
    assert.equal(all.type, 'text/plain');
    assert.equal(all.body, 'a\nb\nc\n');
    assert.equal((await get('/containerLogs/default/web/main?tailLines=1&timestamps=true')).body, '2024-06-01T00:00:01.5Z c\n');
    assert.equal((await get('/containerLogs/default/web/main?previous=true')).body, 'from attempt 0\n');
    assert.equal((await get('/containerLogs/default/web/main?sinceTime=2024-06-01T00:00:01Z&limitBytes=3')).body, 'a\nb');
    const noPrev = await get('/containerLogs/default/web/side?previous=true');
    assert.equal(noPrev.status, 400);
    assert.equal(JSON.parse(noPrev.body).message, 'previous terminated container "side" in pod "web" not found');
    assert.equal((await get('/containerLogs/default/web/main?tailLines=x')).status, 400);
  });

  it('containerLogs follow streams appended lines and ends when the container exits', async () => {
    const path = join(logsDir, 'default_web_uid-web/side/0.log');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, formatCriLogLine('2024-06-01T00:00:00Z', 'stdout', 'one'));
    // A running container to follow: restart "side" as attempt 1 would need a new id; use a fresh container.
    const sandboxId = targets.get('default/web/side')!.sandboxId!;
    const sc: PodSandboxConfig = { metadata: { name: 'web', uid: 'uid-web', namespace: 'default', attempt: 0 }, hostname: 'web', logDirectory: join(logsDir, 'default_web_uid-web') };
    const id = await rt.createContainer(sandboxId, { metadata: { name: 'tail', attempt: 0 }, image: { image: IMAGE }, logPath: 'side/0.log', labels: { [LABEL_POD_UID]: 'uid-web', [LABEL_CONTAINER_NAME]: 'tail' } }, sc);
    await rt.startContainer(id);
    targets.set('default/web/tail', { podUid: 'uid-web', podIP: '127.0.0.1', hostNetwork: false, containerId: id, sandboxId });
    const body = await new Promise<string>((resolve, reject) => {
      https.get(`${base}/containerLogs/default/web/tail?follow=true`, { ...tlsOpts() }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text === 'one\n') appendFileSync(path, formatCriLogLine('2024-06-01T00:00:02Z', 'stdout', 'two'));
          if (text === 'one\ntwo\n') rt.exitContainer(id, 0);
        });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(body, 'one\ntwo\n');
  });

  it('stats/summary has the Summary API shape with usageNanoCores from two samples', async () => {
    await get('/stats/summary'); // a first sample (the server also takes one at start)
    clock.advance(2000);
    rt.setUsage(containerId, { cpuCoreNanoSeconds: 2e9, memoryWorkingSetBytes: 8192 });
    host.cpuUsageCoreNanoSeconds += 4e9;
    const res = await get('/stats/summary');
    assert.equal(res.status, 200);
    const s = JSON.parse(res.body);
    assert.equal(s.node.nodeName, 'node1');
    assert.equal(s.node.startTime, '2024-01-01T00:00:00Z');
    assert.equal(s.node.cpu.usageNanoCores, 2e9);
    assert.equal(s.node.memory.workingSetBytes, 2e9);
    const pod = s.pods.find((p: { podRef: { uid: string } }) => p.podRef.uid === 'uid-web');
    assert.deepEqual(pod.podRef, { name: 'web', namespace: 'default', uid: 'uid-web' });
    const main = pod.containers.find((c: { name: string }) => c.name === 'main');
    assert.equal(main.cpu.usageCoreNanoSeconds, 2e9);
    assert.equal(main.cpu.usageNanoCores, 5e8);
    assert.equal(main.memory.workingSetBytes, 8192);
    assert.equal(pod.memory.workingSetBytes >= 8192, true);
  });

  it('requires a client certificate the CA signed and the authorizer accepts', async () => {
    assert.equal((await get('/healthz', null)).body, 'ok');
    const anon = await get('/stats/summary', null);
    assert.equal(anon.status, 401);
    assert.equal(JSON.parse(anon.body).reason, 'Unauthorized');
    const other = await get('/stats/summary', stranger);
    assert.equal(other.status, 403);
    assert.match(JSON.parse(other.body).message, /^Forbidden \(user=someone, verb=get, resource=nodes, subresource\(s\)=\[proxy\]\)$/);
    const selfSigned = await createCA('rogue', { now: Date.now(), days: 1 });
    const rogue = await issueClientCert(selfSigned, { cn: 'kube-apiserver-kubelet-client', orgs: ['system:masters'], now: Date.now(), days: 1 });
    assert.equal((await get('/stats/summary', rogue)).status, 401);
    const up = await dialRemoteCommand(`${base}/exec/default/web/main?command=ls&stdout=1`, { transport: 'spdy', stdin: false, stdout: true, stderr: false, tty: false, tls: { ca: ca.certPem } })
      .then(() => 0, (e: UpgradeFailure) => e.statusCode);
    assert.equal(up, 401);
    assert.equal((await get('/nothing')).status, 404);
  });
});
