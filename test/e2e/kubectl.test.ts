// Acceptance: stock kubectl 1.27 and 1.33 against a real `skiff server`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, chmodSync } from 'node:fs';
import { startServer, kubectl, run, tempFile, eventually, KUBECTL_VERSIONS, REPO, type Server } from './harness.js';

const APP = join(REPO, 'test', 'e2e', 'testdata', 'app.yaml');
const WIDGET = join(REPO, 'test', 'e2e', 'testdata', 'widget.yaml');

for (const v of KUBECTL_VERSIONS) {
  describe(`kubectl ${v}`, () => {
    let s: Server;
    const k = (args: string[], input?: string) => kubectl(s, v, args, { input });
    const ok = async (args: string[], input?: string) => {
      const r = await k(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
      return r.stdout;
    };

    before(async () => { s = await startServer(); });
    after(async () => { await s.stop(); });

    it('lists the system namespaces', async () => {
      const out = await ok(['get', 'ns']);
      for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(out, new RegExp(`^${ns}\\s+Active\\s+`, 'm'));
      assert.match(out, /^NAME\s+STATUS\s+AGE/m);
    });

    it('refuses requests without or with a wrong credential (401)', async () => {
      const r = await run('curl', ['-sk', '-o', '/dev/null', '-w', '%{http_code}', `${s.url}/api/v1/namespaces`]);
      assert.equal(r.stdout, '401');
      const r2 = await run('curl', ['-sk', '-H', 'Authorization: Bearer nope', `${s.url}/api/v1/namespaces`]);
      const st = JSON.parse(r2.stdout);
      assert.equal(st.code, 401);
      assert.equal(st.reason, 'Unauthorized');
      const kc = (await import('yaml')).parse((await import('node:fs')).readFileSync(s.kubeconfig, 'utf8'));
      kc.users[0].user = { token: 'wrong' };
      const bad = tempFile(s, `bad-kubeconfig-${v}`, (await import('yaml')).stringify(kc));
      const r3 = await kubectl(s, v, ['--kubeconfig', bad, 'get', 'pods']);
      assert.notEqual(r3.code, 0);
      assert.match(r3.stderr, /Unauthorized|must be logged in/);
    });

    it('applies a multi-document manifest, then reports configured/unchanged', async () => {
      const first = await k(['apply', '-f', APP]);
      for (const line of ['namespace/shop created', 'configmap/web-config created', 'secret/web-secret created', 'deployment.apps/web created', 'service/web created', 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created']) {
        assert.ok(first.stdout.includes(line), `missing "${line}" in:\n${first.stdout}\n${first.stderr}`);
      }
      await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
      const w = await ok(['apply', '-f', WIDGET]);
      assert.match(w, /widget.example.com\/gizmo created/);
      const again = await ok(['apply', '-f', APP]);
      assert.match(again, /deployment.apps\/web unchanged/);
      assert.match(again, /configmap\/web-config unchanged/);
      const changed = tempFile(s, 'app2.yaml', (await import('node:fs')).readFileSync(APP, 'utf8').replace('greeting: hello', 'greeting: bonjour').replace('replicas: 2', 'replicas: 3'));
      const third = await ok(['apply', '-f', changed]);
      assert.match(third, /configmap\/web-config configured/);
      assert.match(third, /deployment.apps\/web configured/);
      assert.match(third, /service\/web unchanged/);
      assert.equal(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'jsonpath={.data.greeting}']), 'bonjour');
      assert.equal(await ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']), '3');
    });

    it('prints the real columns', async () => {
      const d = await ok(['get', 'deploy', '-n', 'shop']);
      assert.match(d, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/m);
      const wide = await ok(['get', 'deploy', '-n', 'shop', '-o', 'wide']);
      assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR/);
      assert.match(wide, /busybox:1\.36\s+app=web/);
      const svc = await ok(['get', 'svc', 'web', '-n', 'shop']);
      assert.match(svc, /^web\s+ClusterIP\s+10\.43\.\d+\.\d+\s+<none>\s+80\/TCP\s+/m);
      const widgets = await ok(['get', 'widgets', '-n', 'shop']);
      assert.match(widgets, /^NAME\s+SIZE\s+COLOR\s*$/m); // as in Kubernetes, Age is not implied when printer columns are declared
      assert.match(widgets, /^gizmo\s+3\s+blue\s+/m);
      const all = await ok(['get', 'all', '-n', 'shop']);
      assert.match(all, /deployment.apps\/web/);
      assert.match(all, /service\/web/);
      const A = await ok(['get', 'cm', '-A']);
      assert.match(A, /^NAMESPACE\s+NAME\s+DATA\s+AGE/m);
      assert.match(A, /^shop\s+web-config\s+1\s+/m);
      const labels = await ok(['get', 'deploy', '-n', 'shop', '--show-labels']);
      assert.match(labels, /app=web,tier=frontend/);
      const L = await ok(['get', 'deploy', '-n', 'shop', '-L', 'tier']);
      assert.match(L, /TIER/);
      assert.match(L, /frontend/);
      const sel = await ok(['get', 'deploy', '-A', '-l', 'tier in (frontend,backend),app', '-o', 'name']);
      assert.equal(sel.trim(), 'deployment.apps/web');
      const none = await ok(['get', 'deploy', '-A', '-l', 'tier notin (frontend)', '-o', 'name']);
      assert.equal(none.trim(), '');
      const fs = await ok(['get', 'ns', '--field-selector', 'metadata.name=shop', '-o', 'name']);
      assert.equal(fs.trim(), 'namespace/shop');
      const y = await ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'yaml']);
      assert.match(y, /kind: Deployment/);
      assert.match(y, /maxSurge: 25%/);
      const j = JSON.parse(await ok(['get', 'secret', 'web-secret', '-n', 'shop', '-o', 'json']));
      assert.equal(Buffer.from(j.data.password, 'base64').toString(), 's3cret');
      assert.equal(j.type, 'Opaque');
    });

    it('watches and prints subsequent changes', async () => {
      const { spawn } = await import('node:child_process');
      const { kubectlPath } = await import('./harness.js');
      const p = spawn(kubectlPath(v), ['--kubeconfig', s.kubeconfig, 'get', 'cm', '-n', 'shop', '-w'], { env: { ...process.env, HOME: join(s.dataDir, `home-${v}`) } });
      let out = '';
      const seen = new Promise<void>((res) => p.stdout.on('data', (d) => { out += d; if (out.includes('watched-1')) res(); }));
      await new Promise<void>((res) => p.stdout.once('data', () => res()));
      await ok(['create', 'configmap', 'watched-1', '-n', 'shop', '--from-literal=a=b']);
      await seen;
      p.kill();
      assert.match(out, /watched-1\s+1\s+/);
    });

    it('describes, labels, annotates and patches', async () => {
      const d = await ok(['describe', 'deploy', 'web', '-n', 'shop']);
      assert.match(d, /StrategyType:\s+RollingUpdate/);
      assert.match(d, /Replicas:\s+3 desired/);
      await ok(['label', 'cm', 'web-config', '-n', 'shop', 'color=red']);
      await ok(['annotate', 'cm', 'web-config', '-n', 'shop', 'note=hi']);
      const cm = JSON.parse(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json']));
      assert.equal(cm.metadata.labels.color, 'red');
      assert.equal(cm.metadata.annotations.note, 'hi');
      await ok(['patch', 'cm', 'web-config', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"m":"1"}}']);
      await ok(['patch', 'cm', 'web-config', '-n', 'shop', '--type', 'json', '-p', '[{"op":"add","path":"/data/j","value":"2"}]']);
      await ok(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:1.37"}]}}}}']);
      const dep = JSON.parse(await ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
      assert.equal(dep.spec.template.spec.containers.length, 1);
      assert.equal(dep.spec.template.spec.containers[0].image, 'busybox:1.37');
      assert.deepEqual(dep.spec.template.spec.containers[0].command, ['httpd', '-f', '-p', '8080']);
      assert.ok(dep.metadata.generation >= 3);
      const cm2 = JSON.parse(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json']));
      assert.equal(cm2.data.m, '1');
      assert.equal(cm2.data.j, '2');
      const bad = await k(['patch', 'cm', 'web-config', '-n', 'shop', '--type', 'json', '-p', '[{"op":"remove","path":"/data/nope"}]']);
      assert.notEqual(bad.code, 0);
    });

    it('replaces and edits with a scripted editor', async () => {
      const cm = JSON.parse(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json']));
      cm.data.replaced = 'yes';
      const f = tempFile(s, `replace-${v}.json`, JSON.stringify(cm));
      assert.match(await ok(['replace', '-f', f]), /configmap\/web-config replaced/);
      const editor = join(s.dataDir, `editor-${v}.sh`);
      writeFileSync(editor, '#!/bin/sh\nsed -i "s/greeting: bonjour/greeting: edited/" "$1"\n');
      chmodSync(editor, 0o755);
      const r = await kubectl(s, v, ['edit', 'cm', 'web-config', '-n', 'shop'], { env: { KUBE_EDITOR: editor, EDITOR: editor } });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /configmap\/web-config edited/);
      assert.equal(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'jsonpath={.data.greeting}']), 'edited');
    });

    it('server-side apply reports conflicts and takes over with --force-conflicts', async () => {
      const f = tempFile(s, `ssa-${v}.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: shop\ndata:\n  greeting: ssa\n');
      const r = await k(['apply', '--server-side', '-f', f]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /conflict/i);
      assert.match(r.stderr, /\.data\.greeting/);
      assert.match(await ok(['apply', '--server-side', '--force-conflicts', '-f', f]), /serverside-applied/);
      assert.equal(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'jsonpath={.data.greeting}']), 'ssa');
      const fresh = tempFile(s, `ssa-new-${v}.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-only\n  namespace: shop\ndata:\n  a: "1"\n');
      assert.match(await ok(['apply', '--server-side', '-f', fresh]), /configmap\/ssa-only serverside-applied/);
    });

    it('dry-run=server changes nothing', async () => {
      const before = await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'jsonpath={.metadata.resourceVersion}']);
      await ok(['create', 'configmap', 'dry', '-n', 'shop', '--from-literal=a=b', '--dry-run=server']);
      await ok(['patch', 'cm', 'web-config', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"dry":"x"}}', '--dry-run=server']);
      await ok(['delete', 'cm', 'web-config', '-n', 'shop', '--dry-run=server']);
      const g = await k(['get', 'cm', 'dry', '-n', 'shop']);
      assert.notEqual(g.code, 0);
      assert.match(g.stderr, /NotFound|not found/);
      assert.equal(await ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'jsonpath={.metadata.resourceVersion}']), before);
    });

    it('explains field docs', async () => {
      const out = await ok(['explain', 'deployment.spec.strategy']);
      assert.match(out, /DeploymentStrategy/);
      assert.match(out, /rollingUpdate/);
      assert.match(out, /existing pods with new ones/);
    });

    it('creates configmaps, secrets, namespaces and deployments (protobuf from 1.32)', async () => {
      await ok(['create', 'namespace', `made-${v.replace('.', '')}`]);
      await ok(['create', 'configmap', 'made', '-n', 'shop', '--from-literal=k=v']);
      await ok(['create', 'secret', 'generic', 'made', '-n', 'shop', '--from-literal=k=v']);
      await ok(['create', 'deployment', `made-${v.replace('.', '')}`, '-n', 'shop', '--image=busybox', '--replicas=2']);
      const d = JSON.parse(await ok(['get', 'deploy', `made-${v.replace('.', '')}`, '-n', 'shop', '-o', 'json']));
      assert.equal(d.spec.replicas, 2);
      assert.equal(d.spec.template.spec.containers[0].image, 'busybox');
      assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'Always');
      assert.equal(d.spec.strategy.type, 'RollingUpdate');
      const sa = await ok(['get', 'sa', 'default', '-n', `made-${v.replace('.', '')}`, '-o', 'name']);
      assert.equal(sa.trim(), 'serviceaccount/default');
      // the root-ca-cert-publisher puts the cluster CA into every namespace
      const ca = await eventually(async () => {
        const r = await k(['get', 'cm', 'kube-root-ca.crt', '-n', `made-${v.replace('.', '')}`, '-o', 'jsonpath={.data.ca\\.crt}']);
        return r.code === 0 && r.stdout;
      }, 'kube-root-ca.crt');
      assert.match(ca, /-----BEGIN CERTIFICATE-----/);
      await ok(['delete', 'cm', 'made', '-n', 'shop']);
      await ok(['delete', 'secret', 'made', '-n', 'shop']);
    });

    it('answers auth can-i and whoami', async () => {
      assert.equal((await ok(['auth', 'can-i', 'create', 'pods'])).trim(), 'yes');
      const who = await ok(['auth', 'whoami']);
      assert.match(who, /system:admin/);
      assert.match(who, /system:masters/);
    });

    it('waits for a jsonpath condition', async () => {
      await ok(['wait', '--for=jsonpath={.spec.size}=3', 'widget/gizmo', '-n', 'shop', '--timeout=20s']);
      await ok(['scale', 'widget/gizmo', '-n', 'shop', '--replicas=5']);
      await ok(['wait', '--for=jsonpath={.spec.size}=5', 'widget/gizmo', '-n', 'shop', '--timeout=20s']);
    });

    it('lists every kind in api-resources with short names', async () => {
      const out = await ok(['api-resources']);
      for (const [name, short] of [['pods', 'po'], ['services', 'svc'], ['deployments', 'deploy'], ['replicasets', 'rs'], ['statefulsets', 'sts'], ['daemonsets', 'ds'], ['cronjobs', 'cj'], ['customresourcedefinitions', 'crd,crds'], ['horizontalpodautoscalers', 'hpa'], ['poddisruptionbudgets', 'pdb'], ['persistentvolumeclaims', 'pvc'], ['ingresses', 'ing'], ['priorityclasses', 'pc'], ['storageclasses', 'sc'], ['widgets', 'wg']]) {
        assert.match(out, new RegExp(`^${name}\\s+${short}\\s`, 'm'), `${name} missing`);
      }
      for (const name of ['leases', 'endpointslices', 'networkpolicies', 'ingressclasses', 'clusterroles', 'clusterrolebindings', 'roles', 'rolebindings', 'controllerrevisions', 'jobs', 'limitranges', 'resourcequotas', 'selfsubjectaccessreviews', 'selfsubjectreviews', 'persistentvolumes', 'nodes', 'events']) {
        assert.match(out, new RegExp(`^${name}\\s`, 'm'), `${name} missing`);
      }
    });

    it('deletes and waits until gone', async () => {
      assert.match(await ok(['delete', '-f', WIDGET]), /widget.example.com "gizmo" deleted/);
      assert.match(await ok(['delete', 'deploy', 'web', '-n', 'shop']), /deployment.apps "web" deleted/);
      const g = await k(['get', 'deploy', 'web', '-n', 'shop']);
      assert.notEqual(g.code, 0);
      await ok(['delete', 'crd', 'widgets.example.com']);
    });
  });
}
