// Writes an OCI image layout (a directory: oci-layout, index.json, blobs/sha256/<hex>), the form
// `skopeo copy oci:DIR:tag docker://…` reads, and the same layout packed into a tar (an "oci-archive"), the form
// `ctr images import` and the agent's tarball import read.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeTar, type TarEntry } from './tar.js';
import { imageBlobs, type OciImage } from './image.js';
import { ANNOTATION_CONTAINERD_IMAGE_NAME, ANNOTATION_REF_NAME, MEDIA_TYPE_INDEX } from './media-types.js';

/** Writes via a uniquely named temp file and a rename, so concurrent writers of the same file never clash. */
function writeAtomic(file: string, data: Buffer | string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

interface Index { schemaVersion: 2; mediaType?: string; manifests: Descriptor[] }

const OCI_LAYOUT = JSON.stringify({ imageLayoutVersion: '1.0.0' });

function manifestDescriptor(image: OciImage, annotations: Record<string, string>): Descriptor {
  const m = image.manifest;
  return { mediaType: m.mediaType, digest: m.digest, size: m.size, annotations, platform: { architecture: image.arch, os: image.os } };
}

function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

/** The tag part of a reference: 'skiff.local/pause:3.9' → '3.9', 'a/b@sha256:…' → undefined, 'a/b' → 'latest'. */
export function tagOf(ref: string): string | undefined {
  if (ref.includes('@')) return undefined;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : 'latest';
}

/**
 * Adds the image to the OCI layout in `dir` under `tag` (the layout is created if missing; other tags stay, a
 * manifest already holding this tag loses it).
 */
export function writeOciLayout(dir: string, image: OciImage, tag: string): void {
  for (const b of imageBlobs(image)) {
    const p = join(dir, blobPath(b.digest));
    if (existsSync(p)) continue;
    mkdirSync(dirname(p), { recursive: true });
    writeAtomic(p, b.data);
  }
  writeFileSync(join(dir, 'oci-layout'), OCI_LAYOUT);
  const indexPath = join(dir, 'index.json');
  const index: Index = existsSync(indexPath) ? JSON.parse(readFileSync(indexPath, 'utf8')) as Index : { schemaVersion: 2, manifests: [] };
  index.mediaType = MEDIA_TYPE_INDEX;
  index.manifests = index.manifests.filter((d) => d.annotations?.[ANNOTATION_REF_NAME] !== tag);
  index.manifests.push(manifestDescriptor(image, { [ANNOTATION_REF_NAME]: tag }));
  writeAtomic(indexPath, JSON.stringify(index));
}

/**
 * The OCI archive of one image as a Buffer. `refName` is the full reference ('skiff.local/pause:3.9'): written as
 * `io.containerd.image.name` (which containerd's importer reads first) and its tag as
 * `org.opencontainers.image.ref.name`, the way `ctr images export` writes them.
 */
export function ociArchive(image: OciImage, refName: string): Buffer {
  const annotations: Record<string, string> = { [ANNOTATION_CONTAINERD_IMAGE_NAME]: refName };
  const tag = tagOf(refName);
  if (tag) annotations[ANNOTATION_REF_NAME] = tag;
  const index: Index = { schemaVersion: 2, mediaType: MEDIA_TYPE_INDEX, manifests: [manifestDescriptor(image, annotations)] };
  const entries: TarEntry[] = [
    { path: 'blobs', type: 'dir', mode: 0o755 },
    { path: 'blobs/sha256', type: 'dir', mode: 0o755 },
    ...imageBlobs(image).map((b): TarEntry => ({ path: blobPath(b.digest), type: 'file', mode: 0o644, content: b.data })),
    { path: 'oci-layout', type: 'file', mode: 0o644, content: Buffer.from(OCI_LAYOUT) },
    { path: 'index.json', type: 'file', mode: 0o644, content: Buffer.from(JSON.stringify(index)) },
  ];
  return writeTar(entries);
}

/** Writes the OCI archive of one image to `file` (atomically). */
export function writeOciArchive(file: string, image: OciImage, refName: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, ociArchive(image, refName));
}
