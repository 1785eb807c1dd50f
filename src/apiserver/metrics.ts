// Prometheus metrics for /metrics (prom-client), named as kube-apiserver names them where they mean the same.
import client from 'prom-client';
import type { RequestInfo } from './http/requestinfo.js';

export class Metrics {
  readonly registry = new client.Registry();
  readonly requests = new client.Counter({ name: 'apiserver_request_total', help: 'Counter of apiserver requests broken out for each verb, group, version, resource and HTTP response code.', labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'code'], registers: [this.registry] });
  readonly latency = new client.Histogram({ name: 'apiserver_request_duration_seconds', help: 'Response latency distribution in seconds for each verb, group, version and resource.', labelNames: ['verb', 'group', 'version', 'resource'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [this.registry] });
  readonly watchers = new client.Gauge({ name: 'apiserver_registered_watchers', help: 'Number of currently open watches for a given resource.', labelNames: ['resource'], registers: [this.registry] });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'skiff_' });
  }

  get contentType(): string { return this.registry.contentType; }

  observeRequest(method: string, info: RequestInfo | undefined, code: number, seconds: number): void {
    const verb = info?.isResourceRequest ? info.verb.toUpperCase() : method;
    const labels = { verb, group: info?.apiGroup ?? '', version: info?.apiVersion ?? '', resource: info?.resource ?? '' };
    this.requests.inc({ ...labels, subresource: info?.subresource ?? '', code: String(code) });
    if (verb !== 'WATCH') this.latency.observe(labels, seconds);
  }

  render(): Promise<string> { return this.registry.metrics(); }
}
