// Join tokens in the k3s format: K10<sha256 hex of the CA certificate PEM>::<username>:<password>.
// The hash lets an agent check the server's CA before trusting it (TOFU pinned by the token).
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readIfExists, writeFileAtomic } from './files.js';

const PREFIX = 'K10';

export interface JoinToken {
  /** sha256 hex of the CA bundle; '' for a short token that carries no hash. */
  caHash: string;
  username: string;
  password: string;
}

export function hashCA(caPem: string): string {
  return createHash('sha256').update(caPem, 'utf8').digest('hex');
}

export function formatToken(t: JoinToken): string {
  return `${PREFIX}${t.caHash}::${t.username}:${t.password}`;
}

/**
 * Parses a full token `K10<hash>::<user>:<password>` or a short one (`<password>`, which means user `server`
 * as k3s' server token does). Throws on an empty or malformed token.
 */
export function parseToken(token: string): JoinToken {
  const t = token.trim();
  if (t === '') throw new Error('Invalid token: token must not be empty');
  if (!t.startsWith(PREFIX) || !t.includes('::')) return { caHash: '', username: 'server', password: t };
  const [hash, creds] = [t.slice(PREFIX.length, t.indexOf('::')), t.slice(t.indexOf('::') + 2)];
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('Invalid token: the CA hash must be 64 hex digits');
  const colon = creds.indexOf(':');
  if (colon <= 0 || colon === creds.length - 1) throw new Error('Invalid token: expected K10<ca-hash>::<username>:<password>');
  return { caHash: hash, username: creds.slice(0, colon), password: creds.slice(colon + 1) };
}

/** True when the token pins no CA or pins exactly this one. */
export function tokenMatchesCA(token: JoinToken, caPem: string): boolean {
  return token.caHash === '' || token.caHash === hashCA(caPem);
}

/**
 * Returns the server's join token, stored in `<dir>/token` (mode 0600). The CA is read from `<dir>/tls/server-ca.crt`,
 * so call ensureServerPKI first. `given` (--token) may be a full token, which must pin this CA, or a bare secret.
 * Without `given`, the stored token is reused, else a random secret is made.
 */
export function ensureToken(dir: string, given?: string): string {
  const caPem = readIfExists(join(dir, 'tls', 'server-ca.crt'));
  if (!caPem) throw new Error(`Cannot create the join token: no CA at ${join(dir, 'tls', 'server-ca.crt')}; create the PKI first`);
  const path = join(dir, 'token');
  let password: string;
  if (given !== undefined && given !== '') {
    const parsed = parseToken(given);
    if (!tokenMatchesCA(parsed, caPem)) {
      throw new Error('Invalid token: its CA hash does not match this server\'s CA; pass the bare secret or the token this server printed');
    }
    password = parsed.password;
  } else {
    const stored = readIfExists(path);
    password = stored ? parseToken(stored).password : randomBytes(16).toString('hex');
  }
  const full = formatToken({ caHash: hashCA(caPem), username: 'server', password });
  if (readIfExists(path)?.trim() !== full) writeFileAtomic(path, `${full}\n`, 0o600);
  return full;
}
