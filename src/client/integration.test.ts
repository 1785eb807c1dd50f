// INTEGRATION TEST (not a unit test): starts a real `skiff server` from the compiled tree this file was built into
// (dist/ or a private outDir; skipped when that tree has no src/cmd/skiff.js) and runs an informer, a trivial
// reconciler and the leader-elected ControllerManager against it over HTTPS with the server's admin kubeconfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { Client } from './rest.js';
import { fromKubeconfig } from './https.js';
import { SharedInformerFactory } from './factory.js';
import { resources } from './resources.js';
import { ControllerManager } from '../controllers/framework/manager.js';
import { done, forObject, type ObjectKey, type Reconciler } from '../controllers/framework/reconciler.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = join(ROOT, 'src', 'cmd', 'skiff.js');

async function startServer(): Promise<{ kubeconfig: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-client-it-'));
  // a launcher file (not `--input-type=module -e`: with that flag Node refuses the CLI's lazy subcommand imports)
  const launcher = join(dataDir, 'launch.mjs');
  writeFileSync(launcher, `const m = await import(${JSON.stringify(pathToFileURL(ENTRY).href)}); await m.main(['node', 'skiff', ...process.argv.slice(2)]);\n`);
  const proc: ChildProcess = spawn(process.execPath, [launcher, 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--bind-address', '127.0.0.1', '--disable-agent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((res, rej) => {
    const onData = (d: Buffer) => { out += d; if (/API server: https:\/\//.test(out)) res(); };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (c) => rej(new Error(`skiff server exited with ${c}:\n${out}`)));
  });
  return {
    kubeconfig: join(dataDir, 'kubeconfig.yaml'),
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('integration: informer + reconciler + leader election against a real skiff server', { skip: !existsSync(ENTRY) && 'no compiled skiff entry point', timeout: 60_000 }, async () => {
  const server = await startServer();
  const client = new Client(fromKubeconfig(server.kubeconfig));
  try {
    const cms = client.resource(resources.configMaps);
    await cms.create('default', { metadata: { name: 'before' }, data: { value: 'b' } });
    await assert.rejects(cms.create('default', { metadata: { name: 'before' } }), { code: 409, reason: 'AlreadyExists' });
    await assert.rejects(cms.get('default', 'missing'), { code: 404, message: 'configmaps "missing" not found' });

    const factory = new SharedInformerFactory({ client });
    const informer = factory.forResource(resources.configMaps, { namespace: 'default' });
    const reconciled = new Set<string>();
    const copier: Reconciler = {
      name: 'label-copier',
      watches: () => [forObject(informer)],
      async reconcile(key: ObjectKey) {
        reconciled.add(key.name);
        const cm = informer.get(key) as ConfigMap | undefined;
        if (!cm || cm.metadata?.labels?.value === cm.data?.value) return done();
        await cms.patch(key.namespace, key.name, 'merge', { metadata: { labels: { value: cm.data?.value ?? '' } } });
        return done();
      },
    };
    const manager = new ControllerManager({ factory, controllers: [copier], leaderElection: { client, name: 'skiff-client-it', identity: 'it-1', namespace: 'default' } });
    await manager.start();
    await until('leadership', () => manager.isLeader());
    await until('initial reconcile', async () => (await cms.get('default', 'before')).metadata?.labels?.value === 'b');
    await cms.create('default', { metadata: { name: 'after' }, data: { value: 'a' } });
    await until('watch-driven reconcile', async () => (await cms.get('default', 'after')).metadata?.labels?.value === 'a');
    await cms.delete('default', 'after');
    await until('informer sees delete', () => informer.get('default', 'after') === undefined);
    const lease = await client.resource(resources.leases).get('default', 'skiff-client-it');
    assert.equal(lease.spec?.holderIdentity, 'it-1');
    await manager.stop();
    const released = await client.resource(resources.leases).get('default', 'skiff-client-it');
    assert.equal(released.spec?.holderIdentity, undefined);
    assert.ok(reconciled.has('before') && reconciled.has('after'));
  } finally {
    client.close();
    await server.stop();
  }
});
