// The metrics.k8s.io/v1beta1 read path: which nodes and pods a request selects, which agents to scrape for them,
// and the NodeMetrics / PodMetrics answer, following metrics-server (pkg/api/node.go, pod.go): nodes and pods come
// from the API's own objects, unreachable nodes and pods without samples are left out of lists, only Running pods
// have metrics, and a named object without metrics is NotFound.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../machinery/clock.js';
import { ApiError, methodNotAllowed, notFound, resourceNotFound } from '../../machinery/errors.js';
import { checkFieldSelectorSupported, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../machinery/selectors/index.js';
import { SummaryCache } from './cache.js';
import type { SummarySource } from './source.js';
import { nodeUsage, podUsages, type PodUsage } from './summary.js';
import { GROUP, list, nodeMetrics, podMetrics, withType, type NodeMetrics, type PodMetrics } from './objects.js';
import { metricsTable, type IncludeObject } from './table.js';

export interface MetricsApiOptions {
  clock: Clock;
  source: SummarySource;
  nodes: { list(): Promise<Node[]>; get(name: string): Promise<Node | undefined> };
  /** `namespace` '' lists all namespaces. */
  pods: { list(namespace: string): Promise<Pod[]>; get(namespace: string, name: string): Promise<Pod | undefined> };
  /** How long a node's summary (or failure) is reused. @default 10000 */
  ttlMs?: number;
  onScrapeError?: (nodeName: string, error: string) => void;
}

export interface MetricsRequest {
  resource: string;
  verb: string;
  namespace: string;
  name: string;
  query: URLSearchParams;
  /** Response shape the client negotiated. @default 'object' */
  shape?: 'object' | 'table' | 'partial';
}

/** Pod lookup errors as metrics-server's pod lister gives them (singular resource). */
const podNotFound = (name: string) => new ApiError(404, 'NotFound', `pod "${name}" not found`, { name, kind: 'pod' });
const nodeNotFound = (name: string) => new ApiError(404, 'NotFound', `node "${name}" not found`, { name, kind: 'node' });

type Filter = (o: Node | Pod) => boolean;

function selectors(query: URLSearchParams, resource: string): Filter {
  const ls = query.get('labelSelector');
  const fs = query.get('fieldSelector');
  const labels = ls ? parseLabelSelector(ls) : undefined;
  const fields = fs ? parseFieldSelector(fs) : undefined;
  if (fields) checkFieldSelectorSupported(fields, GROUP, resource);
  return (o) => {
    if (labels && !matchesLabels(labels, o.metadata?.labels)) return false;
    if (fields && !matchesFields(fields, { 'metadata.name': o.metadata?.name ?? '', 'metadata.namespace': o.metadata?.namespace ?? '' })) return false;
    return true;
  };
}

const byNamespaceName = (a: { metadata: { namespace?: string; name: string } }, b: { metadata: { namespace?: string; name: string } }) => {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`; const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export class MetricsApi {
  readonly cache: SummaryCache;

  constructor(private readonly opts: MetricsApiOptions) {
    this.cache = new SummaryCache({ source: opts.source, clock: opts.clock, ttlMs: opts.ttlMs, onError: opts.onScrapeError });
  }

  /** The response body for a request; throws ApiError (404, 405, 400) as the real server would. */
  async serve(r: MetricsRequest): Promise<unknown> {
    if (r.verb !== 'get' && r.verb !== 'list') throw methodNotAllowed(`${r.verb} is not supported on resources of kind "${r.resource}"`);
    const include = (r.query.get('includeObject') as IncludeObject | null) ?? 'Metadata';
    if (r.resource === 'nodes') {
      if (r.verb === 'get') return this.present([await this.node(r.name)], 'NodeMetrics', r.shape, include, true);
      return this.present(await this.nodes(selectors(r.query, 'nodes')), 'NodeMetrics', r.shape, include, false);
    }
    if (r.resource === 'pods') {
      if (r.verb === 'get') {
        if (!r.namespace) throw resourceNotFound();
        return this.present([await this.pod(r.namespace, r.name)], 'PodMetrics', r.shape, include, true);
      }
      return this.present(await this.pods(r.namespace, selectors(r.query, 'pods')), 'PodMetrics', r.shape, include, false);
    }
    throw resourceNotFound();
  }

  async node(name: string): Promise<NodeMetrics> {
    const node = await this.opts.nodes.get(name);
    if (!node) throw nodeNotFound(name);
    const [m] = await this.nodeMetricsOf([node]);
    if (!m) throw notFound({ group: GROUP, resource: 'nodemetrics' }, name);
    return m;
  }

  async nodes(filter: Filter): Promise<NodeMetrics[]> {
    const all = await this.opts.nodes.list();
    this.cache.retain(new Set(all.map((n) => n.metadata?.name ?? '')));
    return this.nodeMetricsOf(all.filter(filter));
  }

  async pod(namespace: string, name: string): Promise<PodMetrics> {
    const pod = await this.opts.pods.get(namespace, name);
    if (!pod) throw podNotFound(name);
    const [m] = await this.podMetricsOf([pod]);
    if (!m) throw notFound({ group: GROUP, resource: 'podmetrics' }, `${namespace}/${name}`);
    return m;
  }

  async pods(namespace: string, filter: Filter): Promise<PodMetrics[]> {
    return this.podMetricsOf((await this.opts.pods.list(namespace)).filter(filter));
  }

  private async nodeMetricsOf(nodes: Node[]): Promise<NodeMetrics[]> {
    const scrapes = await this.cache.getMany(nodes.map((n) => n.metadata?.name ?? ''));
    const now = this.opts.clock.now();
    const out: NodeMetrics[] = [];
    for (const node of nodes) {
      const s = scrapes.get(node.metadata?.name ?? '');
      const u = s && nodeUsage(s.summary, s.atMs);
      if (u) out.push(nodeMetrics(node, u, now));
    }
    return out.sort(byNamespaceName);
  }

  /** Only Running pods on a node have metrics; each node hosting one is scraped once. */
  private async podMetricsOf(pods: Pod[]): Promise<PodMetrics[]> {
    const running = pods.filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName);
    const scrapes = await this.cache.getMany(running.map((p) => p.spec!.nodeName!));
    const usages = new Map<string, Map<string, PodUsage>>();
    for (const [node, s] of scrapes) usages.set(node, podUsages(s.summary, s.atMs));
    const now = this.opts.clock.now();
    const out: PodMetrics[] = [];
    for (const pod of running) {
      const u = usages.get(pod.spec!.nodeName!)?.get(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
      if (!u || (u.uid && pod.metadata?.uid && u.uid !== pod.metadata.uid)) continue;
      out.push(podMetrics(pod, u, now));
    }
    return out.sort(byNamespaceName);
  }

  private present(items: (NodeMetrics | PodMetrics)[], kind: 'NodeMetrics' | 'PodMetrics', shape: MetricsRequest['shape'], include: IncludeObject, single: boolean): unknown {
    if (shape === 'table') return metricsTable(items, kind, include);
    if (shape === 'partial') {
      const partial = items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }));
      return single ? partial[0] : { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: {}, items: partial };
    }
    if (single) return withType(items[0]!, kind);
    return list(kind === 'NodeMetrics' ? 'NodeMetricsList' : 'PodMetricsList', items);
  }
}
