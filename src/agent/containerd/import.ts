// Air-gapped images, as k3s does: every OCI / Docker image tarball in `<data-dir>/agent/images/` (`*.tar`, and
// gzip'd `*.tar.gz` / `*.tgz`, decompressed on the fly) is imported into containerd's `k8s.io` namespace with
// `ctr images import`, so CRI sees the images without a registry.
import { spawn } from 'node:child_process';
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

export interface ImportOptions {
  /** containerd's socket path. */
  address: string;
  /** @default 'k8s.io' (the namespace CRI uses) */
  namespace?: string;
  /** @default 'ctr' (from PATH) */
  ctrBinary?: string;
  /** Must be the snapshotter CRI uses, so the images are unpacked for it. @default ctr's default (overlayfs) */
  snapshotter?: string;
}

export interface ImportResult {
  /** Image references created or updated, in import order. */
  imported: string[];
  /** Tarballs that ctr could not import, with its error output. */
  failed: { file: string; error: string }[];
}

const TARBALL = /\.(tar|tar\.gz|tgz)$/;

/** The tarballs of `dir`, sorted by name; none when the dir does not exist. */
export function listTarballs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && TARBALL.test(e.name)).map((e) => join(dir, e.name)).sort();
  } catch {
    return [];
  }
}

/** Image names from ctr's import output: lines `unpacking <name> (sha256:…)...done`. */
export function parseImportOutput(out: string): string[] {
  return [...out.matchAll(/^unpacking (\S+) \(sha256:[0-9a-f]{64}\)/gm)].map((m) => m[1]!);
}

function importOne(file: string, o: ImportOptions): Promise<{ names: string[]; error?: string }> {
  const gz = !file.endsWith('.tar');
  const args = ['--address', o.address, '--namespace', o.namespace ?? 'k8s.io', 'images', 'import'];
  if (o.snapshotter) args.push('--snapshotter', o.snapshotter);
  args.push(gz ? '-' : file);
  return new Promise((resolve) => {
    const p = spawn(o.ctrBinary ?? 'ctr', args, { stdio: [gz ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.on('data', (d) => { out += d; });
    p.stderr!.on('data', (d) => { err += d; });
    if (gz) {
      const src = createReadStream(file).pipe(createGunzip());
      src.on('error', (e) => { err += `${e.message}\n`; p.stdin!.destroy(); });
      p.stdin!.on('error', () => undefined);
      src.pipe(p.stdin!);
    }
    p.on('error', (e) => resolve({ names: [], error: e.message }));
    p.on('close', (code) => resolve(code === 0 ? { names: parseImportOutput(out) } : { names: [], error: (err || out).trim() || `ctr exited with ${code}` }));
  });
}

/** Imports each tarball of `dir` in turn; one bad tarball does not stop the others. */
export async function importImageTarballs(dir: string, o: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { imported: [], failed: [] };
  for (const file of listTarballs(dir)) {
    const r = await importOne(file, o);
    if (r.error !== undefined) result.failed.push({ file, error: r.error });
    else result.imported.push(...r.names);
  }
  return result;
}
