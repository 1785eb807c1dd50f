// `kubectl top` (1.27 and 1.33) against a real `skiff server` from this build: a Node whose agent endpoint is a tiny
// HTTPS server in this test (certificate from the server's CA) answering /stats/summary with fixed numbers.
// Skipped when the kubectl binaries are not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueServingCert } from '../../pki/index.js';
import type { Summary } from './summary.js';

const SKIFF = fileURLToPath(new URL('../../cmd/skiff.js', import.meta.url));
const KUBECTL_DIR = (() => {
  const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  return r.status === 0 ? dirname(realpathSync(r.stdout.trim())) : '';
})();
const VERSIONS = ['1.27', '1.33'].filter((v) => KUBECTL_DIR && existsSync(join(KUBECTL_DIR, `kubectl.${v}`)));

function run(cmd: string, args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const t = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code) => { clearTimeout(t); resolve({ code: code ?? -1, stdout, stderr }); });
    p.stdin.end(input);
  });
}

async function startServer(dataDir: string) {
  // a launcher file (not `--input-type=module -e`: with that flag Node refuses the CLI's lazy subcommand imports)
  const launcher = join(dataDir, 'launch.mjs');
  writeFileSync(launcher, `import { main } from ${JSON.stringify(SKIFF)}; main(['node', 'skiff', ...process.argv.slice(2)]);\n`);
  const proc = spawn(process.execPath, [launcher, 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--bind-address', '127.0.0.1', '--disable-agent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  await new Promise<void>((resolve, reject) => {
    proc.stderr.on('data', (d) => { out += d; if (/API server: https:\/\//.test(out) && /kubeconfig: /.test(out)) resolve(); });
    proc.once('exit', (c) => reject(new Error(`skiff server exited with ${c}:\n${out}`)));
  });
  return { proc, output: () => out, stop: () => new Promise<void>((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', () => r()); proc.kill('SIGTERM'); }) };
}

/** The fake agent: /stats/summary only, mutual TLS against the server's CA; records the client CNs it saw. */
async function startAgent(dataDir: string, summary: Summary) {
  const tlsDir = join(dataDir, 'server', 'tls');
  const ca = { certPem: readFileSync(join(tlsDir, 'server-ca.crt'), 'utf8'), keyPem: readFileSync(join(tlsDir, 'server-ca.key'), 'utf8') };
  const serving = await issueServingCert(ca, { days: 1, dns: ['localhost'], ips: ['127.0.0.1'] });
  const clients: string[] = [];
  const srv = https.createServer({ key: serving.keyPem, cert: serving.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const cn = (req.socket as TLSSocket).getPeerCertificate().subject?.CN;
    clients.push(String(cn));
    if (req.url !== '/stats/summary') { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(summary));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as AddressInfo).port, clients, close: () => { srv.closeAllConnections(); return new Promise<void>((r) => srv.close(() => r())); } };
}

const stats = (nanoCores: number, bytes: number) => ({ cpu: { time: new Date().toISOString(), usageNanoCores: nanoCores }, memory: { time: new Date().toISOString(), workingSetBytes: bytes } });
const Mi = 1024 * 1024;
/** Output rows as whitespace-separated words, so column widths do not matter. */
const rows = (s: string) => s.trim().split('\n').map((l) => l.trim().split(/\s+/));

test('kubectl top node / top pod against skiff server with a fake agent', { skip: VERSIONS.length === 0 ? 'kubectl.1.27/1.33 not installed' : false, timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-metrics-'));
  const server = await startServer(dataDir);
  const summary: Summary = {
    node: { nodeName: 'm1', ...stats(250_000_000, 2048 * Mi) },
    pods: [
      { podRef: { namespace: 'default', name: 'demo', uid: '' }, containers: [{ name: 'app', ...stats(2_000_000, 12 * Mi) }, { name: 'side', ...stats(1_000_000, 4 * Mi) }] },
      { podRef: { namespace: 'kube-system', name: 'dns', uid: '' }, containers: [{ name: 'dns', ...stats(5_000_000, 20 * Mi) }] },
    ],
  };
  const agent = await startAgent(dataDir, summary);
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const k = (v: string, args: string[], input = '') => run(join(KUBECTL_DIR, `kubectl.${v}`), ['--kubeconfig', kubeconfig, ...args], input);
  const ok = async (v: string, args: string[], input = '') => {
    const r = await k(v, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  try {
    const setup = VERSIONS[VERSIONS.length - 1]!;
    for (const [name, port] of [['m1', agent.port], ['m2', 1]] as const) {
      await ok(setup, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { pool: name === 'm1' ? 'a' : 'b' } } }));
      await ok(setup, ['patch', 'node', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({
        status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } }, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
      })]);
    }
    for (const [ns, name, containers, labels] of [['default', 'demo', ['app', 'side'], { app: 'demo' }], ['kube-system', 'dns', ['dns'], { app: 'dns' }], ['default', 'idle', ['c'], { app: 'idle' }]] as const) {
      await ok(setup, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns, name, labels }, spec: { nodeName: 'm1', containers: containers.map((c) => ({ name: c, image: 'busybox' })) } }));
      await ok(setup, ['-n', ns, 'patch', 'pod', name, '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}']);
      const uid = await ok(setup, ['-n', ns, 'get', 'pod', name, '-o', 'jsonpath={.metadata.uid}']);
      const ref = summary.pods!.find((p) => p.podRef.name === name);
      if (ref) ref.podRef.uid = uid;
    }

    for (const v of VERSIONS) {
      // m2's agent is unreachable: kubectl shows it as <unknown>
      const nodes = rows(await ok(v, ['top', 'node']));
      // newer kubectl spells the percentage headers CPU(%) / MEMORY(%)
      assert.deepEqual(nodes[0]!.map((h) => h.replace('(%)', '%')), ['NAME', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%'], v);
      assert.deepEqual(nodes[1], ['m1', '250m', '6%', '2048Mi', '25%'], v);
      assert.deepEqual(nodes[2], ['m2', '<unknown>', '<unknown>', '<unknown>', '<unknown>'], v);
      assert.deepEqual(rows(await ok(v, ['top', 'node', '-l', 'pool=a', '--no-headers'])), [['m1', '250m', '6%', '2048Mi', '25%']], v);

      assert.deepEqual(rows(await ok(v, ['top', 'pod'])), [['NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['demo', '3m', '16Mi']], v);
      assert.deepEqual(rows(await ok(v, ['top', 'pod', '-A'])), [['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['default', 'demo', '3m', '16Mi'], ['kube-system', 'dns', '5m', '20Mi']], v);
      assert.deepEqual(rows(await ok(v, ['top', 'pod', '--containers'])), [['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['demo', 'app', '2m', '12Mi'], ['demo', 'side', '1m', '4Mi']], v);
      assert.deepEqual(rows(await ok(v, ['top', 'pod', '-A', '-l', 'app=dns', '--no-headers'])), [['kube-system', 'dns', '5m', '20Mi']], v);
      assert.deepEqual(rows(await ok(v, ['top', 'pod', 'demo', '--no-headers'])), [['demo', '3m', '16Mi']], v);
      const ghost = await k(v, ['top', 'pod', 'ghost']);
      assert.notEqual(ghost.code, 0);
      assert.match(ghost.stderr, /pod "ghost" not found/, v);
    }

    // the raw objects and the Table kubectl get uses
    const nm = JSON.parse(await ok(setup, ['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes/m1']));
    assert.equal(nm.kind, 'NodeMetrics');
    assert.deepEqual(nm.usage, { cpu: '250m', memory: '2Gi' });
    assert.equal(nm.window, '10s');
    assert.deepEqual(rows(await ok(setup, ['get', 'podmetrics', '-n', 'kube-system'])), [['NAME', 'CPU', 'MEMORY', 'WINDOW'], ['dns', '5m', '20Mi', '10s']]);
    const resources = await ok(setup, ['api-resources', '--api-group=metrics.k8s.io', '--no-headers']);
    assert.deepEqual(rows(resources).map((r) => [r[0], r[r.length - 1]]), [['nodes', 'NodeMetrics'], ['pods', 'PodMetrics']]);
    // the API server scraped with its agent client certificate, once per cache period
    assert.ok(agent.clients.length >= 1 && agent.clients.every((c) => c === 'kube-apiserver-kubelet-client'), agent.clients.join(','));
  } finally {
    await agent.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
