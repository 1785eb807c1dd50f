// The kubelet's atomic writer (pkg/volume/util/atomic_writer.go), written from its documented layout: the payload
// goes into a fresh timestamped directory `..<ts>`, a `..data` symlink is swapped to it with one rename, and each
// top-level name the user sees is a symlink through `..data`. A reader therefore sees the old files or the new
// files, never a mix. Unchanged payloads are not rewritten; names dropped from the payload disappear.
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile, unlink, chown } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

export interface FileProjection { data: Buffer; mode: number }
export type Payload = Map<string, FileProjection>;

const DATA_DIR = '..data';
const DATA_TMP = '..data_tmp';

/** validatePath: relative, no `..` element, no leading `..`. Returns the kubelet's message or undefined. */
export function validatePayloadPath(p: string): string | undefined {
  if (p === '') return 'invalid path: must not be empty';
  if (p.length > 4096) return `invalid path: must be less than or equal to 4096 characters`;
  if (p.startsWith('/')) return `invalid path: must be relative path: ${p}`;
  if (p.split('/').includes('..')) return `invalid path: must not contain '..': ${p}`;
  if (p.startsWith('..')) return `invalid path: must not start with '..': ${p}`;
  return undefined;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function tsDirName(now: Date): string {
  return `..${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_` +
    `${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}.${randomBytes(5).toString('hex')}`;
}

async function exists(p: string): Promise<boolean> {
  try { await lstat(p); return true; } catch { return false; }
}

/** Whether the directory currently behind ..data holds exactly the files of `payload` with the same bytes. */
async function samePayload(tsDir: string, payload: Payload): Promise<boolean> {
  const present = new Set<string>();
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(tsDir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else present.add(r);
    }
  };
  try { await walk(''); } catch { return false; }
  if (present.size !== payload.size) return false;
  for (const [p, f] of payload) {
    if (!present.has(p)) return false;
    if (!(await readFile(join(tsDir, p))).equals(f.data)) return false;
  }
  return true;
}

export interface WriteOptions {
  /** fsGroup: files and dirs are group-owned by it (SetVolumeOwnership). */
  gid?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Writes `payload` into `dir` atomically. Returns true when something changed on disk. */
export async function writePayloadAtomically(dir: string, payload: Payload, opts: WriteOptions = {}): Promise<boolean> {
  for (const p of payload.keys()) {
    const err = validatePayloadPath(p);
    if (err) throw new Error(err);
  }
  await mkdir(dir, { recursive: true });
  const dataLink = join(dir, DATA_DIR);
  let oldTs: string | undefined;
  try { oldTs = await readlink(dataLink); } catch { oldTs = undefined; }
  if (oldTs !== undefined && (await samePayload(join(dir, oldTs), payload))) return false;

  const ts = tsDirName((opts.now ?? (() => new Date()))());
  const tsPath = join(dir, ts);
  await mkdir(tsPath, { mode: 0o755 });
  await chmod(tsPath, 0o755);
  for (const [p, f] of payload) {
    const full = join(tsPath, p);
    await mkdir(dirname(full), { recursive: true, mode: 0o755 });
    await writeFile(full, f.data);
    await chmod(full, f.mode & 0o7777);
  }
  if (opts.gid !== undefined) await setGroupOwnership(tsPath, opts.gid, true);

  const tmpLink = join(dir, DATA_TMP);
  await rm(tmpLink, { force: true });
  await symlink(ts, tmpLink);
  await rename(tmpLink, dataLink);

  const tops = new Set([...payload.keys()].map((p) => p.split('/')[0]!));
  for (const top of tops) {
    const link = join(dir, top);
    if (!(await exists(link))) await symlink(join(DATA_DIR, top), link);
  }
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('..')) continue;
    if (!tops.has(e.name) && e.isSymbolicLink() && (await readlink(join(dir, e.name))).startsWith(DATA_DIR + '/')) {
      await unlink(join(dir, e.name));
    }
  }
  if (oldTs !== undefined && oldTs !== ts && oldTs.startsWith('..') && !oldTs.includes('/')) {
    await rm(join(dir, oldTs), { recursive: true, force: true });
  }
  return true;
}

/**
 * SetVolumeOwnership for one tree: group `gid` on everything; files gain g+r (read-only volumes) or g+rw, dirs also
 * setgid and g+x. Symlinks are left alone.
 */
export async function setGroupOwnership(root: string, gid: number, readOnly: boolean): Promise<void> {
  const fileMask = readOnly ? 0o440 : 0o660;
  const visit = async (p: string): Promise<void> => {
    const st = await lstat(p);
    if (st.isSymbolicLink()) return;
    await chown(p, st.uid, gid);
    if (st.isDirectory()) {
      await chmod(p, (st.mode & 0o7777) | fileMask | 0o2000 | 0o110);
      for (const e of await readdir(p)) await visit(join(p, e));
    } else {
      await chmod(p, (st.mode & 0o7777) | fileMask);
    }
  };
  await visit(root);
}
