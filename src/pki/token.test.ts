import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureToken, formatToken, hashCA, parseToken, tokenMatchesCA } from './token.js';
import { writeFileAtomic } from './files.js';

const CA = '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n';
const HASH = hashCA(CA);

test('parseToken reads the full k3s form', () => {
  const t = parseToken(`K10${HASH}::server:abc:def`);
  assert.deepEqual(t, { caHash: HASH, username: 'server', password: 'abc:def' });
  assert.equal(formatToken(t), `K10${HASH}::server:abc:def`);
});

test('parseToken treats a bare secret as a server token without CA hash', () => {
  assert.deepEqual(parseToken('  s3cret\n'), { caHash: '', username: 'server', password: 's3cret' });
  assert.ok(tokenMatchesCA(parseToken('s3cret'), CA));
});

test('parseToken rejects empty and malformed tokens', () => {
  assert.throws(() => parseToken(''), /must not be empty/);
  assert.throws(() => parseToken('K10abc::server:x'), /64 hex digits/);
  assert.throws(() => parseToken(`K10${HASH}::nopassword`), /expected K10/);
  assert.throws(() => parseToken(`K10${HASH}::user:`), /expected K10/);
});

test('tokenMatchesCA compares the pinned hash', () => {
  assert.ok(tokenMatchesCA(parseToken(`K10${HASH}::server:x`), CA));
  assert.ok(!tokenMatchesCA(parseToken(`K10${'0'.repeat(64)}::server:x`), CA));
});

function serverDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-token-'));
  writeFileAtomic(join(dir, 'tls', 'server-ca.crt'), CA, 0o644);
  return dir;
}

test('ensureToken creates a random token once, stores it 0600, and reuses it', () => {
  const dir = serverDir();
  try {
    const t1 = ensureToken(dir);
    assert.match(t1, new RegExp(`^K10${HASH}::server:[0-9a-f]{32}$`));
    assert.equal(readFileSync(join(dir, 'token'), 'utf8').trim(), t1);
    assert.equal(statSync(join(dir, 'token')).mode & 0o777, 0o600);
    assert.equal(ensureToken(dir), t1);
  } finally { rmSync(dir, { recursive: true }); }
});

test('ensureToken takes a given bare secret or a full token pinning this CA, and refuses another CA', () => {
  const dir = serverDir();
  try {
    assert.equal(ensureToken(dir, 'mysecret'), `K10${HASH}::server:mysecret`);
    assert.equal(ensureToken(dir), `K10${HASH}::server:mysecret`);
    assert.equal(ensureToken(dir, `K10${HASH}::server:other`), `K10${HASH}::server:other`);
    assert.throws(() => ensureToken(dir, `K10${'1'.repeat(64)}::server:x`), /does not match/);
  } finally { rmSync(dir, { recursive: true }); }
});

test('ensureToken fails clearly without a CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-token-'));
  try {
    assert.throws(() => ensureToken(dir), /no CA at/);
  } finally { rmSync(dir, { recursive: true }); }
});
