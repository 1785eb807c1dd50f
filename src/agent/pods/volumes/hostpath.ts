// hostPath type checks (pkg/volume/hostpath checkType), with the kubelet's messages. `DirectoryOrCreate` makes the
// directory (0755, parents too); `FileOrCreate` makes an empty 0644 file but not its parent.
import { lstat, mkdir, open, stat } from 'node:fs/promises';

async function kind(path: string): Promise<'dir' | 'file' | 'socket' | 'char' | 'block' | 'other' | undefined> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    if (st.isSocket()) return 'socket';
    if (st.isCharacterDevice()) return 'char';
    if (st.isBlockDevice()) return 'block';
    return 'other';
  } catch {
    try { await lstat(path); return 'other'; } catch { return undefined; } // a dangling symlink exists
  }
}

/** Checks (and for the *OrCreate types, creates) `path`; throws with the kubelet's wording. */
export async function checkHostPathType(path: string, type: string | undefined): Promise<void> {
  let k = await kind(path);
  const t = type ?? '';
  if (t === 'DirectoryOrCreate' && k === undefined) {
    await mkdir(path, { recursive: true, mode: 0o755 });
    k = 'dir';
  }
  if (t === 'FileOrCreate' && k === undefined) {
    try {
      const fh = await open(path, 'a', 0o644);
      await fh.close();
    } catch (e) {
      throw new Error(`open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    k = 'file';
  }
  const want: Record<string, [string, string]> = {
    DirectoryOrCreate: ['dir', 'a directory'], Directory: ['dir', 'a directory'],
    FileOrCreate: ['file', 'a file'], File: ['file', 'a file'],
    Socket: ['socket', 'a socket file'], CharDevice: ['char', 'a character device'], BlockDevice: ['block', 'a block device'],
  };
  if (t === '') return;
  const w = want[t];
  if (!w) throw new Error(`${t} is an invalid volume type`);
  if (k !== w[0]) throw new Error(`hostPath type check failed: ${path} is not ${w[1]}`);
}
