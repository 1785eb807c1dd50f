// imagePullSecrets → CRI AuthConfig (the kubelet's credentialprovider keyring, reduced to what secrets give):
// `kubernetes.io/dockerconfigjson` (`{"auths": {host: {...}}}`) and `kubernetes.io/dockercfg` (`{host: {...}}`).
// A key matches an image when its host equals the image's registry host (docker.io also answers to
// index.docker.io and `https://index.docker.io/v1/`) and its path, if any, is a prefix of the repository.
import type { Secret } from 'kubernetes-types/core/v1.js';
import { imageRepository, normalizeImageRef } from '../runtime/image-ref.js';
import type { AuthConfig } from '../runtime/types.js';

interface DockerEntry { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }

function entries(secret: Secret): [string, DockerEntry][] {
  const data = secret.data ?? {};
  try {
    if (data['.dockerconfigjson']) {
      const j = JSON.parse(Buffer.from(data['.dockerconfigjson'], 'base64').toString('utf8')) as { auths?: Record<string, DockerEntry> };
      return Object.entries(j.auths ?? {});
    }
    if (data['.dockercfg']) {
      return Object.entries(JSON.parse(Buffer.from(data['.dockercfg'], 'base64').toString('utf8')) as Record<string, DockerEntry>);
    }
  } catch {
    return [];
  }
  return [];
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://index.docker.io/v1/` → `{host: 'docker.io', path: ''}`; `127.0.0.1:5000/team` → host + path. */
function parseKey(key: string): { host: string; path: string } {
  const k = key.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const slash = k.indexOf('/');
  let host = slash >= 0 ? k.slice(0, slash) : k;
  let path = slash >= 0 ? k.slice(slash + 1) : '';
  if (DOCKER_HUB_HOSTS.has(host)) { host = 'docker.io'; if (/^v[12]$/.test(path)) path = ''; }
  return { host: host.toLowerCase(), path };
}

/** Registry host and repository path of an image reference (`docker.io`, `library/busybox`). */
export function imageRegistry(image: string): { host: string; repository: string } {
  const repo = imageRepository(normalizeImageRef(image));
  const slash = repo.indexOf('/');
  return { host: repo.slice(0, slash).toLowerCase(), repository: repo.slice(slash + 1) };
}

function toAuth(host: string, e: DockerEntry): AuthConfig {
  const out: AuthConfig = { serverAddress: host };
  if (e.username !== undefined || e.password !== undefined) { out.username = e.username ?? ''; out.password = e.password ?? ''; }
  else if (e.auth) {
    const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    out.username = colon >= 0 ? decoded.slice(0, colon) : decoded;
    out.password = colon >= 0 ? decoded.slice(colon + 1) : '';
  }
  if (e.identitytoken) out.identityToken = e.identitytoken;
  if (e.registrytoken) out.registryToken = e.registrytoken;
  return out;
}

/** Credentials for `image` from the secrets, most specific key first (longest path). */
export function pullCredentials(image: string, secrets: Secret[]): AuthConfig[] {
  const { host, repository } = imageRegistry(image);
  const found: { score: number; auth: AuthConfig }[] = [];
  for (const s of secrets) {
    for (const [key, entry] of entries(s)) {
      const k = parseKey(key);
      if (k.host !== host) continue;
      if (k.path && repository !== k.path && !repository.startsWith(`${k.path}/`)) continue;
      found.push({ score: k.path.length, auth: toAuth(host, entry) });
    }
  }
  return found.sort((a, b) => b.score - a.score).map((f) => f.auth);
}
