// Acceptance of issue 4 (the node agent), points 1, 6 and 7, on real containers: a real `skiff server` with its
// embedded agent (containerd, CNI), driven by kubectl 1.27 (SPDY) and 1.33 (WebSocket v5).
//   1. a pod runs and serves; logs -f, exec (tty, stdin EOF, exit code), cp both ways, port-forward, attach
//   6. graceful deletion: TERM, preStop, KILL after the grace period, the object goes only after its containers
//   7. kill -9 of the server (agent embedded): containers keep serving, are adopted unchanged on restart
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  startServer, kubectl, kubectlPath, killallAgent, run, eventually, BUSYBOX, KUBECTL_VERSIONS, type Server, type AgentSetup,
} from './harness.js';
import { stateDirFor } from '../../src/agent/agent.js';

type S = Server & { agent?: AgentSetup };

async function ok(s: Server, v: string, args: string[], input?: string): Promise<string> {
  const r = await kubectl(s, v, args, { input });
  assert.equal(r.code, 0, `kubectl ${v} ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

const apply = (s: Server, v: string, doc: object) => ok(s, v, ['apply', '-f', '-'], stringify(doc));

async function pod(s: Server, v: string, name: string): Promise<any> {
  return JSON.parse(await ok(s, v, ['get', 'pod', name, '-o', 'json']));
}

const waitRunning = (s: Server, v: string, name: string) =>
  ok(s, v, ['wait', '--for=jsonpath={.status.phase}=Running', `pod/${name}`, '--timeout=90s']);

/** GET http://host:port/ from the test process; resolves to the HTTP status (any status proves the server answers). */
function httpGet(host: string, port: number, timeoutMs = 3000): Promise<number> {
  return new Promise((res, rej) => {
    const req = request({ host, port, path: '/', method: 'GET', timeout: timeoutMs }, (r) => { r.resume(); r.on('end', () => res(r.statusCode ?? 0)); });
    req.on('timeout', () => req.destroy(new Error(`GET http://${host}:${port}/ timed out`)));
    req.on('error', rej);
    req.end();
  });
}

/** A long-running kubectl (logs -f, attach, port-forward): its output so far, and a way to end it. */
interface Streaming { proc: ChildProcess; out(): string; err(): string; stop(): Promise<void> }

function streaming(s: Server, v: string, args: string[]): Streaming {
  const home = join(s.dataDir, `home-${v}`);
  mkdirSync(home, { recursive: true });
  const proc = spawn(kubectlPath(v), ['--kubeconfig', s.kubeconfig, ...args], { env: { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = ''; let err = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { err += d; });
  let exited = proc.exitCode !== null;
  proc.once('exit', () => { exited = true; });
  return {
    proc, out: () => out, err: () => err,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await done;
    },
  };
}

/** Resolves once `probe(output)` holds, polling the process's output (bounded). */
async function until(st: Streaming, probe: (out: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!probe(st.out())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout (end):\n${st.out().slice(-2000)}\nstderr:\n${st.err().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return st.out();
}

const ticks = (out: string) => [...out.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));

/** A container printing `tick N` every 200 ms. */
const TICKER = ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done'];

/** `kubectl logs -f` shows lines printed after it started: the highest tick keeps growing while it runs. */
async function assertLogsFollow(s: Server, v: string, name: string): Promise<string> {
  const f = streaming(s, v, ['logs', '-f', name]);
  try {
    const first = await until(f, (o) => ticks(o).length > 0, `first line of logs -f ${name}`);
    const firstMax = Math.max(...ticks(first));
    // 2 s at 200 ms per line: ~10 new lines must arrive while -f keeps running
    const later = await until(f, (o) => Math.max(...ticks(o)) >= firstMax + 5, `new lines in logs -f ${name}`, 10_000);
    assert.equal(f.proc.exitCode, null, 'kubectl logs -f still follows');
    const seen = ticks(later);
    for (let i = 1; i < seen.length; i++) assert.equal(seen[i], seen[i - 1] + 1, `lines in order without gaps: ${seen.join(',')}`);
    return `${seen.length} lines, tick ${seen[0]}..${seen[seen.length - 1]}`;
  } finally {
    await f.stop();
  }
}

/** `ctr` against the agent's own containerd (no stdin: the harness's run() can fail with EPIPE on a fast exit). */
function ctr(s: S, args: string[]): Promise<string> {
  const sock = join(stateDirFor(join(s.dataDir, 'agent')), 'containerd', 'containerd.sock');
  return new Promise((res, rej) => execFile('ctr', ['-a', sock, '-n', 'k8s.io', ...args], { timeout: 20_000 }, (err, stdout, stderr) =>
    err ? rej(new Error(`ctr ${args.join(' ')}: ${err.message} ${stderr}`)) : res(stdout)));
}

/** containerd tasks of the agent (`ctr tasks ls`): task id → status. */
async function tasks(s: S): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const line of (await ctr(s, ['tasks', 'ls'])).trim().split('\n').slice(1)) {
    const [id, , status] = line.trim().split(/\s+/);
    if (id) m.set(id, status ?? '');
  }
  return m;
}

