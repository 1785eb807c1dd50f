// A minimal ustar writer (and reader, for tests and for inspecting archives). Enough for image layers and OCI
// archives: regular files, directories and symlinks; names or link targets that do not fit ustar's fields get a
// PAX extended header, as GNU tar and Go's archive/tar write them.

export type TarEntryType = 'file' | 'dir' | 'symlink';

export interface TarEntry {
  /** Relative path, no leading slash; directories may or may not end with '/'. */
  path: string;
  type: TarEntryType;
  /** Permission bits, including setuid/setgid/sticky (07777). */
  mode: number;
  content?: Buffer;
  linkTarget?: string;
  /** @default 0 */ uid?: number;
  /** @default 0 */ gid?: number;
  /** Seconds since the epoch. @default 0 (reproducible output) */ mtime?: number;
}

const BLOCK = 512;

function octal(buf: Buffer, off: number, len: number, value: number): void {
  const s = value.toString(8).padStart(len - 1, '0');
  if (s.length > len - 1) throw new Error(`Cannot write tar header: value ${value} does not fit ${len} bytes`);
  buf.write(s, off, len - 1, 'ascii');
  buf[off + len - 1] = 0;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** Splits a path into ustar's prefix (155) and name (100) fields, or returns undefined when it cannot. */
function splitName(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return undefined;
}

function header(o: { name: string; prefix: string; mode: number; uid: number; gid: number; size: number; mtime: number; flag: string; link: string }): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(o.name, 0, 100, 'utf8');
  octal(h, 100, 8, o.mode & 0o7777);
  octal(h, 108, 8, o.uid);
  octal(h, 116, 8, o.gid);
  octal(h, 124, 12, o.size);
  octal(h, 136, 12, o.mtime);
  h.write(o.flag, 156, 1, 'ascii');
  h.write(o.link, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(o.prefix, 345, 155, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0'), 148, 6, 'ascii');
  h[154] = 0;
  h[155] = 0x20;
  return h;
}

function pad(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Serialises entries, in the given order, into one tar archive (with the two zero blocks at the end). */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const path = e.type === 'dir' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
    const content = e.type === 'file' ? (e.content ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const link = e.type === 'symlink' ? (e.linkTarget ?? '') : '';
    const split = splitName(path);
    let pax = '';
    if (!split) pax += paxRecord('path', path);
    if (Buffer.byteLength(link) > 100) pax += paxRecord('linkpath', link);
    const common = { mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0, mtime: e.mtime ?? 0 };
    if (pax) {
      const body = Buffer.from(pax, 'utf8');
      parts.push(header({ ...common, name: 'PaxHeaders/entry', prefix: '', size: body.length, flag: 'x', link: '' }), body, pad(body.length));
    }
    const flag = e.type === 'file' ? '0' : e.type === 'dir' ? '5' : '2';
    const name = split ?? { prefix: '', name: path.slice(0, 100) };
    parts.push(header({ ...common, ...name, size: content.length, flag, link: link.slice(0, 100) }), content, pad(content.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function field(h: Buffer, off: number, len: number): string {
  const end = h.indexOf(0, off);
  return h.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

/** Reads a tar archive written by writeTar (ustar + PAX path/linkpath). */
export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let pax: Record<string, string> = {};
  for (let off = 0; off + BLOCK <= tar.length;) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(field(h, 124, 12), 8) || 0;
    const flag = String.fromCharCode(h[156]!);
    const body = tar.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (flag === 'x') {
      pax = {};
      for (const m of body.toString('utf8').matchAll(/\d+ ([^=]+)=([^\n]*)\n/g)) pax[m[1]!] = m[2]!;
      continue;
    }
    const prefix = field(h, 345, 155);
    const name = field(h, 0, 100);
    const path = pax.path ?? (prefix ? `${prefix}/${name}` : name);
    const type: TarEntryType = flag === '5' ? 'dir' : flag === '2' ? 'symlink' : 'file';
    const e: TarEntry = { path, type, mode: parseInt(field(h, 100, 8), 8), uid: parseInt(field(h, 108, 8), 8), gid: parseInt(field(h, 116, 8), 8), mtime: parseInt(field(h, 136, 12), 8) };
    if (type === 'file') e.content = Buffer.from(body);
    if (type === 'symlink') e.linkTarget = pax.linkpath ?? field(h, 157, 100);
    out.push(e);
    pax = {};
  }
  return out;
}
