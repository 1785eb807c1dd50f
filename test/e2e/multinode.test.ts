// Acceptance of issue 4, point 9: a second node. `skiff agent` runs in a network namespace of its own (its own
// containerd, CNI bridge and kubelet port 10250), joins the server with the token over a veth pair, and the pods
// scheduled there run, stream logs and exec through the API server, and are reachable from the host and from a pod
// on the first node through a host-gw route to node-2's pod CIDR.
//
//   host netns                                        netns skn<hex> ("node-2")
//   skiff server + embedded agent (node 1)            skiff agent --node-name node-2
//   --bind-address/--node-ip 10.A.B.C+1  ── skv<hex> ═══ skw<hex> ──  --node-ip 10.A.B.C+2, kubelet :10250
//   bridge skt<hex> (pod CIDR 1)                       bridge skt<hex'> (pod CIDR 2)
//   route <pod CIDR 2> via 10.A.B.C+2 proto 83  (host-gw, added by node 1's RouteController)
//
// The agent is started with `nsenter --net=` and not `ip netns exec`: the latter remounts /sys, which detaches the
// cgroup v1 hierarchies under /sys/fs/cgroup, and runc then cannot create containers.
// Everything created is named by a random hex id and removed by that exact name.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startServer, kubectl, testImages, BUSYBOX, KUBECTL_VERSIONS, REPO, type Server, type AgentSetup, eventually } from './harness.js';
import { cidrContains, parseCIDR } from '../../src/machinery/cidr.js';
import { ROUTE_PROTO, type PodRoute } from '../../src/agent/network/routes.js';

const BIN = join(REPO, 'bin', 'skiff.js');
const skip = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/bin/containerd') ? 'needs containerd' : false;
const NODE2 = 'node-2';

type S = Server & { agent?: AgentSetup };

async function ok(s: Server, v: string, args: string[], input?: string): Promise<string> {
  const r = await kubectl(s, v, args, { input });
  assert.equal(r.code, 0, `kubectl ${v} ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Runs a command without stdin (the harness's `run` writes stdin, which fails with EPIPE on commands that exit at once). */
function exec(cmd: string, args: string[], timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      res({ code, stdout, stderr });
    });
  });
}

async function sh(cmd: string, args: string[]): Promise<string> {
  const r = await exec(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** GET http://host:port/ from the test process: status and body. */
function httpGet(host: string, port: number, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host, port, path: '/', method: 'GET', timeout: timeoutMs }, (r) => {
      let body = '';
      r.on('data', (d) => { body += d; });
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET http://${host}:${port}/ timed out`)));
    req.on('error', rej);
    req.end();
  });
}

/** The host's routes for `cidr` carrying our protocol. */
async function productRoute(cidr: string): Promise<string | undefined> {
  const out = await sh('ip', ['-4', 'route', 'show', 'exact', cidr, 'proto', String(ROUTE_PROTO)]);
  return out.trim() || undefined;
}

interface Net { ns: string; hostIf: string; nsIf: string; hostIP: string; nodeIP: string }

/** A netns and a veth pair with a /30 between the host and it (10.200-249.x.y, apart from the harness's pod CIDRs). */
async function createNet(): Promise<Net> {
  const id = randomBytes(3).toString('hex');
  const base = `10.${randomInt(200, 250)}.${randomInt(0, 256)}.${4 * randomInt(0, 64)}`.split('.').map(Number);
  const ip = (k: number) => `${base[0]}.${base[1]}.${base[2]}.${base[3]! + k}`;
  const net: Net = { ns: `skn${id}`, hostIf: `skv${id}`, nsIf: `skw${id}`, hostIP: ip(1), nodeIP: ip(2) };
  await sh('ip', ['netns', 'add', net.ns]);
  await sh('ip', ['link', 'add', net.hostIf, 'type', 'veth', 'peer', 'name', net.nsIf]);
  await sh('ip', ['link', 'set', net.nsIf, 'netns', net.ns]);
  await sh('ip', ['addr', 'add', `${net.hostIP}/30`, 'dev', net.hostIf]);
  await sh('ip', ['link', 'set', net.hostIf, 'up']);
  await sh('ip', ['-n', net.ns, 'addr', 'add', `${net.nodeIP}/30`, 'dev', net.nsIf]);
  await sh('ip', ['-n', net.ns, 'link', 'set', net.nsIf, 'up']);
  await sh('ip', ['-n', net.ns, 'link', 'set', 'lo', 'up']);
  return net;
}

async function deleteNet(net: Net): Promise<void> {
  await exec('ip', ['netns', 'delete', net.ns]);
  await exec('ip', ['link', 'delete', 'dev', net.hostIf]); // usually gone with its peer already
}

/** The second node: `skiff agent` inside the netns, with its own data dir, bridge and log dir. */
interface Agent2 { proc: ChildProcess; dir: string; logDir: string; bridge: string; out(): string; stop(): Promise<void> }