/** containerd container ids (sandbox and containers) carrying this pod's uid label. */
async function podContainerIds(s: S, uid: string): Promise<string[]> {
  return (await ctr(s, ['containers', 'ls', '-q', `labels."io.kubernetes.pod.uid"==${uid}`])).split('\n').map((l) => l.trim()).filter(Boolean);
}

const cid = (st: any) => String(st.containerID ?? '').replace(/^containerd:\/\//, '');

describe('issue 4 acceptance 1 and 6: pods on real containers', () => {
  let s: S;
  before(async () => { s = await startServer({ agent: true }); });
  after(async () => { await s?.stop(); });

  for (const v of KUBECTL_VERSIONS) {
    const tag = v.replace('.', '');
    const web = `web-${tag}`;
    const ticker = `ticker-${tag}`;

    describe(`kubectl ${v}`, () => {
      it('1: kubectl run → Running, and the pod IP answers HTTP from the host', async () => {
        const t0 = Date.now();
        await ok(s, v, ['run', web, `--image=${BUSYBOX}`, '--image-pull-policy=IfNotPresent', '--', 'httpd', '-f', '-p', '8080']);
        await waitRunning(s, v, web);
        const ms = Date.now() - t0;
        console.log(`# kubectl ${v}: pod ${web} Running ${ms} ms after kubectl run`);
        // the acceptance wants ~2 s; when slower, show where the time went (no assertion: shared CI machines)
        if (ms > 2000) console.log(await ok(s, v, ['get', 'events', '--field-selector', `involvedObject.name=${web}`, '-o', 'custom-columns=TIME:.firstTimestamp,REASON:.reason,MESSAGE:.message']));
        const p = await pod(s, v, web);
        assert.equal(p.status.phase, 'Running');
        assert.match(p.status.podIP, /^10\.\d+\.\d+\.\d+$/);
        assert.ok(p.status.podIP.startsWith(s.agent!.clusterCIDR.split('.').slice(0, 2).join('.') + '.'), `${p.status.podIP} in ${s.agent!.clusterCIDR}`);
        const status = await httpGet(p.status.podIP, 8080);
        console.log(`# kubectl ${v}: GET http://${p.status.podIP}:8080/ → ${status}`);
        assert.ok(status >= 200 && status < 600);
      });

      it('1: kubectl logs -f streams new lines', async () => {
        await ok(s, v, ['run', ticker, `--image=${BUSYBOX}`, '--image-pull-policy=IfNotPresent', '--', ...TICKER]);
        await waitRunning(s, v, ticker);
        console.log(`# kubectl ${v}: logs -f saw ${await assertLogsFollow(s, v, ticker)}`);
      });

      it('1: kubectl attach shows the output of a running pod', async () => {
        const a = streaming(s, v, ['attach', ticker]);
        try {
          const out = await until(a, (o) => ticks(o).length >= 3, `attach ${ticker} output`);
          console.log(`# kubectl ${v}: attach stdout: ${JSON.stringify(out.slice(0, 60))} stderr: ${JSON.stringify(a.err().slice(0, 120))}`);
        } finally { await a.stop(); }
      });

      it('1: kubectl exec -it web -- sh is interactive (through a pseudo-terminal)', async () => {
        const home = join(s.dataDir, `home-${v}`);
        const cmd = `${kubectlPath(v)} --kubeconfig ${s.kubeconfig} exec -it ${web} -- sh`;
        const p = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache'), TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        p.stdout.on('data', (d) => { out += d; });
        p.stderr.on('data', (d) => { out += d; });
        const exited = new Promise<number>((r) => p.once('exit', (c) => r(c ?? -1)));
        const deadline = Date.now() + 20_000;
        // the shell's prompt (`/ # `, then busybox's cursor-position query ESC[6n) proves a tty shell is up
        const prompt = /\/ # (\x1b\[6n)?$/;
        while (!prompt.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.match(out, prompt, `no prompt from exec -it sh: ${JSON.stringify(out)}`);
        p.stdin.write('echo $((6*7))\n');
        while (!/\r?\n42\r?\n/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        p.stdin.write('tty\n');
        while (!/\/dev\/pts\/\d+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        p.stdin.write('exit\n');
        const timer = setTimeout(() => p.kill('SIGKILL'), Math.max(1000, deadline - Date.now()));
        const code = await exited;
        clearTimeout(timer);
        console.log(`# kubectl ${v}: exec -it transcript: ${JSON.stringify(out)}`);
        assert.match(out, /\r\n42\r\n/, 'the tty echoes with CRLF and the shell computed 42');
        assert.match(out, /\r\n\/dev\/pts\/\d+\r\n/, 'stdin of the shell is a terminal');
        assert.equal(code, 0, 'exit from the shell ends kubectl exec with 0');
      });

      it('1: echo hi | kubectl exec -i web -- cat prints hi and exits 0', async () => {
        const r = await kubectl(s, v, ['exec', '-i', web, '--', 'cat'], { input: 'hi\n', timeoutMs: 20_000 });
        assert.equal(r.code, 0, `exec -i cat: ${r.code} ${r.stderr}`);
        assert.equal(r.stdout, 'hi\n');
      });

      it("1: kubectl exec web -- sh -c 'exit 3' exits 3", async () => {
        const r = await kubectl(s, v, ['exec', web, '--', 'sh', '-c', 'exit 3'], { timeoutMs: 20_000 });
        assert.equal(r.code, 3, `stderr: ${r.stderr}`);
        console.log(`# kubectl ${v}: exec exit 3 → code ${r.code}, stderr ${JSON.stringify(r.stderr)}`);
      });

      it('1: kubectl cp works both ways', async () => {
        const content = `skiff ${v} ${'x'.repeat(100_000)}\nend\n`;
        const local = join(s.dataDir, `cp-in-${tag}.txt`);
        writeFileSync(local, content);
        await kubectl(s, v, ['cp', local, `${web}:/tmp/in.txt`], { timeoutMs: 30_000 }).then((r) => assert.equal(r.code, 0, `cp to pod: ${r.stderr}`));
        const inPod = await kubectl(s, v, ['exec', web, '--', 'cat', '/tmp/in.txt']);
        assert.equal(inPod.stdout, content, 'the file copied into the pod has the same content');
        await ok(s, v, ['exec', web, '--', 'sh', '-c', 'seq 1 5000 > /tmp/out.txt']);
        const back = join(s.dataDir, `cp-out-${tag}.txt`);
        await kubectl(s, v, ['cp', `${web}:/tmp/out.txt`, back], { timeoutMs: 30_000 }).then((r) => assert.equal(r.code, 0, `cp from pod: ${r.stderr}`));
        assert.equal(readFileSync(back, 'utf8'), Array.from({ length: 5000 }, (_, i) => `${i + 1}\n`).join(''));
      });

      it('1: kubectl port-forward pod/web :8080 serves an HTTP request', async () => {
        const pf = streaming(s, v, ['port-forward', `pod/${web}`, ':8080']);
        try {
          const out = await until(pf, (o) => /Forwarding from 127\.0\.0\.1:\d+ -> 8080/.test(o), 'port-forward ready');
          const port = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(out)![1]);
          const first = await httpGet('127.0.0.1', port);
          const second = await httpGet('127.0.0.1', port);
          console.log(`# kubectl ${v}: ${out.trim().split('\n')[0]}; GET → ${first}, ${second}`);
          assert.ok(first >= 200 && first < 600);
          assert.equal(second, first);
          assert.equal(pf.proc.exitCode, null, 'port-forward keeps running');
        } finally { await pf.stop(); }
      });

      it('6: delete sends TERM, runs preStop, kills after the grace period, object goes after its containers', async () => {
        const host = join(s.dataDir, `grace-${tag}`);
        mkdirSync(host, { recursive: true });
        const vol = { name: 'host', hostPath: { path: host, type: 'DirectoryOrCreate' } };
        const mount = [{ name: 'host', mountPath: '/host' }];
        const ignorer = `ignorer-${tag}`;
        const trapper = `trapper-${tag}`;
        await apply(s, v, {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: ignorer },
          spec: {
            terminationGracePeriodSeconds: 4, volumes: [vol],
            containers: [{
              name: 'main', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', volumeMounts: mount,
              command: ['sh', '-c', 'trap "" TERM; while true; do sleep 1; done'],
              lifecycle: { preStop: { exec: { command: ['sh', '-c', 'date +%s > /host/prestop'] } } },
            }],
          },
        });
        await apply(s, v, {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: trapper },
          spec: {
            terminationGracePeriodSeconds: 30, volumes: [vol],
            containers: [{
              name: 'main', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', volumeMounts: mount,
              command: ['sh', '-c', 'trap "echo got TERM > /host/term; exit 0" TERM; while true; do sleep 1; done'],
            }],
          },
        });
        await waitRunning(s, v, ignorer);
        await waitRunning(s, v, trapper);
        const pi = await pod(s, v, ignorer);
        const pt = await pod(s, v, trapper);
        const ids = { [ignorer]: await podContainerIds(s, pi.metadata.uid), [trapper]: await podContainerIds(s, pt.metadata.uid) };
        assert.ok(ids[ignorer].includes(cid(pi.status.containerStatuses[0])), `ctr sees ${ignorer}'s container: ${ids[ignorer]}`);
        assert.ok(ids[ignorer].length >= 2, 'sandbox and container');
        const running = await tasks(s);
        for (const id of [...ids[ignorer], ...ids[trapper]]) assert.equal(running.get(id), 'RUNNING', `task ${id} running before delete`);

        // watch each pod (its first event, ADDED, shows the watch is established), then delete without waiting:
        // the DELETED event measures delete → object gone
        const watches = [ignorer, trapper].map((name) => streaming(s, v, ['get', 'pod', name, '-w', '-o', 'json', '--output-watch-events']));
        await Promise.all(watches.map((w, i) => until(w, (o) => /"type":\s*"ADDED"/.test(o), `watch of pod ${i} established`)));
        const [ignorerGone, trapperGone] = watches.map((w, i) =>
          until(w, (o) => /"type":\s*"DELETED"/.test(o), `DELETED event of pod ${i}`, 60_000).then(() => Date.now()).finally(() => w.stop()));
        const t0 = Date.now();
        await ok(s, v, ['delete', 'pod', ignorer, trapper, '--wait=false']);
        const tTrapper = (await trapperGone) - t0;
        // the moment the object is gone, no container of the pod may be running any more
        const afterTrapper = await tasks(s);
        const tIgnorer = (await ignorerGone) - t0;
        const afterIgnorer = await tasks(s);
        console.log(`# kubectl ${v}: delete → gone: ${trapper} (traps TERM, grace 30 s) ${tTrapper} ms; ${ignorer} (ignores TERM, grace 4 s) ${tIgnorer} ms`);

        assert.equal(readFileSync(join(host, 'term'), 'utf8'), 'got TERM\n', 'TERM reached the trapping shell');
        assert.ok(tTrapper < 15_000, `the trapping pod exits on TERM well before its 30 s grace period (${tTrapper} ms)`);
        assert.ok(existsSync(join(host, 'prestop')), 'the preStop hook ran');
        assert.ok(tIgnorer >= 3_500, `the TERM-ignoring pod is killed only after its 4 s grace period (${tIgnorer} ms)`);
        assert.ok(tIgnorer < 20_000, `...but then killed (${tIgnorer} ms)`);
        for (const id of ids[trapper]) assert.notEqual(afterTrapper.get(id), 'RUNNING', `${trapper} task ${id} still running after its object is gone`);
        for (const id of ids[ignorer]) assert.notEqual(afterIgnorer.get(id), 'RUNNING', `${ignorer} task ${id} still running after its object is gone`);
        rmSync(host, { recursive: true, force: true });
      });
    });
  }
});

describe('issue 4 acceptance 7: kill -9 of the server (embedded agent), restart adopts the running containers', () => {
  let first: S | undefined;
  let second: S | undefined;
  after(async () => {
    if (second) await second.stop();
    else if (first) {
      await first.kill9();
      await killallAgent(first.dataDir, first.agent!.podLogDir);
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('containers keep serving while the server is down; after restart nothing restarts and logs -f follows again', async () => {
    const v = KUBECTL_VERSIONS[KUBECTL_VERSIONS.length - 1];
    first = await startServer({ agent: true, keep: true });
    await ok(first, v, ['run', 'web', `--image=${BUSYBOX}`, '--image-pull-policy=IfNotPresent', '--', 'httpd', '-f', '-p', '8080']);
    await ok(first, v, ['run', 'ticker', `--image=${BUSYBOX}`, '--image-pull-policy=IfNotPresent', '--', ...TICKER]);
    await waitRunning(first, v, 'web');
    await waitRunning(first, v, 'ticker');
    const before = { web: await pod(first, v, 'web'), ticker: await pod(first, v, 'ticker') };
    const ip = before.web.status.podIP as string;
    assert.ok(await httpGet(ip, 8080));

    await first.kill9();
    // down: the API is gone, the pod still serves, again and again
    const down = await run(kubectlPath(v), ['--kubeconfig', first.kubeconfig, 'get', 'pods', '--request-timeout=2s'], { env: { HOME: join(first.dataDir, `home-${v}`) } });
    assert.notEqual(down.code, 0, 'the API server is down');
    for (let i = 0; i < 5; i++) {
      const st = await httpGet(ip, 8080);
      assert.ok(st >= 200 && st < 600, `pod answers while the server is down (${st})`);
      await new Promise((r) => setTimeout(r, 200));
    }

    second = await startServer({ agent: true, dataDir: first.dataDir, agentSetup: first.agent });
    // give the restarted agent a few relists (1 s each) to adopt (or, wrongly, to restart) the containers
    await new Promise((r) => setTimeout(r, 4000));
    for (const kv of KUBECTL_VERSIONS) {
      for (const name of ['web', 'ticker'] as const) {
        const now = await pod(second, kv, name);
        const was = before[name].status.containerStatuses[0];
        const is = now.status.containerStatuses[0];
        assert.equal(now.status.phase, 'Running', `${name} Running after restart`);
        assert.equal(is.containerID, was.containerID, `${name}: same container after restart`);
        assert.equal(is.restartCount, was.restartCount, `${name}: restartCount unchanged`);
        assert.equal(now.status.podIP, before[name].status.podIP);
      }
      assert.ok(await httpGet(ip, 8080));
      console.log(`# kubectl ${kv}: after restart logs -f saw ${await assertLogsFollow(second, kv, 'ticker')}`);
    }
    const t = await tasks(second);
    assert.equal(t.get(cid(before.web.status.containerStatuses[0])), 'RUNNING');
    assert.equal(t.get(cid(before.ticker.status.containerStatuses[0])), 'RUNNING');
  });

  it('kill -9 of containerd: containers keep serving, the agent restarts containerd and nothing restarts', async () => {
    assert.ok(second, 'runs after the server restart test');
    const v = KUBECTL_VERSIONS[0]!;
    const before = await pod(second, v, 'web');
    const ip = before.status.podIP as string;
    const pidFile = join(stateDirFor(join(second.dataDir, 'agent')), 'containerd', 'skiff-containerd.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    const st = await httpGet(ip, 8080);
    assert.ok(st >= 200 && st < 600, `pod answers while containerd is down (${st})`);
    // the supervisor restarts containerd (1 s back-off); exec needs it again
    const echoed = await eventually(async () => {
      const r = await run(kubectlPath(v), ['--kubeconfig', second!.kubeconfig, 'exec', 'web', '--', 'echo', 'back'], { env: { HOME: join(second!.dataDir, `home-${v}`) } });
      return r.code === 0 && r.stdout;
    }, 'exec to work after containerd restarted', 30_000);
    assert.equal(echoed, 'back\n');
    const newPid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.notEqual(newPid, pid, 'a new containerd');
    assert.match(second.output(), /containerd component=agent event=.*restarting/, "the agent restarted containerd");
    const after = await pod(second, v, 'web');
    assert.equal(after.status.containerStatuses[0].containerID, before.status.containerStatuses[0].containerID);
    assert.equal(after.status.containerStatuses[0].restartCount, before.status.containerStatuses[0].restartCount);
    console.log(`# kubectl ${v}: after containerd kill -9 logs -f saw ${await assertLogsFollow(second, v, 'ticker')}`);
  });
});

