import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certSANs } from './certs.js';
import { ensureServerPKI, RENEW_BEFORE_MS } from './server-pki.js';

const NOW = Date.UTC(2025, 5, 1);
const DAY = 86400_000;
const tmp = () => mkdtempSync(join(tmpdir(), 'skiff-pki-'));

test('ensureServerPKI creates CA, serving and admin certs with the documented properties', async () => {
  const dir = tmp();
  try {
    const pki = await ensureServerPKI({ dir, now: NOW, hostName: 'node-a', sans: { dns: ['skiff.example'], ips: ['192.0.2.10'] } });
    assert.deepEqual(pki.generated, ['ca', 'serving', 'admin', 'service-account-key']);
    const ca = new X509Certificate(pki.ca.certPem);
    assert.equal(ca.subject, `CN=skiff-server-ca@${NOW / 1000}`);
    assert.equal(Date.parse(ca.validTo), NOW + 3650 * DAY);
    const serving = new X509Certificate(pki.serving.certPem);
    assert.ok(serving.verify(ca.publicKey));
    assert.deepEqual(serving.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(Date.parse(serving.validTo), NOW + 365 * DAY);
    const sans = certSANs(pki.serving.certPem);
    for (const d of ['localhost', 'node-a', 'skiff.example', 'kubernetes.default.svc']) assert.ok(sans.dns.includes(d), d);
    for (const ip of ['127.0.0.1', '192.0.2.10']) assert.ok(sans.ips.includes(ip), ip);
    const admin = new X509Certificate(pki.admin.certPem);
    assert.ok(admin.verify(ca.publicKey));
    assert.match(admin.subject, /O=system:masters/);
    assert.match(admin.subject, /CN=system:admin/);
    for (const k of [pki.files.caKey, pki.files.servingKey, pki.files.adminKey, pki.files.serviceAccountKey]) {
      assert.equal(statSync(k).mode & 0o777, 0o600, k);
    }
  } finally { rmSync(dir, { recursive: true }); }
});

test('ensureServerPKI loads on the second call and changes nothing', async () => {
  const dir = tmp();
  try {
    const a = await ensureServerPKI({ dir, now: NOW, hostName: 'h', sans: { dns: [], ips: [] } });
    const b = await ensureServerPKI({ dir, now: NOW + DAY, hostName: 'h', sans: { dns: [], ips: [] } });
    assert.deepEqual(b.generated, []);
    assert.equal(b.ca.certPem, a.ca.certPem);
    assert.equal(b.serving.certPem, a.serving.certPem);
    assert.equal(b.admin.keyPem, a.admin.keyPem);
    assert.equal(b.serviceAccountKeyPem, a.serviceAccountKeyPem);
  } finally { rmSync(dir, { recursive: true }); }
});

test('ensureServerPKI re-issues only the serving cert when a SAN is missing, keeping the old names', async () => {
  const dir = tmp();
  try {
    const a = await ensureServerPKI({ dir, now: NOW, hostName: 'h', sans: { dns: ['one.example'], ips: [] } });
    const b = await ensureServerPKI({ dir, now: NOW, hostName: 'h', sans: { dns: [], ips: ['198.51.100.7'] } });
    assert.deepEqual(b.generated, ['serving']);
    assert.equal(b.ca.certPem, a.ca.certPem);
    assert.equal(b.admin.certPem, a.admin.certPem);
    const sans = certSANs(b.serving.certPem);
    assert.ok(sans.ips.includes('198.51.100.7'));
    assert.ok(sans.dns.includes('one.example'));
    assert.equal(readFileSync(b.files.servingCert, 'utf8'), b.serving.certPem);
  } finally { rmSync(dir, { recursive: true }); }
});

test('ensureServerPKI renews leaf certificates that are close to expiry', async () => {
  const dir = tmp();
  try {
    const a = await ensureServerPKI({ dir, now: NOW, hostName: 'h', sans: { dns: [], ips: [] } });
    const later = NOW + 365 * DAY - RENEW_BEFORE_MS + DAY;
    const b = await ensureServerPKI({ dir, now: later, hostName: 'h', sans: { dns: [], ips: [] } });
    assert.deepEqual(b.generated, ['serving', 'admin']);
    assert.equal(b.ca.certPem, a.ca.certPem);
  } finally { rmSync(dir, { recursive: true }); }
});