function startAgent2(net: Net, server: string, token: string, dir: string): Agent2 {
  const bridge = `skt${randomBytes(3).toString('hex')}`;
  const logDir = join(dir, 'logs');
  const proc = spawn('nsenter', [`--net=/var/run/netns/${net.ns}`, process.execPath, BIN, 'agent', '--server', server, '--token', token,
    '--data-dir', dir, '--node-name', NODE2, '--node-ip', net.nodeIP, '--kubelet-port', '10250', '--cni-bridge', bridge, '--pod-log-dir', logDir],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  let exited = false;
  proc.once('exit', () => { exited = true; });
  return {
    proc, dir, logDir, bridge, out: () => out,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(t);
    },
  };
}

const podOn = (name: string, node: string, command: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'multinode' } },
  spec: {
    nodeSelector: { 'kubernetes.io/hostname': node },
    terminationGracePeriodSeconds: 1,
    containers: [{
      name: 'main', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', command],
      env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    }],
  },
});

describe('multinode: a second node in its own network namespace', { skip }, () => {
  let s: S;
  let net: Net | undefined;
  let a2: Agent2 | undefined;
  let node1 = '';
  let node2: any;
  let web: any;
  const addedRoutes: PodRoute[] = [];
  const v0 = KUBECTL_VERSIONS[KUBECTL_VERSIONS.length - 1]!;

  before(async () => {
    net = await createNet();
    const images = await testImages();
    // node 1 (embedded) listens and advertises on the veth address, the only host address node-2 can reach
    s = await startServer({ agent: true, args: ['--bind-address', net.hostIP, '--node-ip', net.hostIP] });
    node1 = JSON.parse(await ok(s, v0, ['get', 'nodes', '-o', 'json'])).items[0].metadata.name;
    const token = readFileSync(join(s.dataDir, 'server', 'token'), 'utf8').trim();
    const dir = mkdtempSync(join(tmpdir(), 'skiff-e2e-node2-'));
    mkdirSync(join(dir, 'agent', 'images'), { recursive: true });
    copyFileSync(images.busybox, join(dir, 'agent', 'images', 'busybox.tar'));
    a2 = startAgent2(net, `https://${net.hostIP}:${s.port}`, token, dir);
    const r = await kubectl(s, v0, ['wait', '--for=condition=Ready', `node/${NODE2}`, '--timeout=90s']);
    if (r.code !== 0) {
      // `kubectl wait` on a node that does not exist yet fails at once: wait for it to register, then again
      const deadline = Date.now() + 90_000;
      while ((await kubectl(s, v0, ['get', 'node', NODE2])).code !== 0) {
        if (Date.now() > deadline || a2.proc.exitCode !== null) throw new Error(`node-2 did not register:\n${a2.out()}`);
        await new Promise((res) => setTimeout(res, 200));
      }
      await ok(s, v0, ['wait', '--for=condition=Ready', `node/${NODE2}`, '--timeout=90s']);
    }
    node2 = JSON.parse(await ok(s, v0, ['get', 'node', NODE2, '-o', 'json']));
  });

  after(async () => {
    const problems: string[] = [];
    try { await a2?.stop(); } catch (e) { problems.push(`stop agent: ${(e as Error).message}`); }
    if (a2 && net) {
      // inside the netns, so that the bridge it deletes is node-2's
      const r = await exec('nsenter', [`--net=/var/run/netns/${net.ns}`, process.execPath, BIN, 'killall', '--data-dir', a2.dir, '--pod-log-dir', a2.logDir], 120_000);
      if (r.code !== 0) problems.push(`killall node-2: ${r.stderr}`);
    }
    try { await s?.stop(); } catch (e) { problems.push(`stop server: ${(e as Error).message}`); }
    for (const rt of addedRoutes) await exec('ip', ['-4', 'route', 'del', rt.cidr, 'via', rt.via, 'proto', String(ROUTE_PROTO)]);
    if (net) await deleteNet(net);
    if (a2) rmSync(a2.dir, { recursive: true, force: true });
    if (net && (await exec('ip', ['link', 'show', 'dev', net.hostIf])).code === 0) problems.push(`${net.hostIf} still exists`);
    if (net && (await exec('ip', ['netns', 'list'])).stdout.split('\n').some((l) => l.split(' ')[0] === net!.ns)) problems.push(`netns ${net.ns} still exists`);
    if (node2 && (await exec('ip', ['-4', 'route', 'show', 'exact', node2.spec.podCIDR])).stdout.trim()) problems.push(`a route to ${node2.spec.podCIDR} is left`);
    if (problems.length) throw new Error(problems.join('\n'));
  });

  it('node-2 registers through the veth with its InternalIP, a pod CIDR of the cluster range, and the kubelet port', () => {
    assert.deepEqual(node2.status.addresses.filter((x: any) => x.type === 'InternalIP'), [{ type: 'InternalIP', address: net!.nodeIP }]);
    const cidr = node2.spec.podCIDR as string;
    assert.match(cidr, /^\d+\.\d+\.\d+\.\d+\/24$/);
    assert.ok(cidrContains(parseCIDR(s.agent!.clusterCIDR), cidr.split('/')[0]!), `${cidr} inside ${s.agent!.clusterCIDR}`);
    assert.equal(node2.status.daemonEndpoints.kubeletEndpoint.Port, 10250);
    assert.ok(a2!.out().includes(`pod network ${cidr} on bridge ${a2!.bridge}`), a2!.out());
  });

  it('a pod selected onto node-2 runs there with an IP of node-2\'s pod CIDR', async () => {
    await ok(s, v0, ['apply', '-f', '-'], stringify(podOn('web2', NODE2,
      'mkdir -p /www && echo "hello from $NODE_NAME" > /www/index.html && echo "serving on $NODE_NAME" && exec httpd -f -p 8080 -h /www')));
    await ok(s, v0, ['wait', '--for=condition=Ready', 'pod/web2', '--timeout=90s']);
    web = JSON.parse(await ok(s, v0, ['get', 'pod', 'web2', '-o', 'json']));
    assert.equal(web.spec.nodeName, NODE2);
    assert.equal(web.status.phase, 'Running');
    assert.equal(web.status.hostIP, net!.nodeIP);
    assert.ok(cidrContains(parseCIDR(node2.spec.podCIDR), web.status.podIP), `${web.status.podIP} inside ${node2.spec.podCIDR}`);
    // the container runs under node-2's containerd, in node-2's netns
    const inNs = await sh('ip', ['-n', net!.ns, '-br', 'link', 'show', 'dev', a2!.bridge]);
    assert.match(inNs, new RegExp(`^${a2!.bridge}\\s+UP`));
  });

  for (const v of KUBECTL_VERSIONS) {
    it(`kubectl ${v}: logs and exec on the node-2 pod go through the API server to node-2's agent`, async () => {
      assert.ok(web, 'the pod runs');
      assert.equal((await ok(s, v, ['logs', 'web2'])).trim(), `serving on ${NODE2}`);
      assert.equal(await ok(s, v, ['exec', 'web2', '--', 'cat', '/www/index.html']), `hello from ${NODE2}\n`);
      assert.equal(await ok(s, v, ['exec', '-i', 'web2', '--', 'cat'], 'hi\n'), 'hi\n');
      const r = await kubectl(s, v, ['exec', 'web2', '--', 'sh', '-c', 'exit 3']);
      assert.equal(r.code, 3, r.stderr);
    });
  }

  it('node 1\'s agent routes node-2\'s pod CIDR via node-2\'s InternalIP (host-gw)', async () => {
    assert.ok(web, 'the pod runs');
    const line = await eventually(() => productRoute(node2.spec.podCIDR), `node 1's route to ${node2.spec.podCIDR}`);
    assert.ok(line?.includes(`via ${net!.nodeIP} dev ${net!.hostIf}`), `host route to ${node2.spec.podCIDR}: ${line ?? 'none'}`);
    // and node-2's agent routes node 1's pod CIDR back via node 1's InternalIP, inside its namespace
    const n1 = JSON.parse(await ok(s, v0, ['get', 'node', node1, '-o', 'json']));
    const back = await sh('ip', ['-n', net!.ns, '-4', 'route', 'show', 'exact', n1.spec.podCIDR, 'proto', String(ROUTE_PROTO)]);
    assert.ok(back.includes(`via ${net!.hostIP} dev ${net!.nsIf}`), `node-2 route to ${n1.spec.podCIDR}: ${back || 'none'}`);
  });

  it('the node-2 pod answers HTTP from the host', async () => {
    assert.ok(web, 'the pod runs');
    assert.ok(await productRoute(node2.spec.podCIDR), 'the agent routes the pod CIDR');
    const res = await httpGet(web.status.podIP, 8080);
    assert.equal(res.status, 200);
    assert.equal(res.body, `hello from ${NODE2}\n`);
  });

  it('a pod on node 1 reaches the node-2 pod (busybox nc)', async () => {
    assert.ok(web, 'the pod runs');
    await ok(s, v0, ['apply', '-f', '-'], stringify(podOn('client1', node1, 'exec sleep 3600')));
    await ok(s, v0, ['wait', '--for=condition=Ready', 'pod/client1', '--timeout=90s']);
    const c = JSON.parse(await ok(s, v0, ['get', 'pod', 'client1', '-o', 'json']));
    assert.equal(c.spec.nodeName, node1);
    assert.ok(!cidrContains(parseCIDR(node2.spec.podCIDR), c.status.podIP), 'the client is on the other pod network');
    const out = await ok(s, v0, ['exec', 'client1', '--', 'sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${web.status.podIP} 8080`]);
    assert.match(out, /^HTTP\/1\.[01] 200/);
    assert.ok(out.endsWith(`hello from ${NODE2}\n`), out);
  });
});
