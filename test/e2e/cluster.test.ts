// Acceptance (controllers and scheduler, continued): deletion cascades, placement rules, node loss with taint-based
// eviction, drain honouring a PDB, namespace deletion, preemption. kubectl 1.33 and 1.27 against a server plus
// `skiff simulate --nodes 3`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startSimulator, kubectl, tempFile, watchPods, podReady, type Server, type Simulation } from './harness.js';

describe('cluster behaviour', () => {
  let s: Server;
  let sim: Simulation;
  const k = (args: string[], timeoutMs = 90_000, v = '1.33') => kubectl(s, v, args, { timeoutMs });
  const ok = async (args: string[], v = '1.33', timeoutMs = 90_000) => {
    const r = await k(args, timeoutMs, v);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
  const apply = (name: string, yaml: string) => ok(['apply', '-f', tempFile(s, name, yaml)]);

  before(async () => {
    s = await startServer({ args: ['--node-monitor-grace-period', '8s'] });
    sim = await startSimulator(s, ['--nodes', '3', '--heartbeat-interval', '1s']);
  });
  after(async () => { await sim.stop(); await s.stop(); });

  it('cascades deletion: background, orphan and foreground', async () => {
    for (const n of ['bg', 'or', 'fg']) {
      await ok(['create', 'deployment', n, '--image=busybox', '--replicas=2']);
      await ok(['rollout', 'status', `deployment/${n}`, '--timeout=60s']);
    }
    await ok(['delete', 'deployment', 'bg']);
    await ok(['wait', '--for=delete', 'rs', '-l', 'app=bg', '--timeout=60s']);
    await ok(['wait', '--for=delete', 'pod', '-l', 'app=bg', '--timeout=60s']);
    await ok(['delete', 'deployment', 'or', '--cascade=orphan']);
    const rs = (await json(['get', 'rs', '-l', 'app=or'])).items;
    assert.equal(rs.length, 1);
    assert.equal((rs[0].metadata.ownerReferences ?? []).length, 0, 'the orphaned ReplicaSet lost its ownerReference');
    assert.equal((await json(['get', 'pods', '-l', 'app=or'])).items.length, 2);
    const r = await k(['delete', 'deployment', 'fg', '--cascade=foreground']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await json(['get', 'pods', '-l', 'app=fg'])).items.filter((p: any) => !p.metadata.deletionTimestamp).length, 0, 'pods were gone before the deployment');
    assert.notEqual((await k(['get', 'deployment', 'fg'])).code, 0);
  });

  it('places pods by nodeSelector, node affinity, taints and tolerations, anti-affinity and topology spread', async () => {
    await ok(['label', 'node', 'sim-node-1', 'disk=ssd']);
    await apply('sel.yaml', `apiVersion: v1
kind: Pod
metadata: {name: sel}
spec:
  nodeSelector: {disk: ssd}
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: aff}
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{key: kubernetes.io/hostname, operator: NotIn, values: [sim-node-0, sim-node-1]}]
  containers: [{name: c, image: busybox}]
`);
    await ok(['wait', '--for=condition=Ready', 'pod/sel', 'pod/aff', '--timeout=60s']);
    assert.equal(await ok(['get', 'pod', 'sel', '-o', 'jsonpath={.spec.nodeName}']), 'sim-node-1');
    assert.equal(await ok(['get', 'pod', 'aff', '-o', 'jsonpath={.spec.nodeName}']), 'sim-node-2');
    await ok(['taint', 'node', 'sim-node-0', 'dedicated=gpu:NoSchedule']);
    await ok(['taint', 'node', 'sim-node-2', 'dedicated=gpu:NoSchedule']);
    await apply('tol.yaml', `apiVersion: v1
kind: Pod
metadata: {name: notol}
spec:
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: tol}
spec:
  nodeSelector: {kubernetes.io/hostname: sim-node-0}
  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  containers: [{name: c, image: busybox}]
`);
    await ok(['wait', '--for=condition=Ready', 'pod/notol', 'pod/tol', '--timeout=60s']);
    assert.equal(await ok(['get', 'pod', 'notol', '-o', 'jsonpath={.spec.nodeName}']), 'sim-node-1');
    assert.equal(await ok(['get', 'pod', 'tol', '-o', 'jsonpath={.spec.nodeName}']), 'sim-node-0');
    await ok(['taint', 'node', 'sim-node-0', 'dedicated-']);
    await ok(['taint', 'node', 'sim-node-2', 'dedicated-']);
    await ok(['delete', 'pod', 'sel', 'aff', 'notol', 'tol']);
    await apply('anti.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: anti}
spec:
  replicas: 4
  selector: {matchLabels: {app: anti}}
  template:
    metadata: {labels: {app: anti}}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: anti}}
            topologyKey: kubernetes.io/hostname
      containers: [{name: c, image: busybox}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: spread}
spec:
  replicas: 6
  selector: {matchLabels: {app: spread}}
  template:
    metadata: {labels: {app: spread}}
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector: {matchLabels: {app: spread}}
      containers: [{name: c, image: busybox}]
`);
    await ok(['rollout', 'status', 'deployment/spread', '--timeout=60s']);
    await ok(['wait', '--for=condition=PodScheduled=False', 'pod', '-l', 'app=anti', '--field-selector', 'spec.nodeName=', '--timeout=60s']);
    const anti = (await json(['get', 'pods', '-l', 'app=anti'])).items;
    const placed = anti.filter((p: any) => p.spec.nodeName);
    assert.equal(placed.length, 3, 'one anti-affine pod per node, the 4th stays Pending');
    assert.equal(new Set(placed.map((p: any) => p.spec.nodeName)).size, 3);
    const pending = anti.find((p: any) => !p.spec.nodeName);
    const ev = await ok(['get', 'events', '--field-selector', `involvedObject.name=${pending.metadata.name},reason=FailedScheduling`, '-o', 'jsonpath={.items[0].message}']);
    assert.match(ev, /^0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\. preemption: /);
    const spread = (await json(['get', 'pods', '-l', 'app=spread'])).items;
    const nodes = (await json(['get', 'nodes'])).items;
    const zoneOf = new Map(nodes.map((n: any) => [n.metadata.name, n.metadata.labels['topology.kubernetes.io/zone']]));
    const perZone = new Map<string, number>();
    for (const p of spread) perZone.set(zoneOf.get(p.spec.nodeName) as string, (perZone.get(zoneOf.get(p.spec.nodeName) as string) ?? 0) + 1);
    assert.deepEqual([...perZone.values()].sort(), [2, 2, 2]);
    await ok(['delete', 'deployment', 'anti', 'spread']);
  });

  it('drains a node with a PDB minAvailable 2 one pod at a time', async () => {
    await ok(['cordon', 'sim-node-0']);
    await ok(['cordon', 'sim-node-2']);
    await apply('pdb.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: guarded}
spec:
  replicas: 3
  selector: {matchLabels: {app: guarded}}
  template:
    metadata: {labels: {app: guarded}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: guarded}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: guarded}}
`);
    await ok(['rollout', 'status', 'deployment/guarded', '--timeout=60s']);
    assert.ok((await json(['get', 'pods', '-l', 'app=guarded'])).items.every((p: any) => p.spec.nodeName === 'sim-node-1'));
    await ok(['uncordon', 'sim-node-0']);
    await ok(['uncordon', 'sim-node-2']);
    await ok(['wait', '--for=jsonpath={.status.disruptionsAllowed}=1', 'pdb/guarded', '--timeout=30s']);
    // a watcher records every pod event: the budget must hold (≥ 2 ready, not terminating) throughout the drain
    const watcher = await watchPods(s, '1.33', 'app=guarded');
    let events: { type: string; object: any }[] = [];
    try {
      const r = await k(['drain', 'sim-node-1', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=120s'], 150_000);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /node\/sim-node-1 drained/);
    } finally {
      events = await watcher.stop();
      await ok(['uncordon', 'sim-node-1']);
    }
    const state = new Map<string, boolean>();
    let minReady = Infinity;
    let listed = false;
    for (const ev of events) {
      const p = ev.object;
      if (ev.type === 'DELETED') state.delete(p.metadata.name);
      else state.set(p.metadata.name, podReady(p));
      const ready = [...state.values()].filter(Boolean).length;
      if (ready === 3) listed = true; // the watch's initial list is complete
      if (listed) minReady = Math.min(minReady, ready);
    }
    assert.ok(minReady >= 2, `the PDB held during the drain (min ready ${minReady})`);
    const pods = (await json(['get', 'pods', '-l', 'app=guarded'])).items.filter((p: any) => !p.metadata.deletionTimestamp);
    assert.equal(pods.length, 3);
    assert.ok(pods.every((p: any) => p.spec.nodeName !== 'sim-node-1'));
    await ok(['delete', 'deployment', 'guarded']);
    await ok(['delete', 'pdb', 'guarded']);
  });

  it('preempts a low-priority pod for a high-priority one', async () => {
    for (const n of ['sim-node-0', 'sim-node-2']) await ok(['cordon', n]);
    await apply('prio.yaml', `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 10
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: v1
kind: Pod
metadata: {name: lowpod}
spec:
  priorityClassName: low
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "30"}}}]
`);
    await ok(['wait', '--for=condition=Ready', 'pod/lowpod', '--timeout=60s']);
    await apply('high.yaml', `apiVersion: v1
kind: Pod
metadata: {name: highpod}
spec:
  priorityClassName: high
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "30"}}}]
`);
    try {
      await ok(['wait', '--for=condition=Ready', 'pod/highpod', '--timeout=60s']);
      assert.notEqual((await k(['get', 'pod', 'lowpod'])).code, 0, 'the low-priority pod was preempted');
    } finally {
      for (const n of ['sim-node-0', 'sim-node-2']) await ok(['uncordon', n]);
    }
    await ok(['delete', 'pod', 'highpod']);
  });

  it('deletes a namespace and everything in it', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['create', 'deployment', 'd', '--image=busybox', '-n', 'doomed']);
    await ok(['create', 'configmap', 'c', '-n', 'doomed']);
    await ok(['rollout', 'status', 'deployment/d', '-n', 'doomed', '--timeout=60s']);
    await ok(['delete', 'namespace', 'doomed', '--timeout=90s']);
    assert.notEqual((await k(['get', 'namespace', 'doomed'])).code, 0);
  });

  it('marks a node whose heartbeats stop NotReady and evicts pods that tolerate it for 10 s', async () => {
    await apply('evict.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: evict}
spec:
  replicas: 3
  selector: {matchLabels: {app: evict}}
  template:
    metadata: {labels: {app: evict}}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 10}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 10}
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            preference: {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [sim-node-2]}]}
      containers: [{name: c, image: busybox}]
