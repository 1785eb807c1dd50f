// Exec and port-forward against the real kubectl 1.27 (SPDY) and 1.33 (WebSocket v5, SPDY-in-WebSocket), served by a
// tiny HTTP server that answers discovery and one Running pod, and runs exec commands locally.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { acceptPortForward, acceptRemoteCommand, streamOptionsFromQuery } from './index.js';

const kubectlDir = (() => {
  try { return dirname(realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim())); } catch { return ''; }
})();

const pod = {
  kind: 'Pod', apiVersion: 'v1',
  metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: {} } }] },
};
const resources = {
  kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'v1',
  resources: [
    { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
    { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  ],
};

function json(res: http.ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function serveExec(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const query = new URL(req.url!, 'http://x').searchParams;
  const command = query.getAll('command');
  const streams = await acceptRemoteCommand(req, socket, head, streamOptionsFromQuery(query));
  const child = spawn(command[0]!, command.slice(1), { stdio: 'pipe' });
  if (streams.stdin) streams.stdin.pipe(child.stdin); else child.stdin.end();
  child.stdin.on('error', () => {});
  if (streams.stdout) child.stdout.pipe(streams.stdout, { end: false }); else child.stdout.resume();
  if (streams.stderr) child.stderr.pipe(streams.stderr, { end: false }); else child.stderr.resume();
  child.on('close', (code) => void streams.finish({ exitCode: code ?? 1 }));
}

async function servePortForward(req: http.IncomingMessage, socket: Duplex, head: Buffer, seen: string[]): Promise<void> {
  const session = await acceptPortForward(req, socket, head);
  seen.push(session.transport);
  for await (const s of session) {
    const conn = net.connect(s.port, '127.0.0.1');
    conn.on('error', (e) => { s.error.end(`error forwarding port ${s.port}: ${e.message}`); s.data.end(); });
    s.data.pipe(conn);
    conn.pipe(s.data);
  }
}

function runKubectl(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    p.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    if (input !== undefined) p.stdin.end(input); else p.stdin.end();
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

for (const version of ['1.27', '1.33']) {
  const bin = join(kubectlDir, `kubectl.${version}`);
  describe(`kubectl ${version}`, { skip: kubectlDir === '' }, () => {
    let server: http.Server;
    let target: http.Server;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    const pfTransports: string[] = [];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'skiff-streaming-'));
      server = http.createServer((req, res) => {
        const path = new URL(req.url!, 'http://x').pathname;
        if (path === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
        if (path === '/apis') return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
        if (path === '/api/v1') return json(res, 200, resources);
        if (path === '/api/v1/namespaces/default/pods/p') return json(res, 200, pod);
        json(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` });
      });
      server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        const path = new URL(req.url!, 'http://x').pathname;
        const handler = path.endsWith('/exec') ? serveExec(req, socket, head) : servePortForward(req, socket, head, pfTransports);
        handler.catch(() => socket.destroy());
      });
      target = http.createServer((_req, res) => res.end('hello through the tunnel'));
      await Promise.all([new Promise<void>((r) => server.listen(0, '127.0.0.1', r)), new Promise<void>((r) => target.listen(0, '127.0.0.1', r))]);
      const port = (server.address() as net.AddressInfo).port;
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`);
      env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
    });
    after(() => {
      server.closeAllConnections();
      server.close();
      target.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exec -i delivers stdin and its EOF: cat prints hi and exits 0', async () => {
      const r = await runKubectl(bin, ['exec', '-i', 'p', '--', 'cat'], env, 'hi\n');
      assert.equal(r.stdout, 'hi\n', r.stderr);
      assert.equal(r.code, 0);
    });

    it('exec reports a non-zero exit code', async () => {
      const r = await runKubectl(bin, ['exec', 'p', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], env);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, 'out\n');
      assert.match(r.stderr, /^err\n/);
      assert.match(r.stderr, /command terminated with exit code 3/);
    });

    it('exec carries 2 MiB of output intact', async () => {
      const r = await runKubectl(bin, ['exec', 'p', '--', 'sh', '-c', 'yes 0123456789abcde | head -c 2097152'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.length, 2097152);
      assert.equal(r.stdout, '0123456789abcde\n'.repeat(131072));
    });

    it('port-forward serves an HTTP request', async () => {
      const remote = (target.address() as net.AddressInfo).port;
      const p = spawn(bin, ['port-forward', 'pod/p', `0:${remote}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const local = await new Promise<number>((resolve, reject) => {
          let out = '';
          p.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
            if (m) resolve(Number(m[1]));
          });
          p.once('close', (code) => reject(new Error(`kubectl port-forward exited ${code}`)));
        });
        for (let i = 0; i < 2; i++) {
          const body = await new Promise<string>((resolve, reject) => {
            http.get({ host: '127.0.0.1', port: local, path: '/', agent: false }, (res) => {
              let b = '';
              res.on('data', (c: Buffer) => { b += c.toString(); });
              res.on('end', () => resolve(b));
            }).on('error', reject);
          });
          assert.equal(body, 'hello through the tunnel');
        }
        assert.deepEqual(pfTransports, [version === '1.27' ? 'spdy' : 'websocket-spdy']);
      } finally {
        p.kill();
      }
    });
  });
}
