// The test suite's own container images (no registry on the internet is reachable): a pause image from Debian's
// catatonit and a busybox image from busybox-static, built with src/agent/images, written as OCI archives (for
// `<data-dir>/agent/images/` or `ctr images import`) and OCI layout dirs (for pushing with skopeo). Outputs are named
// by manifest digest, so they are rebuilt only when their content changes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildOciImage, type ImageFile, type OciImage } from '../../src/agent/images/image.js';
import { tagOf, writeOciArchive, writeOciLayout } from '../../src/agent/images/layout.js';

export const TEST_IMAGE_REFS = { pause: 'skiff.local/pause:3.9', busybox: 'skiff.local/busybox:1.36' } as const;

export interface TestImages {
  /** OCI archive (tar) paths. */
  pause: string;
  busybox: string;
  /** OCI image layout dirs; each holds its image under the tag of its ref ('3.9', '1.36'). */
  layouts: { pause: string; busybox: string };
  /** Manifest digests. */
  digests: { pause: string; busybox: string };
  refs: typeof TEST_IMAGE_REFS;
}

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${r.stderr}`);
  return r.stdout;
}

/** catatonit's static binary, from its Debian package (downloaded once into cacheDir, not installed). */
export function catatonitBinary(cacheDir: string): string {
  const bin = join(cacheDir, 'catatonit', 'usr', 'bin', 'catatonit');
  if (existsSync(bin)) return bin;
  const tmp = mkdtempSync(join(cacheDir, '.catatonit-'));
  try {
    let deb = readdirSync(cacheDir).find((f) => /^catatonit_.*\.deb$/.test(f));
    if (!deb) {
      run('apt-get', ['download', '-o', 'APT::Sandbox::User=root', 'catatonit'], tmp);
      deb = readdirSync(tmp).find((f) => /^catatonit_.*\.deb$/.test(f));
      if (!deb) throw new Error('apt-get download catatonit produced no .deb');
      renameSync(join(tmp, deb), join(cacheDir, deb));
    }
    run('dpkg-deb', ['-x', join(cacheDir, deb), join(tmp, 'root')]);
    if (!existsSync(join(cacheDir, 'catatonit'))) renameSync(join(tmp, 'root'), join(cacheDir, 'catatonit'));
    return bin;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function pauseImage(catatonit: string): OciImage {
  return buildOciImage({
    files: [{ path: '/pause', sourcePath: catatonit, mode: 0o755 }],
    config: { Entrypoint: ['/pause', '-P'] },
  });
}

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\n';

/** A busybox userland: the static binary, a symlink per applet (`busybox --list-full`), /tmp, users and groups. */
export function busyboxImage(busybox = '/bin/busybox'): OciImage {
  const applets = run(busybox, ['--list-full']).split('\n').map((s) => s.trim()).filter((s) => s && s !== 'bin/busybox');
  const files: ImageFile[] = [
    { path: '/bin/busybox', sourcePath: busybox, mode: 0o755 },
    ...applets.map((a): ImageFile => ({ path: `/${a}`, symlinkTarget: '/bin/busybox' })),
    { path: '/tmp', type: 'dir', mode: 0o1777 },
    { path: '/root', type: 'dir', mode: 0o700 },
    { path: '/etc/passwd', content: PASSWD },
    { path: '/etc/group', content: GROUP },
    // mount targets CRI bind-mounts over; present so a read-only root filesystem needs no new files
    { path: '/etc/hosts', content: '' },
    { path: '/etc/hostname', content: '' },
    { path: '/etc/resolv.conf', content: '' },
    ...['/proc', '/sys', '/dev', '/run', '/var/run', '/var/www'].map((p): ImageFile => ({ path: p, type: 'dir' })),
  ];
  return buildOciImage({ files, config: { Cmd: ['sh'], Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'] } });
}

function materialise(cacheDir: string, name: string, image: OciImage, ref: string): { tar: string; layout: string } {
  const id = image.manifest.digest.slice('sha256:'.length, 'sha256:'.length + 16);
  const tar = join(cacheDir, `${name}-${id}.tar`);
  const layout = join(cacheDir, `${name}-${id}-oci`);
  if (!existsSync(tar)) writeOciArchive(tar, image, ref);
  if (!existsSync(join(layout, 'index.json'))) writeOciLayout(layout, image, tagOf(ref)!);
  return { tar, layout };
}

export async function buildTestImages(cacheDir: string): Promise<TestImages> {
  mkdirSync(cacheDir, { recursive: true });
  const pause = pauseImage(catatonitBinary(cacheDir));
  const busybox = busyboxImage();
  const p = materialise(cacheDir, 'pause', pause, TEST_IMAGE_REFS.pause);
  const b = materialise(cacheDir, 'busybox', busybox, TEST_IMAGE_REFS.busybox);
  return {
    pause: p.tar, busybox: b.tar,
    layouts: { pause: p.layout, busybox: b.layout },
    digests: { pause: pause.manifest.digest, busybox: busybox.manifest.digest },
    refs: TEST_IMAGE_REFS,
  };
}
