// Acceptance: the official client libraries — @kubernetes/client-node 1.4 and Debian's python3-kubernetes — list,
// watch, run an informer, create, patch and delete against a real server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { startServer, run, tempFile, type Server } from './harness.js';

describe('@kubernetes/client-node 1.4', () => {
  let s: Server;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  before(async () => {
    s = await startServer();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(s.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  after(async () => { await s.stop(); });

  it('lists namespaces', async () => {
    const l = await core.listNamespace();
    assert.deepEqual(l.items.map((n) => n.metadata?.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('creates, patches (json and merge), watches and deletes', async () => {
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    let sawDelete!: () => void;
    const deleted = new Promise<void>((r) => { sawDelete = r; });
    const req = await watch.watch('/api/v1/namespaces/default/configmaps', { allowWatchBookmarks: true }, (type, obj: k8s.V1ConfigMap) => {
      if (obj.metadata?.name !== 'from-node') return;
      events.push(`${type}:${obj.data?.k ?? ''}`);
      if (type === 'DELETED') sawDelete();
    }, () => undefined);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-node' }, data: { k: '1' } } });
    assert.ok(created.metadata?.uid);
    await core.patchNamespacedConfigMap({ name: 'from-node', namespace: 'default', body: [{ op: 'replace', path: '/data/k', value: '2' }] });
    await core.patchNamespacedConfigMap({ name: 'from-node', namespace: 'default', body: { data: { k: '3' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const got = await core.readNamespacedConfigMap({ name: 'from-node', namespace: 'default' });
    assert.equal(got.data?.k, '3');
    await core.deleteNamespacedConfigMap({ name: 'from-node', namespace: 'default' });
    await deleted;
    req.abort();
    assert.deepEqual(events, ['ADDED:1', 'MODIFIED:2', 'MODIFIED:3', 'DELETED:3']);
    await assert.rejects(core.readNamespacedConfigMap({ name: 'from-node', namespace: 'default' }), (e: any) => e.code === 404 && JSON.parse(e.body).reason === 'NotFound');
  });

  it('runs an informer that sees adds, updates and deletes', async () => {
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/secrets', () => core.listNamespacedSecret({ namespace: 'default' }));
    const seen: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => { done = r; });
    informer.on('add', (o) => { if (o.metadata?.name === 'inf') seen.push('add'); });
    informer.on('update', (o) => { if (o.metadata?.name === 'inf') seen.push('update'); });
    informer.on('delete', (o) => { if (o.metadata?.name === 'inf') { seen.push('delete'); done(); } });
    await informer.start();
    await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'inf' }, stringData: { a: 'b' } } });
    await core.patchNamespacedSecret({ name: 'inf', namespace: 'default', body: { metadata: { labels: { x: 'y' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await core.deleteNamespacedSecret({ name: 'inf', namespace: 'default' });
    await finished;
    await informer.stop();
    assert.deepEqual(seen, ['add', 'update', 'delete']);
    assert.equal(informer.get('inf', 'default'), undefined);
  });

  it('applies server-side through KubernetesObjectApi', async () => {
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa-node', namespace: 'default' }, data: { a: '1' } };
    const r = await api.patch(spec, undefined, undefined, 'node-test', true, k8s.PatchStrategy.ServerSideApply);
    assert.equal((r as k8s.V1ConfigMap).data?.a, '1');
    assert.equal((r as k8s.V1ConfigMap).metadata?.managedFields?.[0]?.manager, 'node-test');
    assert.equal((r as k8s.V1ConfigMap).metadata?.managedFields?.[0]?.operation, 'Apply');
  });
});

const PY = '/usr/bin/python3';
const pyKubernetes = existsSync(PY) && (await run(PY, ['-c', 'import kubernetes'])).code === 0;

describe('python3-kubernetes (Debian)', { skip: pyKubernetes ? false : 'python3-kubernetes is not installed: .ci/run installs it' }, () => {
  let s: Server;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  it('lists, watches, creates, patches and deletes', async () => {
    const script = tempFile(s, 'client.py', `
import sys, threading
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
names = sorted(n.metadata.name for n in v1.list_namespace().items)
print("namespaces", ",".join(names))
events = []
rv = v1.list_namespaced_config_map("default").metadata.resource_version
def run_watch():
    w = watch.Watch()
    for ev in w.stream(v1.list_namespaced_config_map, namespace="default", resource_version=rv, timeout_seconds=20):
        if ev["object"].metadata.name != "from-py":
            continue
        events.append(ev["type"] + ":" + (ev["object"].data or {}).get("k", ""))
        if ev["type"] == "DELETED":
            w.stop()
t = threading.Thread(target=run_watch)
t.start()
v1.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="from-py"), data={"k": "1"}))
v1.patch_namespaced_config_map("from-py", "default", {"data": {"k": "2"}})
print("read", v1.read_namespaced_config_map("from-py", "default").data["k"])
v1.delete_namespaced_config_map("from-py", "default")
t.join(30)
print("events", ",".join(events))
try:
    v1.read_namespaced_config_map("from-py", "default")
except client.exceptions.ApiException as e:
    print("status", e.status)
`);
    const r = await run(PY, [script, s.kubeconfig], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /namespaces default,kube-node-lease,kube-public,kube-system/);
    assert.match(r.stdout, /read 2/);
    assert.match(r.stdout, /events ADDED:1,MODIFIED:2,DELETED:2/);
    assert.match(r.stdout, /status 404/);
  });
});