`);
    await ok(['rollout', 'status', 'deployment/evict', '--timeout=60s']);
    assert.ok((await json(['get', 'pods', '-l', 'app=evict'])).items.some((p: any) => p.spec.nodeName === 'sim-node-2'), 'the preferred node got pods');
    await ok(['annotate', 'node', 'sim-node-2', 'skiff.io/simulate-heartbeat=stopped']);
    await ok(['wait', '--for=condition=Ready=Unknown', 'node/sim-node-2', '--timeout=50s']);
    const taints = (await json(['get', 'node', 'sim-node-2'])).spec.taints.map((t: any) => `${t.key}:${t.effect}`);
    assert.ok(taints.includes('node.kubernetes.io/unreachable:NoExecute'));
    // evicted after 10 s and recreated on the healthy nodes
    await ok(['wait', '--for=delete', 'pod', '-l', 'app=evict', '--field-selector', 'spec.nodeName=sim-node-2', '--timeout=60s']);
    await ok(['rollout', 'status', 'deployment/evict', '--timeout=60s']);
    const pods = (await json(['get', 'pods', '-l', 'app=evict'])).items.filter((p: any) => !p.metadata.deletionTimestamp);
    assert.equal(pods.length, 3);
    assert.ok(pods.every((p: any) => p.spec.nodeName !== 'sim-node-2'));
    await ok(['annotate', 'node', 'sim-node-2', 'skiff.io/simulate-heartbeat-']);
    await ok(['wait', '--for=condition=Ready=True', 'node/sim-node-2', '--timeout=30s']);
  });
});
