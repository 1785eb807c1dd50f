// Builds a one-layer OCI image in memory: a gzip'd tar layer, the image config and the manifest, each addressed by
// its sha256 digest. Output is reproducible: the same inputs give the same manifest digest.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { writeTar, type TarEntry } from './tar.js';
import { MEDIA_TYPE_CONFIG, MEDIA_TYPE_LAYER_GZIP, MEDIA_TYPE_MANIFEST } from './media-types.js';

export interface ImageFile {
  /** Absolute path inside the image, e.g. '/bin/busybox'. */
  path: string;
  /** Inferred: 'symlink' with symlinkTarget, 'file' with content or sourcePath; directories must say 'dir'. */
  type?: 'file' | 'dir' | 'symlink';
  content?: string | Buffer;
  /** A host file whose bytes become the content. */
  sourcePath?: string;
  symlinkTarget?: string;
  /** @default 0o644 for files, 0o755 for directories, 0o777 for symlinks */
  mode?: number;
  /** @default 0 */ uid?: number;
  /** @default 0 */ gid?: number;
}

/** The `config` object of an OCI image config (the fields a container runtime reads). */
export interface ImageRunConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface BuildOciImageOptions {
  files: ImageFile[];
  config: ImageRunConfig;
  /** GOARCH spelling. @default the host's (amd64 for x64, arm64 for arm64) */
  arch?: string;
  /** @default 'linux' */ os?: string;
}

export interface Blob { mediaType: string; digest: string; size: number; data: Buffer }

export interface OciImage {
  manifest: Blob;
  config: Blob;
  layers: (Blob & { diffId: string })[];
  arch: string;
  os: string;
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function blob(mediaType: string, data: Buffer): Blob {
  return { mediaType, digest: sha256(data), size: data.length, data };
}

export function hostArch(nodeArch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[nodeArch] ?? nodeArch;
}

function normalise(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new Error(`Invalid image file path "${path}": must not contain ".."`);
  return parts.join('/');
}

/** Turns the file list into tar entries: parents created (0755), later entries override earlier ones, sorted. */
export function layerEntries(files: readonly ImageFile[]): TarEntry[] {
  const byPath = new Map<string, TarEntry>();
  for (const f of files) {
    const path = normalise(f.path);
    if (!path) continue;
    const type = f.type ?? (f.symlinkTarget !== undefined ? 'symlink' : f.content !== undefined || f.sourcePath !== undefined ? 'file' : undefined);
    if (!type) throw new Error(`Invalid image file "${f.path}": needs content, sourcePath, symlinkTarget or type 'dir'`);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!byPath.has(dir)) byPath.set(dir, { path: dir, type: 'dir', mode: 0o755 });
    }
    const base = { path, uid: f.uid ?? 0, gid: f.gid ?? 0 };
    if (type === 'dir') byPath.set(path, { ...base, type, mode: f.mode ?? 0o755 });
    else if (type === 'symlink') byPath.set(path, { ...base, type, mode: f.mode ?? 0o777, linkTarget: f.symlinkTarget ?? '' });
    else {
      const content = f.content !== undefined ? Buffer.from(f.content) : readFileSync(f.sourcePath!);
      byPath.set(path, { ...base, type, mode: f.mode ?? 0o644, content });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function buildOciImage(o: BuildOciImageOptions): OciImage {
  const arch = o.arch ?? hostArch();
  const os = o.os ?? 'linux';
  const tar = writeTar(layerEntries(o.files));
  const layer = { ...blob(MEDIA_TYPE_LAYER_GZIP, gzipSync(tar)), diffId: sha256(tar) };
  const configJson = {
    architecture: arch,
    os,
    config: o.config,
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created_by: 'skiff image builder' }],
  };
  const config = blob(MEDIA_TYPE_CONFIG, Buffer.from(JSON.stringify(configJson)));
  const manifestJson = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE_MANIFEST,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }],
  };
  const manifest = blob(MEDIA_TYPE_MANIFEST, Buffer.from(JSON.stringify(manifestJson)));
  return { manifest, config, layers: [layer], arch, os };
}

/** All blobs of the image, manifest first. */
export function imageBlobs(image: OciImage): Blob[] {
  return [image.manifest, image.config, ...image.layers];
}
