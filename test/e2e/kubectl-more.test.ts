// Acceptance, part 2: a demanding user's tour of every built-in kind and kubectl's output forms against a real
// `skiff server`, with kubectl 1.27 and 1.33 (spot checks with 1.29 and 1.31). Tests marked `todo` record known
// differences from a real Kubernetes 1.30 API server: they run, but do not fail the suite.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { stringify } from 'yaml';
import { startServer, kubectl, kubectlPath, run, tempFile, type Server, type RunResult } from './harness.js';
import { issueClientCert, renderKubeconfig } from '../../src/pki/index.js';

type K = (args: string[], input?: string) => Promise<RunResult>;

function helpers(k: K) {
  const ok = async (args: string[], input?: string) => {
    const r = await k(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const fails = async (args: string[], input?: string) => {
    const r = await k(args, input);
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} unexpectedly succeeded:\n${r.stdout}`);
    return r.stderr;
  };
  const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
  const apply = (ns: string, docs: object[]) => ok(['apply', '-n', ns, '-f', '-'], docs.map((d) => stringify(d)).join('---\n'));
  return { ok, fails, json, apply };
}

/** A kubeconfig for a non-admin user, signed by the server's CA (CN = user, O = groups). */
async function userKubeconfig(s: Server, user: string, groups: string[] = []): Promise<string> {
  const tls = join(s.dataDir, 'server', 'tls');
  const ca = { certPem: readFileSync(join(tls, 'server-ca.crt'), 'utf8'), keyPem: readFileSync(join(tls, 'server-ca.key'), 'utf8') };
  const c = await issueClientCert(ca, { cn: user, orgs: groups, days: 1 });
  return tempFile(s, `kubeconfig-${user}.yaml`, renderKubeconfig({ server: s.url, caPem: ca.certPem, certPem: c.certPem, keyPem: c.keyPem, user }));
}

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com', scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
    versions: [{
      name: 'v1', served: true, storage: true,
      subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
      additionalPrinterColumns: [
        { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 },
      ],
      schema: { openAPIV3Schema: {
        description: 'CronTab runs things', type: 'object',
        properties: {
          spec: { description: 'Spec of the crontab', type: 'object', required: ['cronSpec'], properties: {
            cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$', description: 'the schedule' },
            image: { type: 'string' },
            replicas: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
            mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
          } },
          status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
        },
      } },
    }],
  },
};

describe('kubectl, every kind and output form', () => {
  let s: Server;
  before(async () => {
    s = await startServer();
    const r = await kubectl(s, '1.33', ['apply', '-f', '-'], { input: stringify(CRD) });
    assert.equal(r.code, 0, r.stderr);
    const w = await kubectl(s, '1.33', ['wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=30s']);
    assert.equal(w.code, 0, w.stderr);
  });
  after(async () => {
    if (s.proc.exitCode !== null || s.proc.signalCode !== null) console.error(`skiff server died:\n${s.output().slice(-4000)}`);
    await s.stop();
  });

  for (const v of ['1.27', '1.33']) {
    describe(`kubectl ${v}`, () => {
      const ns = `t${v.replace('.', '')}`;
      const k: K = (args, input) => kubectl(s, v, args, { input });
      const { ok, fails, json, apply } = helpers(k);
      const n = (...args: string[]) => ['-n', ns, ...args];

      before(async () => { await ok(['create', 'namespace', ns]); });

      it('allocates ClusterIPs and NodePorts; headless, ExternalName and LoadBalancer services', async () => {
        await apply(ns, [
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np' }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'headless' }, spec: { clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 443 }] } },
        ]);
        const np = await json(n('get', 'svc', 'np'));
        assert.match(np.spec.clusterIP, /^10\.43\.\d+\.\d+$/);
        assert.deepEqual(np.spec.clusterIPs, [np.spec.clusterIP]);
        assert.ok(np.spec.ports[0].nodePort >= 30000 && np.spec.ports[0].nodePort <= 32767);
        assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
        assert.equal(np.spec.ports[0].protocol, 'TCP');
        const hl = await json(n('get', 'svc', 'headless'));
        assert.equal(hl.spec.clusterIP, 'None');
        assert.equal(hl.spec.ports[0].targetPort, 80);
        const ext = await json(n('get', 'svc', 'ext'));
        assert.equal(ext.spec.clusterIP, undefined);
        const lb = await json(n('get', 'svc', 'lb'));
        assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
        const table = await ok(n('get', 'svc', '-o', 'wide'));
        assert.match(table, /^ext\s+ExternalName\s+<none>\s+example\.com\s+<none>\s+\S+\s+<none>$/m);
        assert.match(table, /^headless\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+\S+\s+app=x$/m);
        assert.match(table, /^lb\s+LoadBalancer\s+10\.43\.\S+\s+<pending>\s+443:3\d{4}\/TCP\s+/m);
        const dup = await fails(n('create', 'service', 'clusterip', 'dup', '--tcp=80:80', `--clusterip=${np.spec.clusterIP}`));
        assert.match(dup, new RegExp(`spec\\.clusterIPs: Invalid value: \\[\\]string\\{"${np.spec.clusterIP.replace(/\./g, '\\.')}"\\}: failed to allocate IP ${np.spec.clusterIP.replace(/\./g, '\\.')}: provided IP is already allocated`));
        const range = await fails(n('patch', 'svc', 'np', '-p', '{"spec":{"ports":[{"port":80,"nodePort":20000}]}}'));
        assert.match(range, /spec.ports\[0\].nodePort: Invalid value: 20000: provided port is not in the valid range. The range of valid ports is 30000-32767/);
        const immut = await fails(n('patch', 'svc', 'np', '-p', '{"spec":{"clusterIP":"10.43.1.1"}}'));
        assert.match(immut, /may not change once set/);
        await ok(n('patch', 'svc', 'ext', '--type=merge', '-p', '{"spec":{"type":"ClusterIP","externalName":null,"ports":[{"port":80}]}}'));
        assert.match((await json(n('get', 'svc', 'ext'))).spec.clusterIP, /^10\.43\./);
      });

      it('stores secrets with stringData and types, and validates typed secrets', async () => {
        await apply(ns, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, stringData: { user: 'admin' }, data: { pw: Buffer.from('pass').toString('base64') } }]);
        const sec = await json(n('get', 'secret', 's1'));
        assert.equal(sec.type, 'Opaque');
        assert.equal(sec.stringData, undefined);
        assert.equal(Buffer.from(sec.data.user, 'base64').toString(), 'admin');
        assert.equal(Buffer.from(sec.data.pw, 'base64').toString(), 'pass');
        const bad = await fails(['apply', '-n', ns, '-f', '-'], stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'badtls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': '' } }));
        assert.match(bad, /The Secret "badtls" is invalid: data\[tls.key\]: Required value/);
        await ok(n('create', 'secret', 'docker-registry', 'dr', '--docker-server=r.io', '--docker-username=u', '--docker-password=p'));
        await ok(n('create', 'secret', 'generic', 'g', '--from-literal=a=b', '--type=custom/x'));
        const t = await ok(n('get', 'secret'));
        assert.match(t, /^dr\s+kubernetes\.io\/dockerconfigjson\s+1\s+/m);
        assert.match(t, /^g\s+custom\/x\s+1\s+/m);
        assert.match(t, /^s1\s+Opaque\s+2\s+/m);
      });

      it('creates tokens for service accounts', async () => {
        await ok(n('create', 'sa', 'bot'));
        const tok = (await ok(n('create', 'token', 'bot', '--audience=foo', '--duration=1h'))).trim();
        const claims = JSON.parse(Buffer.from(tok.split('.')[1]!, 'base64url').toString());
        assert.deepEqual(claims.aud, ['foo']);
        assert.equal(claims.sub, `system:serviceaccount:${ns}:bot`);
        assert.equal(claims.exp - claims.iat, 3600);
        assert.match(await fails(n('create', 'token', 'nope')), /serviceaccounts "nope" not found/);
        assert.match(await ok(n('get', 'sa')), /^default\s+0\s+/m);
      });

      it('defaults pods (priority, tolerations, QoS) and volumes/claims start Pending', async () => {
        await apply(ns, [
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } }] } },
          { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pvc1' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
        ]);
        const p = await json(n('get', 'pod', 'p1'));
        assert.equal(p.status.phase, 'Pending');
        assert.equal(p.status.qosClass, 'Burstable');
        assert.equal(p.spec.priority, 0);
        assert.equal(p.spec.serviceAccountName, 'default');
        assert.equal(p.spec.containers[0].imagePullPolicy, 'Always');
        assert.deepEqual(p.spec.tolerations.map((t: any) => t.key), ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
        assert.match(await ok(n('get', 'pod', '-o', 'wide')), /^p1\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s+<none>\s+<none>$/m);
        assert.equal((await json(n('get', 'pvc', 'pvc1'))).status.phase, 'Pending');
        assert.match(await ok(n('describe', 'pod', 'p1')), /QoS Class:\s+Burstable/);
        // an unscheduled pod is deleted at once (no kubelet to confirm)
        await ok(n('delete', 'pod', 'p1', '--timeout=10s'));
      });

      it('generates the job selector and labels; cronjob and job columns', async () => {
        await apply(ns, [
          { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } },
          { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } } },
        ]);
        const job = await json(n('get', 'job', 'pi'));
        const uid = job.metadata.uid;
        assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
        for (const l of [job.metadata.labels, job.spec.template.metadata.labels]) {
          assert.equal(l['batch.kubernetes.io/controller-uid'], uid);
          assert.equal(l['controller-uid'], uid);
          assert.equal(l['batch.kubernetes.io/job-name'], 'pi');
          assert.equal(l['job-name'], 'pi');
        }
        assert.equal(job.spec.backoffLimit, 6);
        assert.equal(job.spec.completionMode, 'NonIndexed');
        await ok(n('create', 'job', 'fromcj', '--from=cronjob/cj'));
        const fromcj = await json(n('get', 'job', 'fromcj'));
        assert.equal(fromcj.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
        assert.equal(fromcj.metadata.ownerReferences[0].kind, 'CronJob');
        assert.match(await ok(n('get', 'cj')), /^cj\s+\*\/5 \* \* \* \*\s+<none>\s+False|^cj\s+\*\/5 \* \* \* \*\s+<none>\s+false/m);
        assert.match(await ok(n('get', 'job', 'pi', '-o', 'wide')), new RegExp(`^pi\\s+\\S+\\s+0/1\\s+\\S+\\s+pi\\s+perl\\s+batch.kubernetes.io/controller-uid=${uid}$`, 'm'));
      });

      it('serves core events and events.k8s.io events as two views of the same objects', async () => {
        await ok(n('create', 'deploy', 'web', '--image=nginx:1.25'));
        const uid = (await json(n('get', 'deploy', 'web'))).metadata.uid;
        await apply(ns, [
          { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1' }, involvedObject: { kind: 'Deployment', name: 'web', namespace: ns, apiVersion: 'apps/v1', uid }, reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-abc to 1', type: 'Normal', source: { component: 'deployment-controller' }, firstTimestamp: '2020-01-01T00:00:00Z', lastTimestamp: '2020-01-01T00:10:00Z', count: 3 },
          { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'web.2' }, regarding: { kind: 'Deployment', name: 'web', namespace: ns, apiVersion: 'apps/v1', uid }, reason: 'Testing', note: 'new style event', type: 'Warning', action: 'Test', reportingController: 'example.com/ctl', reportingInstance: 'ctl-1', eventTime: '2020-01-01T00:11:00.000000Z' },
        ]);
        const v1 = await json(n('get', 'events.events.k8s.io', 'web.1'));
        assert.equal(v1.apiVersion, 'events.k8s.io/v1');
        assert.equal(v1.note, 'Scaled up replica set web-abc to 1');
        assert.equal(v1.deprecatedCount, 3);
        assert.equal(v1.regarding.name, 'web');
        assert.deepEqual(v1.deprecatedSource, { component: 'deployment-controller' });
        const core = JSON.parse(await ok(['get', '--raw', `/api/v1/namespaces/${ns}/events/web.2`]));
        assert.equal(core.message, 'new style event');
        assert.equal(core.involvedObject.name, 'web');
        assert.equal(core.reportingComponent, 'example.com/ctl');
        const d = await ok(n('describe', 'deploy', 'web'));
        assert.match(d, /Normal\s+ScalingReplicaSet\s+\S+ \(x3 over \S+\)\s+deployment-controller\s+Scaled up replica set web-abc to 1/);
        assert.match(d, /Warning\s+Testing\s+\S+\s+example.com\/ctl\s+new style event/);
        const evs = await ok(n('events', '--for', 'deployment/web'));
        assert.match(evs, /ScalingReplicaSet\s+Deployment\/web\s+Scaled up replica set web-abc to 1/);
        assert.match(await ok(n('events', '--types=Warning')), /Testing\s+Deployment\/web\s+new style event/);
        assert.doesNotMatch(await ok(n('events', '--types=Warning')), /ScalingReplicaSet/);
      });

      it('serves one HorizontalPodAutoscaler as autoscaling/v2 and autoscaling/v1', async () => {
        await apply(ns, [{ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h1' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 70 } }]);
        const v2 = JSON.parse(await ok(['get', '--raw', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/h1`]));
        assert.equal(v2.spec.minReplicas, 1);
        assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
        const v1 = JSON.parse(await ok(['get', '--raw', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/h1`]));
        assert.equal(v1.spec.targetCPUUtilizationPercentage, 70);
        assert.equal(v1.metadata.uid, v2.metadata.uid);
        assert.match(await ok(n('get', 'hpa')), /^h1\s+Deployment\/web\s+(cpu: )?<unknown>\/70%\s+1\s+3\s+0\s+/m);
      });

      it('keeps non-CPU metrics across a read-modify-write through autoscaling/v1', async () => {
        await apply(ns, [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h2' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
        ] } }]);
        const v1 = await ok(['get', '--raw', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/h2`]);
        await ok(['replace', '-f', '-'], v1);
        const v2 = JSON.parse(await ok(['get', '--raw', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/h2`]));
        assert.equal(v2.spec.metrics.length, 2);
      });

      it('stores leases, endpoints, endpointslices, ingresses, network policies, PDBs, limit ranges and quotas', async () => {
        await apply(ns, [
          { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l1' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15, renewTime: '2020-01-01T00:00:00.000000Z' } },
          { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'np' }, subsets: [{ addresses: [{ ip: '10.42.0.5' }], ports: [{ port: 8080, name: 'http' }] }] },
          { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'np-abc', labels: { 'kubernetes.io/service-name': 'np' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.42.0.5'], conditions: { ready: true } }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
          { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ing' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'np', port: { number: 80 } } } }] } }], tls: [{ hosts: ['a.example.com'], secretName: 'tls' }] } },
          { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] } },
          { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
          { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' } }] } },
          { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'rq' }, spec: { hard: { pods: '10', 'requests.cpu': '4' } } },
        ]);
        assert.match(await ok(n('get', 'lease')), /^l1\s+me\s+/m);
        assert.match(await ok(n('get', 'ep', 'np')), /^np\s+10\.42\.0\.5:8080\s+/m);
        assert.match(await ok(n('get', 'endpointslice')), /^np-abc\s+IPv4\s+8080\s+10\.42\.0\.5\s+/m);
        assert.match(await ok(n('get', 'ing')), /^ing\s+<none>\s+a\.example\.com\s+80, 443\s+/m);
        assert.match(await ok(n('get', 'netpol')), /^deny\s+app=web\s+/m);
        assert.match(await ok(n('get', 'pdb')), /^pdb\s+1\s+N\/A\s+0\s+/m);
        assert.match(await ok(n('get', 'limits')), /^NAME\s+CREATED AT$/m);
        assert.match(await ok(n('describe', 'ing', 'ing')), /\/\s+np:80 \(10\.42\.0\.5:8080\)/);
        assert.match(await ok(n('describe', 'svc', 'np')), /Endpoints:\s+10\.42\.0\.5:8080/);
        assert.match(await ok(n('describe', 'limits', 'lr')), /Container\s+cpu\s+-\s+-\s+250m\s+500m/);
      });

      it('creates objects with kubectl create subcommands', async () => {
        await ok(n('create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'));
        assert.deepEqual((await json(n('get', 'job', 'j'))).spec.template.spec.containers[0].command, ['echo', 'hi']);
        await ok(n('create', 'cronjob', 'cj2', '--image=busybox', '--schedule=*/1 * * * *'));
        await ok(n('create', 'service', 'clusterip', 'svc2', '--tcp=5678:8080'));
        assert.equal((await json(n('get', 'svc', 'svc2'))).spec.ports[0].targetPort, 8080);
        await ok(n('create', 'service', 'externalname', 'ext2', '--external-name=foo.com'));
        await ok(n('create', 'role', 'r', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=x'));
        const role = await json(n('get', 'role', 'r'));
        assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], resourceNames: ['x'], verbs: ['get', 'list'] }, { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['x'], verbs: ['get', 'list'] }]);
        await ok(n('create', 'rolebinding', 'rb', '--role=r', '--user=jane'));
        await ok(['create', 'clusterrole', `cr-${ns}`, '--verb=get', '--non-resource-url=/logs/*']);
        await ok(['create', 'clusterrolebinding', `crb-${ns}`, '--clusterrole=view', '--group=devs']);
        await ok(n('create', 'quota', 'q', '--hard=pods=2,cpu=1'));
        assert.deepEqual((await json(n('get', 'quota', 'q'))).spec.hard, { cpu: '1', pods: '2' });
        await ok(n('create', 'pdb', 'pdb2', '--selector=app=x', '--max-unavailable=1'));
        await ok(n('create', 'deploy', 'd', '--image=nginx', '--replicas=2', '--port=80'));
        const d = await json(n('get', 'deploy', 'd'));
        assert.equal(d.spec.replicas, 2);
        assert.equal(d.spec.template.spec.containers[0].ports[0].protocol, 'TCP');
        const key = join(s.dataDir, `tls-${ns}.key`);
        const crt = join(s.dataDir, `tls-${ns}.crt`);
        const gen = await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', crt, '-subj', '/CN=a.example.com', '-days', '1']);
        assert.equal(gen.code, 0, gen.stderr);
        await ok(n('create', 'secret', 'tls', 'tls', `--cert=${crt}`, `--key=${key}`));
        assert.equal((await json(n('get', 'secret', 'tls'))).type, 'kubernetes.io/tls');
      });

      const proto = v === '1.33' ? { todo: 'kubectl ≥1.32 sends protobuf for these typed creates; Ingress, PriorityClass and autoscaling/v1 HPA are missing from src/apiserver/protobuf/schema' } : {};
      it('creates ingresses, priority classes and autoscalers with kubectl create/autoscale', proto, async () => {
        await ok(n('create', 'ingress', 'ing2', '--rule=foo.com/bar*=svc1:8080,tls=my-cert', '--class=nginx'));
        const ing = await json(n('get', 'ing', 'ing2'));
        assert.equal(ing.spec.rules[0].http.paths[0].pathType, 'Prefix');
        assert.equal(ing.spec.tls[0].secretName, 'my-cert');
        await ok(['create', 'priorityclass', `pc-${ns}`, '--value=100', '--description=x']);
        assert.equal((await json(['get', 'pc', `pc-${ns}`])).preemptionPolicy, 'PreemptLowerPriority');
        await ok(n('autoscale', 'deploy', 'web', '--max=4', '--cpu-percent=50', '--name=auto'));
        assert.equal((await json(n('get', 'hpa', 'auto'))).spec.maxReplicas, 4);
      });

      it('validates CRs with defaults, pruning, printer columns, scale and status subresources', async () => {
        await apply(ns, [{ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct1' }, spec: { cronSpec: '* * * * */5', image: 'my-image' } }]);
        const strict = await fails(['apply', '-n', ns, '-f', '-'], stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct9' }, spec: { cronSpec: '* * * * *', junk: 1 } }));
        assert.match(strict, /unknown field "spec.junk"/);
        await ok(['apply', '-n', ns, '--validate=false', '-f', '-'], stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct9' }, spec: { cronSpec: '* * * * *', junk: 1 } }));
        const pruned = await json(n('get', 'ct', 'ct9'));
        assert.deepEqual(pruned.spec, { cronSpec: '* * * * *', mode: 'a', replicas: 1 });
        const invalid = await fails(['create', '-n', ns, '-f', '-'], stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct2' }, spec: { cronSpec: 'bad', replicas: 20, mode: 'c' } }));
        assert.match(invalid, /The CronTab "ct2" is invalid: /);
        assert.match(invalid, /spec.mode: Unsupported value: "c": supported values: "a", "b"/);
        assert.match(invalid, /spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10/);
        assert.match(invalid, /spec.cronSpec: Invalid value: "bad": spec.cronSpec in body should match/);
        assert.match(await fails(['create', '-n', ns, '-f', '-'], stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct3' }, spec: { image: 'x' } })), /The CronTab "ct3" is invalid: spec.cronSpec: Required value/);
        assert.match(await ok(n('get', 'ct')), /^NAME\s+SPEC\s+REPLICAS\s+AGE$/m);
        assert.match(await ok(n('get', 'ct', '-o', 'wide')), /^ct1\s+\* \* \* \* \*\/5\s+1\s+\S+\s+my-image$/m);
        await ok(n('scale', 'ct', 'ct1', '--replicas=3'));
        await ok(n('patch', 'ct', 'ct1', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":2,"selector":"app=ct"},"spec":{"replicas":9}}'));
        const ct = await json(n('get', 'ct', 'ct1'));
        assert.equal(ct.spec.replicas, 3);
        assert.deepEqual(ct.status, { replicas: 2, selector: 'app=ct' });
        const scale = JSON.parse(await ok(['get', '--raw', `/apis/stable.example.com/v1/namespaces/${ns}/crontabs/ct1/scale`]));
        assert.deepEqual([scale.kind, scale.spec, scale.status], ['Scale', { replicas: 3 }, { replicas: 2, selector: 'app=ct' }]);
        assert.match(await fails(n('scale', 'ct', 'ct1', '--replicas=30')), /spec.replicas: Invalid value: 30: spec.replicas in body should be less than or equal to 10/);
        assert.match(await ok(n('get', 'all')), /crontab\.stable\.example\.com\/ct1/);
        const explain = await ok(['explain', 'crontab.spec']);
        assert.match(explain, /KIND:\s+CronTab/);
        assert.match(explain, /Spec of the crontab/);
        assert.match(explain, /cronSpec\s+<string> -required-/);
      });

      it('keeps an object with a finalizer Terminating until the finalizer is removed', async () => {
        await apply(ns, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fin', finalizers: ['example.com/block'] }, data: { a: 'b' } }]);
        assert.match(await ok(n('delete', 'cm', 'fin', '--wait=false')), /configmap "fin" deleted/);
        const cm = await json(n('get', 'cm', 'fin'));
        assert.ok(cm.metadata.deletionTimestamp);
        assert.equal(cm.metadata.deletionGracePeriodSeconds, 0);
        assert.match(await fails(n('patch', 'cm', 'fin', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/block","new/one"]}}')), /no new finalizers can be added if the object is being deleted/);
        assert.match(await fails(n('delete', 'cm', 'fin', '--timeout=1s')), /timed out waiting for the condition/);
        await ok(n('patch', 'cm', 'fin', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'));
        assert.match(await fails(n('get', 'cm', 'fin')), /configmaps "fin" not found/);
      });

      it('records propagation policies as finalizers, and keeps ownerReferences', async () => {
        // the DELETE response is the object as the server left it (a garbage collector may finish the job right after)
        const del = async (name: string, policy: string) => {
          await ok(n('create', 'deploy', name, '--image=nginx'));
          const body = tempFile(s, `delete-${ns}-${name}.json`, JSON.stringify({ propagationPolicy: policy }));
          const obj = JSON.parse(await ok(['delete', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/${name}`, '-f', body]));
          await k(n('patch', 'deploy', name, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'));
          return obj;
        };
        const fg = await del('fg', 'Foreground');
        assert.deepEqual(fg.metadata.finalizers, ['foregroundDeletion']);
        assert.ok(fg.metadata.deletionTimestamp);
        const orph = await del('orph', 'Orphan');
        assert.deepEqual(orph.metadata.finalizers, ['orphan']);
        await ok(n('create', 'cm', 'plain'));
        await ok(n('delete', 'cm', 'plain', '--cascade=background'));
        const uid = (await json(n('get', 'deploy', 'web'))).metadata.uid;
        const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid, controller: true, blockOwnerDeletion: true };
        await apply(ns, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [ref] } }]);
        assert.deepEqual((await json(n('get', 'cm', 'owned'))).metadata.ownerReferences, [ref]);
        const bad = await fails(['apply', '-n', ns, '-f', '-'], stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'badowner', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] } }));
        assert.match(bad, /metadata.ownerReferences.uid: Invalid value: "": uid must not be empty/);
      });

      it('creates objects from generateName with create -f, and apply refuses them', async () => {
        const doc = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' }, data: { a: 'b' } });
        const a = (await ok(['create', '-n', ns, '-f', '-', '-o', 'name'], doc)).trim();
        const b = (await ok(['create', '-n', ns, '-f', '-', '-o', 'name'], doc)).trim();
        assert.match(a, /^configmap\/gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
        assert.notEqual(a, b);
        assert.match(await fails(['apply', '-n', ns, '-f', '-'], doc), /cannot use generate name with apply/);
      });

      it('scales deployments, statefulsets and replicasets', async () => {
        await apply(ns, [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'headless', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } } },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs1' }, spec: { replicas: 2, selector: { matchLabels: { app: 'rs1' } }, template: { metadata: { labels: { app: 'rs1' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } } } },
          { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } } } },
        ]);
        await ok(n('scale', 'deploy/web', '--replicas=3'));
        await ok(n('scale', 'sts/db', '--replicas=2'));
        await ok(n('scale', 'rs/rs1', '--replicas=4'));
        const cols = await ok(n('get', 'deploy/web', 'sts/db', 'rs/rs1', '-o', 'custom-columns=NAME:.metadata.name,R:.spec.replicas,KIND:.kind'));
        assert.match(cols, /^web\s+3\s+Deployment$/m);
        assert.match(cols, /^db\s+2\s+StatefulSet$/m);
        assert.match(cols, /^rs1\s+4\s+ReplicaSet$/m);
        assert.match(await fails(n('scale', 'deploy/web', '--replicas=5', '--current-replicas=2')), /Expected replicas to be 2, was 3/);
        assert.match(await fails(n('scale', 'ds/agent', '--replicas=2')), /the server could not find the requested resource/);
        assert.equal((await json(n('get', 'sts', 'db'))).spec.podManagementPolicy, 'OrderedReady');
      });

      it('sends rollout pause/resume/restart/history requests', async () => {
        await ok(n('rollout', 'pause', 'deploy/web'));
        assert.equal((await json(n('get', 'deploy', 'web'))).spec.paused, true);
        await ok(n('rollout', 'resume', 'deploy/web'));
        assert.equal((await json(n('get', 'deploy', 'web'))).spec.paused, undefined);
        const gen = (await json(n('get', 'deploy', 'web'))).metadata.generation;
        await ok(n('rollout', 'restart', 'deploy/web'));
        const d = await json(n('get', 'deploy', 'web'));
        assert.match(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT/);
        assert.equal(d.metadata.generation, gen + 1);
        assert.match(await ok(n('rollout', 'history', 'deploy/web')), /^deployment\.apps\/web/m);
        await ok(n('rollout', 'restart', 'sts/db', 'ds/agent'));
        assert.ok((await json(n('get', 'ds', 'agent'))).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
      });

      it('sets image, env and resources', async () => {
        await ok(n('set', 'image', 'deploy/web', 'nginx=nginx:1.27'));
        await ok(n('set', 'env', 'deploy/web', 'FOO=bar'));
        await ok(n('set', 'resources', 'deploy/web', '-c=nginx', '--limits=cpu=200m,memory=512Mi'));
        const c = (await json(n('get', 'deploy', 'web'))).spec.template.spec.containers[0];
        assert.equal(c.image, 'nginx:1.27');
        assert.deepEqual(c.env, [{ name: 'FOO', value: 'bar' }]);
        assert.deepEqual(c.resources, { limits: { cpu: '200m', memory: '512Mi' } });
        assert.match(await ok(n('set', 'env', 'deploy/web', '--list')), /^FOO=bar$/m);
      });

      it('cordons, taints and uncordons a node', async () => {
        const node = `node-${ns}`;
        await apply(ns, [{ apiVersion: 'v1', kind: 'Node', metadata: { name: node, labels: { 'kubernetes.io/hostname': node } }, spec: {} }]);
        await ok(['cordon', node]);
        assert.match(await ok(['get', 'node', node]), new RegExp(`^${node}\\s+Unknown,SchedulingDisabled\\s+<none>\\s+`, 'm'));
        await ok(['taint', 'node', node, 'gpu=true:NoSchedule']);
        assert.match(await fails(['taint', 'node', node, 'gpu=true:NoSchedule']), /already has gpu taint\(s\) with same effect\(s\) and --overwrite is false/);
        await ok(['taint', 'node', node, 'gpu:NoSchedule-']);
        await ok(['taint', 'node', node, 'dedicated=x:NoExecute']);
        await ok(['uncordon', node]);
        const spec = (await json(['get', 'node', node])).spec;
        assert.deepEqual(spec.taints, [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]);
        assert.ok(!spec.unschedulable);
        assert.match(await ok(['describe', 'node', node]), /Taints:\s+dedicated=x:NoExecute/);
        await ok(['delete', 'node', node]);
      });

      it('labels with and without --overwrite', async () => {
        await ok(n('create', 'cm', 'lab'));
        await ok(n('label', 'cm', 'lab', 'a=1'));
        assert.match(await fails(n('label', 'cm', 'lab', 'a=2')), /'a' already has a value \(1\), and --overwrite is false/);
        await ok(n('label', 'cm', 'lab', 'a=2', '--overwrite'));
        assert.match(await ok(n('get', 'cm', 'lab', '--show-labels')), /^lab\s+0\s+\S+\s+a=2$/m);
      });

      it('removes the labels map when its last label is removed', async () => {
        await ok(n('create', 'cm', 'lab2'));
        await ok(n('label', 'cm', 'lab2', 'a=1'));
        await ok(n('label', 'cm', 'lab2', 'a-'));
        assert.equal((await json(n('get', 'cm', 'lab2'))).metadata.labels, undefined);
      });

      it('diffs, prunes and shows the last applied configuration', async () => {
        const cm = (data: Record<string, string>) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dcm', labels: { set: 'p' } }, data });
        await ok(['apply', '-n', ns, '-f', '-'], cm({ a: '1' }));
        const same = await k(['diff', '-n', ns, '-f', '-'], cm({ a: '1' }));
        assert.equal(same.code, 0, same.stderr);
        const d = await k(['diff', '-n', ns, '-f', '-'], cm({ a: '2' }));
        assert.equal(d.code, 1, d.stderr);
        assert.match(d.stdout, /^-  a: "1"$/m);
        assert.match(d.stdout, /^\+  a: "2"$/m);
        assert.equal((await json(n('get', 'cm', 'dcm'))).data.a, '1');
        const last = JSON.parse(await ok(n('apply', 'view-last-applied', 'cm/dcm', '-o', 'json')));
        assert.deepEqual(last.data, { a: '1' });
        const two = [cm({ a: '1' }), stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dcm2', labels: { set: 'p' } } })].join('---\n');
        assert.match(await ok(['apply', '-n', ns, '-l', 'set=p', '--prune', '-f', '-'], two), /configmap\/dcm2 created/);
        const pruned = await ok(['apply', '-n', ns, '-l', 'set=p', '--prune', '-f', '-'], cm({ a: '1' }));
        assert.match(pruned, /configmap\/dcm2 pruned/);
        assert.match(await fails(n('get', 'cm', 'dcm2')), /not found/);
      });

      it('prints -o name, jsonpath, custom-columns and --sort-by', async () => {
        for (const name of ['zz', 'aa', 'mm']) await ok(n('create', 'cm', `sort-${name}`, `--from-literal=k=${name}`));
        const names = (await ok(n('get', 'cm', '--sort-by=.metadata.name', '-o', 'name'))).trim().split('\n').filter((x) => x.includes('sort-'));
        assert.deepEqual(names, ['configmap/sort-aa', 'configmap/sort-mm', 'configmap/sort-zz']);
        const rev = await ok(n('get', 'cm', '-l', '!nothing', '--sort-by=.data.k', '-o', 'jsonpath={range .items[*]}{.metadata.name}{" "}{end}'));
        assert.match(rev, /sort-aa sort-mm sort-zz/);
        const table = await ok(n('get', 'cm', '--sort-by=.metadata.name'));
        assert.ok(table.indexOf('sort-aa') < table.indexOf('sort-zz'));
        assert.match(await ok(n('get', 'deploy', 'web', '-o', 'custom-columns=NAME:.metadata.name,IMG:.spec.template.spec.containers[*].image')), /^web\s+nginx:1\.27$/m);
      });

      it('watches with --output-watch-events', async () => {
        const p = spawn(kubectlPath(v), ['--kubeconfig', s.kubeconfig, 'get', 'cm', '-n', ns, '-w', '--output-watch-events', '-l', 'w=1'], { env: { ...process.env, HOME: join(s.dataDir, `home-${v}`) } });
        let out = '';
        const done = new Promise<void>((res) => p.stdout.on('data', (d) => { out += d; if (/DELETED\s+wcm/.test(out)) res(); }));
        await new Promise((r) => setTimeout(r, 500)); // let the watch start; events before it would be replayed as ADDED anyway
        await ok(n('create', 'cm', 'wcm', '--from-literal=a=b'));
        await ok(n('label', 'cm', 'wcm', 'w=1'));
        await ok(n('label', 'cm', 'wcm', 'x=2'));
        await ok(n('delete', 'cm', 'wcm'));
        const t = setTimeout(() => p.kill(), 15_000);
        await done;
        clearTimeout(t);
        p.kill();
        assert.match(out, /^EVENT\s+NAME\s+DATA\s+AGE$/m);
        assert.match(out, /^ADDED\s+wcm\s+1\s+/m);
        assert.match(out, /^MODIFIED\s+wcm\s+1\s+/m);
        assert.match(out, /^DELETED\s+wcm\s+1\s+/m);
      });

      it('describes every kind without errors', async () => {
        for (const r of ['svc/np', 'svc/ext2', 'ep/np', 'secret/s1', 'sa/bot', 'pvc/pvc1', 'limits/lr', 'quota/rq', 'sts/db', 'ds/agent', 'rs/rs1', 'job/pi', 'cj/cj', 'hpa/h1', 'lease/l1', 'endpointslice/np-abc', 'ing/ing', 'netpol/deny', 'pdb/pdb', 'role/r', 'rolebinding/rb', 'ct/ct1', 'ev/web.1']) {
          const out = await ok(n('describe', r));
          assert.match(out, new RegExp(`^Name:\\s+${r.split('/')[1]!.replace('.', '\\.')}$`, 'm'), r);
        }
        for (const r of [`clusterrolebinding/crb-${ns}`, 'sc', 'ns/default', 'crd/crontabs.stable.example.com']) await ok(['describe', r]);
      });
    });
  }

  describe('admission and strategy differences from Kubernetes 1.30', () => {
    const k: K = (args, input) => kubectl(s, '1.33', args, { input });
    const { ok, fails, json, apply } = helpers(k);
    before(async () => { await ok(['create', 'namespace', 'adm']); });

    it('rejects a pod whose service account does not exist (ServiceAccount admission)', async () => {
      const e = await fails(['run', 'p', '-n', 'adm', '--image=nginx', '--overrides={"spec":{"serviceAccountName":"nope"}}']);
      assert.match(e, /pods "p" is forbidden: error looking up service account adm\/nope: serviceaccount "nope" not found/);
    });

    it('mounts the service account token volume into pods', async () => {
      await ok(['run', 'tokpod', '-n', 'adm', '--image=nginx']);
      const p = await json(['get', 'pod', 'tokpod', '-n', 'adm']);
      assert.match(p.spec.volumes?.[0]?.name ?? '', /^kube-api-access-/);
      assert.equal(p.spec.containers[0].volumeMounts?.[0]?.mountPath, '/var/run/secrets/kubernetes.io/serviceaccount');
    });

    it('applies LimitRange defaults to new pods (LimitRanger admission)', async () => {
      await apply('adm', [{ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' } }] } }]);
      await ok(['run', 'lrpod', '-n', 'adm', '--image=nginx']);
      assert.deepEqual((await json(['get', 'pod', 'lrpod', '-n', 'adm'])).spec.containers[0].resources, { limits: { cpu: '500m' }, requests: { cpu: '250m' } });
    });

    it('defaults storageClassName and ingressClassName from the default classes', async () => {
      await apply('adm', [
        { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'adm-local', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path' },
        { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'adm-nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } },
      ]);
      await apply('adm', [
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } },
      ]);
      try {
        assert.equal((await json(['get', 'pvc', 'c', '-n', 'adm'])).spec.storageClassName, 'adm-local');
        assert.equal((await json(['get', 'ing', 'i', '-n', 'adm'])).spec.ingressClassName, 'adm-nginx');
      } finally {
        await k(['delete', 'sc', 'adm-local']);
        await k(['delete', 'ingressclass', 'adm-nginx']);
      }
    });

    it('protects PVCs and PVs with finalizers (StorageObjectInUseProtection)', async () => {
      await apply('adm', [
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'prot' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
        { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'adm-pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/x' } } },
      ]);
      assert.deepEqual((await json(['get', 'pvc', 'prot', '-n', 'adm'])).metadata.finalizers, ['kubernetes.io/pvc-protection']);
      assert.deepEqual((await json(['get', 'pv', 'adm-pv'])).metadata.finalizers, ['kubernetes.io/pv-protection']);
    });

    it('taints new nodes not-ready (TaintNodesByCondition)', { todo: 'no TaintNodesByCondition admission' }, async () => {
      await apply('adm', [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'adm-node' }, spec: {} }]);
      assert.deepEqual((await json(['get', 'node', 'adm-node'])).spec.taints, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    });

    it('prefixes strict decoding errors with the kind, as kube-apiserver does', async () => {
      const e = await fails(['apply', '-n', 'adm', '-f', '-'], stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { foo: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }));
      assert.match(e, /Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"/);
    });

    it('server-side applies a Job first created by client-side apply', async () => {
      const job = stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'ssa-job' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
      await ok(['apply', '-n', 'adm', '-f', '-'], job);
      await ok(['apply', '--server-side', '-n', 'adm', '-f', '-'], job);
      const r = await k(['apply', '--server-side', '-n', 'adm', '-f', '-'], job);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /failed to re-apply configuration/);
    });

    it('rejects quota scopes that do not apply to the resources', { todo: 'BestEffort scope with cpu is accepted; upstream: unsupported scope applied to resource' }, async () => {
      assert.match(await fails(['create', 'quota', 'be', '-n', 'adm', '--hard=cpu=1', '--scopes=BestEffort']), /spec.scopes: Invalid value: .*unsupported scope applied to resource/);
    });

    it('shows the aggregated rules of view/edit/admin', async () => {
      const rules = (await json(['get', 'clusterrole', 'view'])).rules as any[];
      assert.ok(rules.some((r) => r.apiGroups.includes('') && r.resources.includes('pods') && r.verbs.includes('list')), 'view aggregates the pod read rules');
      assert.ok(!rules.some((r) => r.verbs.includes('create')), 'view grants no writes');
      const edit = (await json(['get', 'clusterrole', 'edit'])).rules as any[];
      assert.ok(edit.some((r) => r.resources.includes('deployments') && r.verbs.includes('create')));
    });
  });

  describe('raw endpoints and cluster commands', () => {
    for (const v of ['1.27', '1.29', '1.31', '1.33']) {
      it(`kubectl ${v}: get --raw, api-versions, cluster-info, top`, async () => {
        const k: K = (args, input) => kubectl(s, v, args, { input });
        const { ok, fails } = helpers(k);
        for (const p of ['/healthz', '/livez', '/readyz']) assert.equal(await ok(['get', '--raw', p]), 'ok');
        assert.match(JSON.parse(await ok(['get', '--raw', '/version'])).gitVersion, /^v1\.30\.\d+\+skiff$/);
        assert.match(await ok(['get', '--raw', '/metrics']), /^apiserver_request_total/m);
        const oa = JSON.parse(await ok(['get', '--raw', '/openapi/v3']));
        assert.ok(oa.paths['apis/apps/v1'].serverRelativeURL.startsWith('/openapi/v3/apis/apps/v1?hash='));
        assert.ok(oa.paths['apis/stable.example.com/v1']);
        const gv = (await ok(['api-versions'])).trim().split('\n');
        for (const x of ['v1', 'apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'events.k8s.io/v1', 'stable.example.com/v1', 'rbac.authorization.k8s.io/v1']) assert.ok(gv.includes(x), x);
        assert.match(await ok(['cluster-info']), /Kubernetes control plane.* is running at .*https:\/\/127\.0\.0\.1:\d+/);
        // metrics.k8s.io is served (from the node agents' summaries); without nodes there is nothing to show yet
        assert.ok(gv.includes('metrics.k8s.io/v1beta1'));
        assert.match(await fails(['top', 'nodes']), /metrics not available yet/);
      });
    }

    it('pretty-prints /version and lists checks for /readyz?verbose', async () => {
      const { ok } = helpers((args, input) => kubectl(s, '1.33', args, { input }));
      assert.match(await ok(['get', '--raw', '/version']), /^\{\n {2}"major": "1",/);
      assert.match(await ok(['get', '--raw', '/readyz?verbose']), /\[\+\]ping ok[\s\S]*readyz check passed/);
    });
  });

  describe('RBAC for a non-admin user', () => {
    for (const v of ['1.27', '1.33']) {
      it(`kubectl ${v}: forbids with Kubernetes' messages and grants through bindings`, async () => {
        const user = `jane${v.replace('.', '')}`;
        const ns = `rbac${v.replace('.', '')}`;
        const admin = helpers((args, input) => kubectl(s, v, args, { input }));
        const kc = await userKubeconfig(s, user);
        const { ok, fails } = helpers((args, input) => kubectl(s, v, ['--kubeconfig', kc, ...args], { input }));
        await admin.ok(['create', 'namespace', ns]);
        await admin.ok(['create', 'cm', 'c1', '-n', ns]);
        if (v !== '1.27') assert.match(await ok(['auth', 'whoami']), new RegExp(`Username\\s+${user}`));
        assert.match(await fails(['get', 'pods', '-n', ns]), new RegExp(`Error from server \\(Forbidden\\): pods is forbidden: User "${user}" cannot list resource "pods" in API group "" in the namespace "${ns}"`));
        assert.match(await fails(['get', 'nodes']), new RegExp(`nodes is forbidden: User "${user}" cannot list resource "nodes" in API group "" at the cluster scope`));
        assert.match(await fails(['get', 'cm', 'c1', '-n', ns]), new RegExp(`configmaps "c1" is forbidden: User "${user}" cannot get resource "configmaps" in API group "" in the namespace "${ns}"`));
        assert.match(await fails(['get', 'deploy', '-n', ns]), new RegExp(`deployments.apps is forbidden: User "${user}" cannot list resource "deployments" in API group "apps"`));
        assert.match(await fails(['get', '--raw', '/metrics']), new RegExp(`forbidden: User "${user}" cannot get path "/metrics"`));
        assert.equal(await ok(['get', '--raw', '/healthz']), 'ok');
        assert.equal((await k2(['auth', 'can-i', 'list', 'configmaps', '-n', ns])).stdout.trim(), 'no');
        await admin.ok(['create', 'rolebinding', 'view', '--clusterrole=view', `--user=${user}`, '-n', ns]);
        assert.match(await ok(['get', 'cm', '-n', ns]), /^c1\s+0\s+/m);
        assert.match(await fails(['get', 'secrets', '-n', ns]), /secrets is forbidden/);
        assert.match(await fails(['create', 'cm', 'c2', '-n', ns]), new RegExp(`configmaps is forbidden: User "${user}" cannot create resource "configmaps"`));
        assert.match(await fails(['get', 'cm', '-n', 'default']), /forbidden/);
        await admin.ok(['create', 'rolebinding', 'edit', '--clusterrole=edit', `--user=${user}`, '-n', ns]);
        await ok(['create', 'cm', 'c2', '-n', ns]);
        assert.equal((await k2(['auth', 'can-i', 'create', 'deployments', '-n', ns])).stdout.trim(), 'yes');
        assert.equal((await k2(['auth', 'can-i', 'create', 'rolebindings', '-n', ns])).stdout.trim(), 'no');
        // groups come from the certificate's O
        const team = `team${v.replace('.', '')}`;
        const gkc = await userKubeconfig(s, `bob${v.replace('.', '')}`, [team]);
        const g = helpers((args, input) => kubectl(s, v, ['--kubeconfig', gkc, ...args], { input }));
        await g.fails(['get', 'cm', '-n', ns]);
        await admin.ok(['create', 'rolebinding', 'devs', '--clusterrole=view', `--group=${team}`, '-n', ns]);
        assert.match(await g.ok(['get', 'cm', '-n', ns]), /^c1\s+/m);

        function k2(args: string[]) { return kubectl(s, v, ['--kubeconfig', kc, ...args]); }
      });
    }

    it('refuses to let a namespace admin grant permissions it does not hold (RBAC escalation check)', async () => {
      const admin = helpers((args, input) => kubectl(s, '1.33', args, { input }));
      await admin.ok(['create', 'namespace', 'esc']);
      await admin.ok(['create', 'rolebinding', 'adm', '--clusterrole=admin', '--user=mallory', '-n', 'esc']);
      const kc = await userKubeconfig(s, 'mallory');
      const m = helpers((args, input) => kubectl(s, '1.33', ['--kubeconfig', kc, ...args], { input }));
      assert.match(await m.fails(['create', 'rolebinding', 'up', '--clusterrole=cluster-admin', '--user=mallory', '-n', 'esc']), /is attempting to grant RBAC permissions not currently held/);
      assert.match(await m.fails(['create', 'role', 'big', '--verb=*', '--resource=*', '-n', 'esc']), /is attempting to grant RBAC permissions not currently held/);
    });
  });
});

