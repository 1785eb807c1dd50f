// Proves the whole chain with the real kubectl: generated CA + serving cert + admin client cert + kubeconfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureServerPKI } from './server-pki.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';

function hasKubectl(): boolean {
  try { execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' }); return true; } catch { return false; }
}

test('renderKubeconfig embeds base64 data and names', () => {
  const y = parse(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' }));
  assert.equal(y['current-context'], 'default');
  assert.deepEqual(y.contexts[0], { name: 'default', context: { cluster: 'skiff', user: 'admin' } });
  assert.equal(y.clusters[0].cluster['certificate-authority-data'], Buffer.from('CA').toString('base64'));
  assert.equal(y.users[0].user['client-key-data'], Buffer.from('KEY').toString('base64'));
});

test('kubectl get --raw /version works against the generated PKI and presents CN=system:admin', { skip: !hasKubectl() && 'kubectl not on PATH' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-kc-'));
  const pki = await ensureServerPKI({ dir, sans: { dns: [], ips: [] } });
  const seen: Array<{ cn?: string | string[]; o?: string | string[] }> = [];
  const server = createServer({ cert: pki.serving.certPem, key: pki.serving.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({ cn: peer.subject?.CN, o: peer.subject?.O });
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.0+skiff' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const kc = join(dir, 'kubeconfig.yaml');
    writeKubeconfig(kc, { server: `https://127.0.0.1:${port}`, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem });
    assert.equal(statSync(kc).mode & 0o777, 0o600);
    const out = await new Promise<string>((resolve, reject) => {
      execFile('kubectl', ['--kubeconfig', kc, 'get', '--raw', '/version'], { timeout: 20_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout));
    });
    assert.equal(JSON.parse(out).gitVersion, 'v1.30.0+skiff');
    assert.ok(seen.length >= 1);
    assert.deepEqual(seen.at(-1), { cn: 'system:admin', o: 'system:masters' });
    assert.ok(readFileSync(kc, 'utf8').includes('client-certificate-data'));
  } finally {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true });
  }
});
