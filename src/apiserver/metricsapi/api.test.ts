import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import { MetricsApi, type MetricsRequest } from './api.js';
import type { Summary } from './summary.js';

const NOW = Date.parse('2025-01-02T03:04:05Z');
const SAMPLE = '2025-01-02T03:04:00Z';

const node = (name: string, labels?: Record<string, string>): Node => ({ metadata: { name, labels } });
const pod = (ns: string, name: string, nodeName: string, extra: { phase?: string; labels?: Record<string, string>; uid?: string } = {}): Pod => ({
  metadata: { namespace: ns, name, labels: extra.labels, uid: extra.uid ?? `uid-${name}` },
  spec: { nodeName, containers: [] },
  status: { phase: extra.phase ?? 'Running' },
});
const stats = (nanoCores: number, bytes: number) => ({ cpu: { time: SAMPLE, usageNanoCores: nanoCores }, memory: { time: SAMPLE, workingSetBytes: bytes } });

const SUMMARIES: Record<string, Summary> = {
  n1: {
    node: { nodeName: 'n1', ...stats(250_000_000, 2 * 1024 ** 3) },
    pods: [
      { podRef: { namespace: 'default', name: 'web', uid: 'uid-web' }, containers: [{ name: 'sidecar', ...stats(1_000_000, 4 * 1024 ** 2) }, { name: 'app', ...stats(156133, 12 * 1024 ** 2) }] },
      { podRef: { namespace: 'kube-system', name: 'dns', uid: 'uid-dns' }, containers: [{ name: 'dns', ...stats(3_000_000, 1661472768) }] },
      { podRef: { namespace: 'default', name: 'pending', uid: 'uid-pending' }, containers: [{ name: 'c', ...stats(1, 1) }] },
      { podRef: { namespace: 'default', name: 'old', uid: 'uid-previous' }, containers: [{ name: 'c', ...stats(1, 1) }] },
      { podRef: { namespace: 'default', name: 'nocpu', uid: 'uid-nocpu' }, containers: [{ name: 'c', memory: { workingSetBytes: 5 } }] },
    ],
  },
  n3: { node: { nodeName: 'n3', ...stats(1_500_000_000, 1000) }, pods: [] },
};

function fixture(opts: { down?: string[] } = {}) {
  const clock = new FakeClock(NOW);
  const nodes = [node('n3'), node('n1', { zone: 'a' }), node('n2')];
  const pods = [
    pod('default', 'web', 'n1', { labels: { app: 'web' } }), pod('kube-system', 'dns', 'n1', { labels: { app: 'dns' } }),
    pod('default', 'pending', 'n1', { phase: 'Pending' }), pod('default', 'old', 'n1'), pod('default', 'nocpu', 'n1'),
    pod('default', 'elsewhere', 'n2'),
  ];
  const scraped: string[] = [];
  const api = new MetricsApi({
    clock,
    source: {
      async summary(n) {
        scraped.push(n);
        if (opts.down?.includes(n) || !SUMMARIES[n]) throw new Error(`dial tcp: connection refused`);
        return SUMMARIES[n]!;
      },
    },
    nodes: { list: async () => nodes, get: async (n) => nodes.find((x) => x.metadata?.name === n) },
    pods: {
      list: async (ns) => pods.filter((p) => !ns || p.metadata?.namespace === ns),
      get: async (ns, n) => pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === n),
    },
  });
  const serve = (r: Partial<Omit<MetricsRequest, 'query'>> & { query?: Record<string, string> }) => api.serve({
    resource: 'nodes', verb: 'list', namespace: '', name: '', ...r, query: new URLSearchParams(r.query ?? {}),
  }) as Promise<Record<string, any>>;
  return { api, serve, scraped, clock };
}

