import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { canonicalIP, certSANs, createCA, issueClientCert, issueServingCert } from './certs.js';

const NOW = Date.UTC(2025, 0, 1);
const DAY = 86400_000;

test('createCA makes a self-signed CA valid for the requested days', async () => {
  const ca = await createCA('skiff-server-ca@1735689600', { now: NOW, days: 3650 });
  const c = new X509Certificate(ca.certPem);
  assert.equal(c.subject, 'CN=skiff-server-ca@1735689600');
  assert.equal(c.ca, true);
  assert.ok(c.checkIssued(c) && c.verify(c.publicKey));
  assert.equal(Date.parse(c.validTo), NOW + 3650 * DAY);
  assert.ok(Date.parse(c.validFrom) < NOW);
  assert.match(ca.keyPem, /BEGIN EC PRIVATE KEY/);
});

test('issueClientCert puts CN and O in the subject, signs with the CA, and sets clientAuth', async () => {
  const ca = await createCA('ca', { now: NOW, days: 10 });
  const node = await issueClientCert(ca, { now: NOW, days: 365, cn: 'system:node:n1', orgs: ['system:nodes'] });
  const c = new X509Certificate(node.certPem);
  const caX = new X509Certificate(ca.certPem);
  assert.ok(c.checkIssued(caX) && c.verify(caX.publicKey));
  assert.match(c.subject, /CN=system:node:n1/);
  assert.match(c.subject, /O=system:nodes/);
  assert.deepEqual(c.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.equal(c.ca, false);
  // A leaf never outlives its CA.
  assert.equal(Date.parse(c.validTo), Date.parse(caX.validTo));
});

test('issueServingCert carries DNS and IP SANs and serverAuth', async () => {
  const ca = await createCA('ca', { now: NOW, days: 100 });
  const s = await issueServingCert(ca, { now: NOW, days: 30, dns: ['localhost', 'example.test', 'localhost'], ips: ['127.0.0.1', '::1', '10.43.0.1'] });
  const c = new X509Certificate(s.certPem);
  assert.deepEqual(c.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.deepEqual(certSANs(s.certPem), { dns: ['localhost', 'example.test'], ips: ['127.0.0.1', '::1', '10.43.0.1'] });
  assert.equal(Date.parse(c.validTo), NOW + 30 * DAY);
  assert.ok(c.checkHost('example.test'));
  assert.ok(c.checkIP('10.43.0.1'));
});

test('canonicalIP compresses IPv6 and keeps IPv4', () => {
  assert.equal(canonicalIP('0:0:0:0:0:0:0:1'), '::1');
  assert.equal(canonicalIP('FD00:0::1'), 'fd00::1');
  assert.equal(canonicalIP('10.0.0.1'), '10.0.0.1');
});
