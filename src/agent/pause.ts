// The sandbox ("pause") image, built locally so a node needs no registry: Debian's catatonit is a small static init
// with a pause mode (`catatonit -P`), packed as a one-layer OCI image and imported into containerd at start.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOciImage, ociArchive } from './images/index.js';

export const PAUSE_IMAGE = 'skiff.local/pause:3.9';
const CANDIDATES = ['/usr/bin/catatonit', '/usr/libexec/catatonit/catatonit', '/usr/libexec/podman/catatonit'];

export class PauseImageError extends Error {}

/** Writes `<dir>/pause.tar` (when missing or stale) and returns it with the image reference. */
export function ensurePauseImage(dir: string, binary?: string): { ref: string; tarball: string } {
  const bin = binary ?? CANDIDATES.find((p) => existsSync(p));
  if (!bin) throw new PauseImageError('the pause image is built from catatonit, which is not installed: run `apt-get install catatonit`, or pass --pause-image <ref> for an image containerd already has');
  const image = buildOciImage({
    files: [{ path: 'pause', type: 'file', content: readFileSync(bin), mode: 0o755 }],
    config: { Entrypoint: ['/pause', '-P'], User: '65535:65535' },
  });
  mkdirSync(dir, { recursive: true });
  const tarball = join(dir, 'pause.tar');
  const data = ociArchive(image, PAUSE_IMAGE);
  if (!existsSync(tarball) || !readFileSync(tarball).equals(data)) writeFileSync(tarball, data);
  return { ref: PAUSE_IMAGE, tarball };
}