async function rejects(p: Promise<unknown>, code: number, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

test('MetricsApi lists NodeMetrics sorted by name, leaving out nodes whose agent cannot be scraped', async () => {
  const { serve } = fixture();
  const l = await serve({});
  assert.deepEqual(l, {
    kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {},
    items: [
      { metadata: { name: 'n1', creationTimestamp: '2025-01-02T03:04:05Z', labels: { zone: 'a' } }, timestamp: SAMPLE, window: '10s', usage: { cpu: '250m', memory: '2Gi' } },
      { metadata: { name: 'n3', creationTimestamp: '2025-01-02T03:04:05Z' }, timestamp: SAMPLE, window: '10s', usage: { cpu: '1500m', memory: '1k' } },
    ],
  });
});

test('MetricsApi node list honours labelSelector and fieldSelector', async () => {
  const { serve, scraped } = fixture();
  assert.deepEqual((await serve({ query: { labelSelector: 'zone=a' } })).items.map((i: any) => i.metadata.name), ['n1']);
  assert.deepEqual(scraped, ['n1']);
  assert.deepEqual((await serve({ query: { fieldSelector: 'metadata.name=n3' } })).items.map((i: any) => i.metadata.name), ['n3']);
  await rejects(serve({ query: { fieldSelector: 'spec.unschedulable=true' } }), 400, '"spec.unschedulable" is not a known field selector: only "metadata.name", "metadata.namespace"');
  await assert.rejects(serve({ query: { labelSelector: 'a b' } }), (e: unknown) => e instanceof ApiError && e.code === 400);
});

test('MetricsApi gets one NodeMetrics with its type, and answers NotFound as metrics-server does', async () => {
  const { serve } = fixture();
  const n = await serve({ verb: 'get', name: 'n1' });
  assert.equal(n.kind, 'NodeMetrics');
  assert.equal(n.apiVersion, 'metrics.k8s.io/v1beta1');
  assert.deepEqual(n.usage, { cpu: '250m', memory: '2Gi' });
  await rejects(serve({ verb: 'get', name: 'nope' }), 404, 'node "nope" not found');
  await rejects(serve({ verb: 'get', name: 'n2' }), 404, 'nodemetrics.metrics.k8s.io "n2" not found');
});

test('MetricsApi lists PodMetrics of Running pods with samples, across or within namespaces', async () => {
  const { serve, scraped } = fixture();
  const all = await serve({ resource: 'pods' });
  assert.equal(all.kind, 'PodMetricsList');
  assert.deepEqual(all.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`), ['default/web', 'kube-system/dns']);
  assert.deepEqual(all.items[0], {
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-01-02T03:04:05Z', labels: { app: 'web' } },
    timestamp: SAMPLE, window: '10s',
    containers: [{ name: 'app', usage: { cpu: '156133n', memory: '12Mi' } }, { name: 'sidecar', usage: { cpu: '1m', memory: '4Mi' } }],
  });
  assert.deepEqual(all.items[1].containers, [{ name: 'dns', usage: { cpu: '3m', memory: '1622532Ki' } }]);
  // n1 scraped once (cached), n2 tried once and left out
  assert.deepEqual(scraped.sort(), ['n1', 'n2']);
  const ns = await serve({ resource: 'pods', namespace: 'kube-system' });
  assert.deepEqual(ns.items.map((i: any) => i.metadata.name), ['dns']);
});

test('MetricsApi pod list honours labelSelector and metadata fieldSelectors', async () => {
  const { serve } = fixture();
  const names = async (query: Record<string, string>) => (await serve({ resource: 'pods', query })).items.map((i: any) => i.metadata.name);
  assert.deepEqual(await names({ labelSelector: 'app=dns' }), ['dns']);
  assert.deepEqual(await names({ labelSelector: 'app in (web,dns)' }), ['web', 'dns']);
  assert.deepEqual(await names({ fieldSelector: 'metadata.name=web' }), ['web']);
  assert.deepEqual(await names({ fieldSelector: 'metadata.namespace!=default' }), ['dns']);
  await rejects(serve({ resource: 'pods', query: { fieldSelector: 'spec.nodeName=n1' } }), 400, '"spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"');
});

test('MetricsApi gets one PodMetrics, and NotFound for a missing pod or one without metrics', async () => {
  const { serve } = fixture();
  const p = await serve({ resource: 'pods', verb: 'get', namespace: 'default', name: 'web' });
  assert.equal(p.kind, 'PodMetrics');
  assert.equal(p.containers.length, 2);
  await rejects(serve({ resource: 'pods', verb: 'get', namespace: 'default', name: 'ghost' }), 404, 'pod "ghost" not found');
  for (const name of ['pending', 'old', 'nocpu', 'elsewhere']) {
    await rejects(serve({ resource: 'pods', verb: 'get', namespace: 'default', name }), 404, `podmetrics.metrics.k8s.io "default/${name}" not found`);
  }
});

test('MetricsApi serves Tables for kubectl get, summing a pod\'s containers', async () => {
  const { serve } = fixture();
  const t = await serve({ resource: 'pods', namespace: 'default', shape: 'table' });
  assert.equal(t.kind, 'Table');
  assert.deepEqual(t.columnDefinitions.map((c: any) => c.name), ['Name', 'cpu', 'memory', 'Window']);
  assert.deepEqual(t.rows.map((r: any) => r.cells), [['web', '1156133n', '16Mi', '10s']]);
  assert.equal(t.rows[0].object.kind, 'PartialObjectMetadata');
  assert.equal(t.rows[0].object.metadata.namespace, 'default');
  const nt = await serve({ verb: 'get', name: 'n3', shape: 'table', query: { includeObject: 'None' } });
  assert.deepEqual(nt.rows, [{ cells: ['n3', '1500m', '1k', '10s'] }]);
});

test('MetricsApi refuses other verbs', async () => {
  const { serve } = fixture();
  await rejects(serve({ verb: 'watch' }), 405, 'watch is not supported on resources of kind "nodes"');
  await rejects(serve({ resource: 'pods', verb: 'create', namespace: 'default' }), 405, 'create is not supported on resources of kind "pods"');
});

test('MetricsApi rescrapes after the cache expires', async () => {
  const { serve, scraped, clock } = fixture();
  await serve({ verb: 'get', name: 'n1' });
  await serve({ verb: 'get', name: 'n1' });
  assert.deepEqual(scraped, ['n1']);
  clock.advance(10_000);
  await serve({ verb: 'get', name: 'n1' });
  assert.deepEqual(scraped, ['n1', 'n1']);
});
