import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createCA } from './certs.js';
import { issueNodeCredentials, issueAgentClientCert } from './node-credentials.js';

test('node credentials: client cert system:node:<name> in system:nodes, serving cert for the node addresses', async () => {
  const ca = await createCA('skiff-ca', { days: 10 });
  const c = await issueNodeCredentials(ca, 'node-1', ['10.0.0.5', 'node-1.example']);
  const client = new X509Certificate(c.client.certPem);
  assert.match(client.subject, /CN=system:node:node-1/);
  assert.match(client.subject, /O=system:nodes/);
  assert.ok(client.verify(new X509Certificate(ca.certPem).publicKey));
  const serving = new X509Certificate(c.serving.certPem);
  assert.ok(serving.checkIP('10.0.0.5'));
  assert.ok(serving.checkIP('127.0.0.1'));
  assert.ok(serving.checkHost('node-1.example'));
  assert.equal(c.caPem, ca.certPem);
  const api = new X509Certificate((await issueAgentClientCert(ca)).certPem);
  assert.match(api.subject, /CN=kube-apiserver-kubelet-client/);
});

test('node credentials refuse invalid node names', async () => {
  const ca = await createCA('skiff-ca', { days: 10 });
  await assert.rejects(issueNodeCredentials(ca, 'Bad_Name', []), /invalid node name "Bad_Name"/);
});
