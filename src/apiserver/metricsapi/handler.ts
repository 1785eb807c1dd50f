// The API server's entry point for metrics.k8s.io: one MetricsApi (and so one summary cache) per ApiServer, wired
// to its node and pod stores and to the node agents over mutual TLS. Authorization has already happened.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { RequestContext } from '../handlers/context.js';
import { negotiateShape } from '../handlers/negotiate.js';
import { sendJson } from '../http/respond.js';
import { resourceNotFound } from '../../machinery/errors.js';
import type { ApiServer } from '../server.js';
import { MetricsApi } from './api.js';
import { httpsSummarySource } from './source.js';

const apis = new WeakMap<ApiServer, MetricsApi>();

/** A MetricsApi reading `server`'s stores and scraping its nodes' agents. */
export function metricsApiFor(server: ApiServer): MetricsApi {
  let api = apis.get(server);
  if (!api) {
    const nodes = () => server.entry('', 'v1', 'nodes').store!;
    const pods = () => server.entry('', 'v1', 'pods').store!;
    api = new MetricsApi({
      clock: server.clock,
      source: httpsSummarySource({ agentFor: (n) => server.agentFor(n) }),
      nodes: {
        list: async () => (await nodes().list({ namespace: '' })).items as Node[],
        get: async (name) => (await nodes().tryGet('', name)) as Node | undefined,
      },
      pods: {
        list: async (ns) => (await pods().list({ namespace: ns })).items as Pod[],
        get: async (ns, name) => (await pods().tryGet(ns, name)) as Pod | undefined,
      },
      onScrapeError: (node, error) => server.opts.logger?.('metrics scrape failed', { node, error }),
    });
    apis.set(server, api);
  }
  return api;
}

/** Serves GET/LIST of metrics.k8s.io/v1beta1 nodes and pods. */
export async function handleMetrics(ctx: RequestContext, server: ApiServer): Promise<void> {
  if (ctx.info.subresource) throw resourceNotFound();
  const body = await metricsApiFor(server).serve({
    resource: ctx.info.resource, verb: ctx.info.verb, namespace: ctx.info.namespace, name: ctx.info.name,
    query: ctx.query, shape: negotiateShape(ctx.req.headers.accept),
  });
  sendJson(ctx.res, 200, body);
}
