// Acceptance (controllers and scheduler): kubectl 1.27 and 1.33 against `skiff server --disable-agent` plus
// `skiff simulate --nodes 3`: Deployments converge, roll out within their surge/unavailability bounds, roll back,
// scale; pods spread over nodes; unschedulable pods report FailedScheduling and get placed when a node appears.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startSimulator, kubectl, watchPods, podReady, KUBECTL_VERSIONS, tempFile, type Server, type Simulation } from './harness.js';

for (const v of KUBECTL_VERSIONS) {
  describe(`workloads with kubectl ${v}`, () => {
    let s: Server;
    let sim: Simulation;
    const ok = async (args: string[], timeoutMs = 60_000) => {
      const r = await kubectl(s, v, args, { timeoutMs });
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
      return r.stdout;
    };
    const podsOf = async (sel: string) => JSON.parse(await ok(['get', 'pods', '-l', sel, '-o', 'json'])).items as any[];

    before(async () => {
      s = await startServer();
      sim = await startSimulator(s, ['--nodes', '3']);
    });
    after(async () => { await sim.stop(); await s.stop(); });

    it('runs a 5-replica deployment spread over the 3 nodes', async () => {
      await ok(['create', 'deployment', 'web', '--image=busybox', '--replicas=5']);
      assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
      const pods = await podsOf('app=web');
      assert.equal(pods.length, 5);
      assert.ok(pods.every((p) => p.status.phase === 'Running'));
      const nodes = new Set(pods.map((p) => p.spec.nodeName));
      assert.equal(nodes.size, 3, `pods spread over ${[...nodes].join(',')}`);
    });

    it('rolls out a new image within maxSurge/maxUnavailable, keeps history and rolls back to the old ReplicaSet', async () => {
      // a watcher records every pod event during the rollout
      const watcher = await watchPods(s, v, 'app=web');
      const before = JSON.parse(await ok(['get', 'rs', '-l', 'app=web', '-o', 'json'])).items.map((r: any) => r.metadata.name);
      await ok(['set', 'image', 'deployment/web', 'busybox=busybox:1.37']);
      assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
      const dec = await watcher.stop();
      // replay the events: ready pods never below replicas - maxUnavailable (5 - 1), total never above replicas + maxSurge (5 + 2)
      const state = new Map<string, { ready: boolean; deleting: boolean }>();
      let maxTotal = 0; let minReady = Infinity; let seenNew = false;
      for (const ev of dec) {
        const p = ev.object;
        const name = p.metadata.name;
        if (ev.type === 'DELETED') state.delete(name);
        else state.set(name, { ready: podReady(p), deleting: !!p.metadata.deletionTimestamp });
        if (p.spec?.containers?.[0]?.image === 'busybox:1.37') seenNew = true;
        const all = [...state.values()];
        maxTotal = Math.max(maxTotal, all.length);
        if (seenNew) minReady = Math.min(minReady, all.filter((x) => x.ready && !x.deleting).length);
      }
      assert.ok(seenNew, 'the watcher saw new pods');
      assert.ok(maxTotal <= 7, `at most replicas+maxSurge pods existed (saw ${maxTotal})`);
      assert.ok(minReady >= 4, `ready pods never fell below replicas-maxUnavailable (saw ${minReady})`);
      const hist = await ok(['rollout', 'history', 'deployment/web']);
      assert.match(hist, /^1\s/m);
      assert.match(hist, /^2\s/m);
      await ok(['rollout', 'undo', 'deployment/web']);
      assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
      const d = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json']));
      assert.equal(d.spec.template.spec.containers[0].image, 'busybox');
      const rss = JSON.parse(await ok(['get', 'rs', '-l', 'app=web', '-o', 'json'])).items;
      const active = rss.filter((r: any) => r.spec.replicas > 0);
      assert.equal(active.length, 1);
      assert.ok(before.includes(active[0].metadata.name), 'undo re-used the first ReplicaSet');
      assert.equal(active[0].metadata.annotations['deployment.kubernetes.io/revision'], '3');
    });

    it('pauses and resumes a rollout', async () => {
      await ok(['rollout', 'pause', 'deployment/web']);
      await ok(['set', 'image', 'deployment/web', 'busybox=busybox:1.36']);
      const d = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json']));
      assert.equal(d.spec.paused, true);
      const rss = JSON.parse(await ok(['get', 'rs', '-l', 'app=web', '-o', 'json'])).items;
      assert.ok(!rss.some((r: any) => r.spec.template.spec.containers[0].image === 'busybox:1.36'), 'no new ReplicaSet while paused');
      await ok(['rollout', 'resume', 'deployment/web']);
      assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
    });

    it('scales to 0 and to 10', async () => {
      await ok(['scale', 'deployment/web', '--replicas=0']);
      await ok(['wait', '--for=jsonpath={.status.replicas}=0', 'deployment/web', '--timeout=60s']).catch(async () => {
        await ok(['wait', '--for=delete', 'pod', '-l', 'app=web', '--timeout=60s']);
      });
      await ok(['scale', 'deployment/web', '--replicas=10']);
      assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
      assert.equal((await podsOf('app=web')).filter((p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp).length, 10);
    });

    it('terminates old pods before starting new ones with Recreate', async () => {
      await ok(['create', 'deployment', 'rec', '--image=busybox', '--replicas=3']);
      await ok(['patch', 'deployment', 'rec', '--type=merge', '-p', '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}']);
      await ok(['rollout', 'status', 'deployment/rec', '--timeout=60s']);
      const watcher = await watchPods(s, v, 'app=rec');
      await ok(['set', 'image', 'deployment/rec', 'busybox=busybox:1.37']);
      await ok(['rollout', 'status', 'deployment/rec', '--timeout=60s']);
      const evs = await watcher.stop();
      const firstNew = evs.findIndex((e) => e.object.spec.containers[0].image === 'busybox:1.37');
      const lastOldDelete = evs.map((e, i) => (e.type === 'DELETED' && e.object.spec.containers[0].image === 'busybox' ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
      assert.ok(firstNew > lastOldDelete, 'every old pod was gone before the first new pod appeared');
    });

    it('reports ProgressDeadlineExceeded for a rollout that cannot progress', async () => {
      const f = tempFile(s, `stuck-${v}.yaml`, `apiVersion: apps/v1
kind: Deployment
metadata: {name: stuck}
spec:
  replicas: 1
  progressDeadlineSeconds: 3
  selector: {matchLabels: {app: stuck}}
  template:
    metadata: {labels: {app: stuck}}
    spec:
      containers:
      - name: c
        image: busybox
        resources: {requests: {cpu: "500"}}
`);
      await ok(['apply', '-f', f]);
      const r = await kubectl(s, v, ['rollout', 'status', 'deployment/stuck', '--timeout=60s'], { timeoutMs: 70_000 });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /exceeded its progress deadline/);
      const d = JSON.parse(await ok(['get', 'deploy', 'stuck', '-o', 'json']));
      const prog = d.status.conditions.find((c: any) => c.type === 'Progressing');
      assert.equal(prog.reason, 'ProgressDeadlineExceeded');
    });

    it('keeps an oversized pod Pending with FailedScheduling until a big enough node appears', async () => {
      await ok(['run', 'huge', '--image=busybox', '--overrides={"spec":{"containers":[{"name":"huge","image":"busybox","resources":{"requests":{"cpu":"64"}}}]}}']);
      await ok(['wait', '--for=condition=PodScheduled=False', 'pod/huge', '--timeout=30s']);
      const ev = await ok(['get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}']);
      assert.match(ev, /^0\/3 nodes are available: 3 Insufficient cpu\. preemption: /);
      const big = await startSimulator(s, ['--nodes', '1', '--node-cpu', '128', '--node-name-prefix', `big-${v.replace('.', '')}-`]);
      try {
        await ok(['wait', '--for=condition=Ready', 'pod/huge', '--timeout=60s']);
        assert.equal(await ok(['get', 'pod', 'huge', '-o', 'jsonpath={.spec.nodeName}']), `big-${v.replace('.', '')}-0`);
      } finally {
        await ok(['delete', 'pod', 'huge']);
        await big.stop();
        await ok(['delete', 'node', `big-${v.replace('.', '')}-0`]);
      }
    });
  });
}
