// A local image registry for tests: Debian's docker-registry (distribution 2.8) with our own config (127.0.0.1 on
// a free port, filesystem storage in the given dir, no auth), and pushes with skopeo.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tagOf } from '../../src/agent/images/layout.js';

export interface Registry {
  /** '127.0.0.1:PORT' */
  host: string;
  dir: string;
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function registryConfig(dir: string, port: number): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(join(dir, 'storage'))}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '',
  ].join('\n');
}

/** Starts docker-registry serving from `dir` and resolves once `GET /v2/` answers 200. */
export async function startRegistry(dir: string, o: { binary?: string; timeoutMs?: number } = {}): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = join(dir, 'config.yml');
  const logFile = join(dir, 'registry.log');
  writeFileSync(config, registryConfig(dir, port));
  const fd = openSync(logFile, 'a');
  const proc = spawn(o.binary ?? '/usr/bin/docker-registry', ['serve', config], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  const gone = new Promise<void>((r) => proc.once('exit', () => { exited = true; r(); }));
  proc.once('error', () => { exited = true; });
  const killOnExit = () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  const host = `127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  };
  const deadline = Date.now() + (o.timeoutMs ?? 15_000);
  for (;;) {
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    if (exited || Date.now() > deadline) {
      await stop();
      let log = '';
      try { log = readFileSync(logFile, 'utf8'); } catch { /* none */ }
      throw new Error(`docker-registry did not become ready on ${host}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { host, dir, pid: proc.pid!, stop };
}

/** The repository path of a reference without its registry and tag: 'skiff.local/busybox:1.36' → 'busybox'. */
export function repositoryOf(ref: string): string {
  const noDigest = ref.split('@')[0]!;
  const parts = noDigest.split('/');
  if (parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost')) parts.shift();
  const last = parts.length - 1;
  const colon = parts[last]!.lastIndexOf(':');
  if (colon >= 0) parts[last] = parts[last]!.slice(0, colon);
  return parts.join('/');
}

/**
 * Pushes the image tagged `tagOf(ref)` in the OCI layout `ociLayoutDir` to `host` as `<repository of ref>:<tag>`,
 * e.g. pushImage(dir, 'skiff.local/busybox:1.36', '127.0.0.1:5000') → '127.0.0.1:5000/busybox:1.36' (returned).
 */
export async function pushImage(ociLayoutDir: string, ref: string, host: string): Promise<string> {
  const tag = tagOf(ref);
  if (!tag) throw new Error(`Cannot push "${ref}": a tag is required`);
  const dest = `${host}/${repositoryOf(ref)}:${tag}`;
  const args = ['copy', '--quiet', '--insecure-policy', '--dest-tls-verify=false', `oci:${ociLayoutDir}:${tag}`, `docker://${dest}`];
  await new Promise<void>((resolve, reject) => {
    const p = spawn('skopeo', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => { err += d; });
    p.once('error', reject);
    p.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`skopeo copy to ${dest} failed (${code}): ${err}`))));
  });
  return dest;
}
