import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { ClientCertVerifier } from './client-cert.js';
import { createCA, issueClientCert } from '../../pki/index.js';

test('ClientCertVerifier verifies a socket\'s certificate once and still checks validity dates per request', async () => {
  const now = Date.now();
  const ca = await createCA('test-ca', { days: 10, now });
  const client = await issueClientCert(ca, { cn: 'alice', orgs: ['devs'], days: 1, now });
  const { X509Certificate } = await import('node:crypto');
  const x = new X509Certificate(client.certPem);
  let calls = 0;
  const peer = { raw: x.raw, fingerprint256: x.fingerprint256, subject: { CN: 'alice', O: 'devs' }, issuerCertificate: undefined as unknown };
  peer.issuerCertificate = peer;
  const socket = { getPeerCertificate: () => { calls++; return peer; } } as unknown as TLSSocket;
  const v = new ClientCertVerifier(ca.certPem);
  const first = v.check(socket, now);
  const second = v.check(socket, now);
  assert.deepEqual(first, { kind: 'user', user: { username: 'alice', groups: ['devs'] } });
  assert.deepEqual(second, first);
  assert.equal(calls, 1, 'the peer certificate is read once per socket');
  const later = v.check(socket, now + 3 * 24 * 3600 * 1000);
  assert.equal(later.kind, 'error');
});
