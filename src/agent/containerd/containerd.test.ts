// Integration: a real containerd in a temp dir (needs root and the containerd, runc and ctr binaries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildOciImage } from '../images/image.js';
import { ociArchive, writeOciArchive } from '../images/layout.js';
import { removeDirs } from './cleanup.js';
import { startContainerd, type ContainerdEvent, type ContainerdProcess, type StartContainerdOptions } from './containerd.js';
import { importImageTarballs } from './import.js';
import { alive } from './pidfile.js';

/** Image references in the k8s.io namespace; CRI adds one named by the image id (config digest) for each image. */
function ctrImages(socket: string): { names: string[]; ids: string[] } {
  const r = spawnSync('ctr', ['--address', socket, '--namespace', 'k8s.io', 'images', 'ls', '-q'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const refs = r.stdout.trim().split('\n').filter(Boolean).sort();
  return { names: refs.filter((x) => !x.startsWith('sha256:')), ids: refs.filter((x) => x.startsWith('sha256:')) };
}

async function waitFor<T>(what: string, f: () => T | undefined, ms = 10_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

test('startContainerd runs containerd in a temp dir, imports tarballs, restarts it, adopts it, and stops it', { timeout: 30_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'skiff-ctrd-'));
  const started: ContainerdProcess[] = [];
  try {
    const images = join(root, 'images');
    mkdirSync(images);
    const hello = buildOciImage({ files: [{ path: '/hello', content: 'hi\n' }], config: { Cmd: ['/hello'] } });
    const other = buildOciImage({ files: [{ path: '/other', content: 'x' }], config: {} });
    writeOciArchive(join(images, 'hello.tar'), hello, 'skiff.local/hello:1');
    writeFileSync(join(images, 'other.tar.gz'), gzipSync(ociArchive(other, 'skiff.local/other:2')));
    writeFileSync(join(images, 'broken.tar'), 'not a tarball');

    const events: ContainerdEvent[] = [];
    const opts: StartContainerdOptions = {
      dataDir: join(root, 'root'), stateDir: join(root, 'state'), socket: join(root, 'state', 'containerd.sock'),
      sandboxImage: 'skiff.local/pause:3.9', cniBinDir: '/usr/lib/cni', cniConfDir: join(root, 'cni'),
      certsDir: join(root, 'certs.d'), logFile: join(root, 'containerd.log'), initialBackoffMs: 100, stopGraceMs: 5000,
      onEvent: (e) => events.push(e),
    };
    const c = await startContainerd(opts);
    started.push(c);
    assert.equal(c.version().runtimeName, 'containerd');
    assert.equal(c.version().runtimeApiVersion, 'v1');
    assert.deepEqual(events.map((e) => e.type), ['config', 'spawned', 'ready']);

    const r = await importImageTarballs(images, { address: c.address, snapshotter: c.snapshotter });
    assert.deepEqual(r.imported, ['skiff.local/hello:1', 'skiff.local/other:2']);
    assert.deepEqual(r.failed.map((f) => f.file), [join(images, 'broken.tar')]);
    assert.deepEqual(ctrImages(c.address).names, ['skiff.local/hello:1', 'skiff.local/other:2']);
    // CRI has seen them: it adds the image id (the config digest) as a reference
    const ids = [hello.config.digest, other.config.digest].sort();
    await waitFor('CRI image ids', () => (ctrImages(c.address).ids.join() === ids.join() ? true : undefined));

    // containerd dies: the supervisor restarts it after the back-off
    const pid1 = c.pid()!;
    process.kill(pid1, 'SIGKILL');
    const pid2 = await waitFor('restart', () => { const p = c.pid(); return p !== undefined && p !== pid1 ? p : undefined; });
    assert.equal(c.restarts(), 1);
    assert.ok(events.some((e) => e.type === 'restarting'));
    assert.deepEqual(ctrImages(c.address).names, ['skiff.local/hello:1', 'skiff.local/other:2']);

    // the agent goes away without stopping containerd; the next agent adopts it
    c.detach();
    events.length = 0;
    const c2 = await startContainerd(opts);
    started.push(c2);
    assert.equal(c2.pid(), pid2);
    assert.deepEqual(events.map((e) => e.type), ['config', 'adopted', 'ready']);

    // a changed config replaces it
    c2.detach();
    events.length = 0;
    const c3 = await startContainerd({ ...opts, sandboxImage: 'skiff.local/pause:3.10' });
    started.push(c3);
    assert.notEqual(c3.pid(), pid2);
    assert.ok(!alive(pid2));
    assert.deepEqual(events.map((e) => e.type), ['config', 'replacing', 'spawned', 'ready']);

    const pid3 = c3.pid()!;
    await c3.stop();
    assert.ok(!alive(pid3));
    assert.equal(c3.pid(), undefined);
  } finally {
    for (const c of started) {
      const pid = c.pid();
      await c.stop();
      if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    removeDirs(root);
  }
});
