// Image reference normalisation, as containerd (docker/distribution `reference.ParseNormalizedNamed`) does it:
// `busybox` → `docker.io/library/busybox:latest`, `127.0.0.1:5000/x` → `127.0.0.1:5000/x:latest`.

/** The fully qualified form of an image reference; image ids (`sha256:…`) are returned unchanged. */
export function normalizeImageRef(ref: string): string {
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) return ref;
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at) : '';
  let name = at >= 0 ? ref.slice(0, at) : ref;
  let tag = '';
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) { tag = name.slice(colon); name = name.slice(0, colon); }
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) name = `docker.io/${name}`;
  else if (first === 'index.docker.io') name = `docker.io${name.slice(first.length)}`;
  if (name.startsWith('docker.io/') && !name.slice('docker.io/'.length).includes('/')) {
    name = `docker.io/library/${name.slice('docker.io/'.length)}`;
  }
  if (!tag && !digest) tag = ':latest';
  return name + tag + digest;
}

/** The repository part (no tag, no digest) of a normalised reference. */
export function imageRepository(normalizedRef: string): string {
  const at = normalizedRef.indexOf('@');
  const name = at >= 0 ? normalizedRef.slice(0, at) : normalizedRef;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}
