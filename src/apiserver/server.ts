// The API server: HTTPS listener, authentication, authorization, routing to discovery, OpenAPI and the resource
// handlers. One request flows: parse → authenticate → authorize → dispatch → (errors become Status).
import https from 'node:https';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../store/backend.js';
import type { Clock } from '../machinery/clock.js';
import { systemClock } from '../machinery/clock.js';
import { ApiError, methodNotAllowed, resourceNotFound, unauthorized, badRequest } from '../machinery/errors.js';
import { parseRequestInfo, type RequestInfo } from './http/requestinfo.js';
import { sendError, sendJson, sendText, toApiError } from './http/respond.js';
import { Registry, type ResourceEntry } from './registry/registry.js';
import { BUILTIN_RESOURCES, type ResourceInfo } from './resources.js';
import { ResourceStore } from './registry/store.js';
import { WatchHub } from './watch/hub.js';
import { strategyFor } from './registry/strategies/index.js';
import * as discovery from './discovery.js';
import type { RequestContext } from './handlers/context.js';
import { handleGet, handleList } from './handlers/read.js';
import { handleWatch } from './handlers/watch.js';
import { handleCreate, handleDelete, handleDeleteCollection, handleUpdate } from './handlers/write.js';
import { handlePatch } from './handlers/patch.js';
import { handleScaleGet, handleScaleWrite } from './handlers/scale.js';
import type { WriteEnv } from './handlers/env.js';
import type { UserInfo } from './auth/authn.js';
import { authorize } from './auth/rbac.js';
import { forbiddenError } from './auth/forbidden.js';
import { ResourceCache } from './cache.js';
import { Metrics } from './metrics.js';
import { OpenAPIService, OPENAPI_V2_CONTENT_TYPE } from './openapi/index.js';
import { createSchemaChecker } from './schema-check.js';
import { createAdmission } from './admission/index.js';
import { handleVirtual } from './handlers/virtual.js';
import { handleMetrics, METRICS_DEFINITIONS } from './metricsapi/index.js';
import { handlePodSubresource } from './handlers/pods.js';
import { agentLocation, type StreamSubresource } from './nodeproxy/location.js';
import { agentTarget, proxyUpgrade, type AgentClientTLS, type AgentTarget } from './nodeproxy/proxy.js';
import { rejectUpgrade } from '../streaming/upgrade.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CRDManager } from './crd/manager.js';
import { storageFor } from './registry/conversions.js';
import type { Strategy } from './registry/strategy.js';

export interface ApiServerOptions {
  backend: Backend;
  clock?: Clock;
  tls: { key: string; cert: string; ca: string };
  /** Returns the user for a request, `undefined` if no credential was presented, or throws 401 on a bad one. */
  authenticate(req: IncomingMessage): UserInfo | undefined;
  serviceCIDR: string;
  /** Version reported by /version. */
  version?: { major: string; minor: string; gitVersion: string };
  /** Issues service account tokens (TokenRequest). */
  tokenIssuer?: { sign(sa: { namespace: string; name: string; uid: string }, audiences: string[], expirationSeconds: number, bound?: { kind: string; name: string; uid: string }): string };
  /** Address shown in /api serverAddressByClientCIDRs. */
  advertiseAddress?: string;
  logger?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Client certificate for node agents (pods/log, exec, attach, portforward, metrics). */
  agentClient?: AgentClientTLS;
  /**
   * Skiff's own endpoints under /v1-skiff/ (CA download, node join), as k3s serves /v1-k3s/. Called with the
   * authenticated user, or undefined for an anonymous request; it does its own authorization.
   */
  supervisor?: (req: IncomingMessage, res: ServerResponse, path: string, user: UserInfo | undefined) => Promise<void>;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/healthz/ping', '/livez/ping', '/readyz/ping']);

export { SKIFF_VERSION } from './version.js';
import { SKIFF_VERSION } from './version.js';

export class ApiServer {
  readonly registry = new Registry();
  readonly clock: Clock;
  readonly metrics = new Metrics();
  readonly openapi = new OpenAPIService({ extraDefinitions: METRICS_DEFINITIONS });
  private server?: https.Server;
  private readonly caches = new Map<string, ResourceCache>();
  private writeEnv!: WriteEnv;
  private crds!: CRDManager;
  private ready = false;

  constructor(readonly opts: ApiServerOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Build the registry, start caches and the CRD manager, and create the default objects. */
  async init(): Promise<void> {
    for (const info of BUILTIN_RESOURCES) this.registry.add(this.makeEntry(info));
    for (const r of ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings']) await this.cache('rbac.authorization.k8s.io', 'v1', r).start();
    await this.cache('', 'v1', 'namespaces').start();
    await this.cache('scheduling.k8s.io', 'v1', 'priorityclasses').start();
    this.writeEnv = {
      clock: this.clock,
      admission: createAdmission({ server: this }),
      schema: createSchemaChecker(this.openapi),
    };
    this.crds = new CRDManager({ server: this });
    await this.crds.start();
    this.ready = true;
  }

  makeEntry(info: ResourceInfo, extra: Partial<ResourceEntry> = {}, strategy?: Strategy): ResourceEntry {
    if (info.virtual) return { info, ...extra };
    const conv = storageFor(info);
    const store = new ResourceStore({
      info, backend: this.opts.backend, strategy: strategy ?? strategyFor(info.group, info.resource), clock: this.clock,
      ...conv,
      gracefulDeletion: info.group === '' && info.resource === 'pods' ? podGracePeriod : undefined,
    });
    if (info.group === '' && info.resource === 'namespaces') {
      store.afterDeleteMark = (o) => { o.status = { ...(o.status as object), phase: 'Terminating' }; };
    }
    const hub = new WatchHub({ backend: this.opts.backend, prefix: store.keyPrefix(''), decode: (kv) => store.decode(kv) });
    return { info, store, hub, ...extra };
  }

  cache(group: string, version: string, resource: string): ResourceCache {
    const k = `${group}/${version}/${resource}`;
    let c = this.caches.get(k);
    if (!c) {
      const e = this.registry.get(group, version, resource);
      if (!e) throw new Error(`no such resource ${k}`);
      c = new ResourceCache(e);
      this.caches.set(k, c);
    }
    return c;
  }

  entry(group: string, version: string, resource: string): ResourceEntry {
    const e = this.registry.get(group, version, resource);
    if (!e?.store) throw new Error(`resource ${group}/${version}/${resource} is not served`);
    return e;
  }

  get env(): WriteEnv { return this.writeEnv; }

  async listen(port: number, host: string): Promise<AddressInfo> {
    this.server = https.createServer({
      key: this.opts.tls.key, cert: this.opts.tls.cert, ca: this.opts.tls.ca,
      requestCert: true, rejectUnauthorized: false,
      keepAliveTimeout: 65_000,
    }, (req, res) => { void this.handle(req, res); });
    this.server.on('upgrade', (req, socket, head) => { void this.handleUpgrade(req, socket, head); });
    this.server.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => { this.server!.off('error', reject); resolve(); });
    });
    return this.server.address() as AddressInfo;
  }

  /**
   * A plain-HTTP listener on a unix socket for components inside this process (controller manager, scheduler,
   * embedded agent), as kube-apiserver's loopback client: same handler, same authentication (a bearer token the
   * process generated), no TLS work on either side. `path` may be '\0name' (Linux abstract namespace).
   */
  async listenLoopback(path: string): Promise<void> {
    const srv = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => { void this.handle(req, res); });
    srv.on('upgrade', (req, socket, head) => { void this.handleUpgrade(req, socket, head); });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(path, () => { srv.off('error', reject); resolve(); });
    });
    this.loopback = srv;
  }

  private loopback?: http.Server;

  async close(): Promise<void> {
    if (this.loopback) {
      this.loopback.closeAllConnections();
      await new Promise<void>((r) => this.loopback!.close(() => r()));
    }
    for (const c of this.caches.values()) c.stop();
    this.crds?.stop();
    for (const e of this.registry.all()) e.hub?.close();
    if (this.server) {
      this.server.closeAllConnections?.();
      await new Promise<void>((r) => this.server!.close(() => r()));
    }
  }

  /**
   * Upgrade requests: pods/exec, pods/attach and pods/portforward over WebSocket or SPDY. Authenticated and authorized
   * (`create` on the subresource) like any request, then spliced through to the pod's node agent (nodeproxy/).
   */
  private async handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
      let user: UserInfo | undefined;
      try { user = this.opts.authenticate(req); } catch (e) { throw e instanceof ApiError ? e : unauthorized(); }
      if (!user) throw unauthorized();
      const sub = info.subresource;
      if (!info.isResourceRequest || info.apiGroup !== '' || info.resource !== 'pods' || !['exec', 'attach', 'portforward'].includes(sub)) {
        throw badRequest(`upgrade requests are only served for pods/exec, pods/attach and pods/portforward, not ${path}`);
      }
      this.authorizeOrThrow(user, { verb: 'create', apiGroup: '', resource: 'pods', subresource: sub, name: info.name, namespace: info.namespace });
      const pod = await this.entry('', 'v1', 'pods').store!.get(info.namespace, info.name);
      const loc = agentLocation(pod as Pod, sub as StreamSubresource, url.searchParams);
      const { target, creds } = await this.agentFor(loc.nodeName);
      proxyUpgrade(req, socket, head, target, loc.path, creds, (e) => rejectUpgrade(socket, e));
    } catch (err) {
      rejectUpgrade(socket, toApiError(err));
    }
  }

  /** The agent endpoint of a node and the credentials to reach it. */
  async agentFor(nodeName: string): Promise<{ target: AgentTarget; creds: AgentClientTLS }> {
    const creds = this.opts.agentClient;
    if (!creds) throw new ApiError(503, 'ServiceUnavailable', 'this API server has no client certificate for node agents');
    const node = await this.entry('', 'v1', 'nodes').store!.tryGet('', nodeName);
    if (!node) throw new ApiError(404, 'NotFound', `nodes "${nodeName}" not found`, { name: nodeName, kind: 'nodes' });
    return { target: agentTarget(node as Node), creds };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    let info: RequestInfo | undefined;
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
      let user: UserInfo | undefined;
      try {
        user = this.opts.authenticate(req);
      } catch (e) {
        throw e instanceof ApiError ? e : unauthorized();
      }
      if (path.startsWith('/v1-skiff/') && this.opts.supervisor) {
        await this.opts.supervisor(req, res, path, user);
        return;
      }
      if (!user) {
        if (PUBLIC_PATHS.has(path)) user = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
        else throw unauthorized();
      }
      if (!info.isResourceRequest) {
        await this.handleNonResource(req, res, path, url.searchParams, user);
        return;
      }
      await this.handleResource(req, res, url.searchParams, info, user);
    } catch (err) {
      const e = toApiError(err);
      if (e.code >= 500) this.opts.logger?.('request failed', { path: req.url, error: err instanceof Error ? err.stack : String(err) });
      sendError(res, e);
    } finally {
      this.metrics.observeRequest(req.method ?? '', info, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private authorizeOrThrow(user: UserInfo, attrs: Parameters<typeof authorize>[2]): void {
    const d = authorize(this.rbacSource(), user, attrs);
    if (!d.allowed) throw forbiddenError(user, attrs, d.reason);
  }

  rbacSource() {
    const get = (r: string) => this.cache('rbac.authorization.k8s.io', 'v1', r);
    return {
      clusterRoles: () => get('clusterroles').list() as never[],
      clusterRoleBindings: () => get('clusterrolebindings').list() as never[],
      roles: (ns: string) => get('roles').list(ns) as never[],
      roleBindings: (ns: string) => get('rolebindings').list(ns) as never[],
    };
  }

  private async handleNonResource(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, user: UserInfo): Promise<void> {
    const method = req.method ?? 'GET';
    if (!PUBLIC_PATHS.has(path)) this.authorizeOrThrow(user, { verb: method.toLowerCase(), apiGroup: '', path });
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(`${method} is not supported on ${path}`);
    switch (path) {
      case '/healthz': case '/livez': case '/readyz':
        return this.health(res, path.slice(1), query);
      case '/healthz/ping': case '/livez/ping': case '/readyz/ping': case '/healthz/etcd': case '/livez/etcd': case '/readyz/etcd':
      case '/healthz/log': case '/livez/log': case '/readyz/log':
        return sendText(res, 200, 'ok');
      case '/version':
        // kube-apiserver writes /version indented
        return sendText(res, 200, JSON.stringify(this.versionInfo(), null, 2), 'application/json');
      case '/metrics': {
        const text = await this.metrics.render();
        return sendText(res, 200, text, this.metrics.contentType);
      }
      case '/api': {
        const agg = discovery.negotiateAggregated(req.headers.accept);
        if (agg) return sendJson(res, 200, discovery.aggregatedDiscovery(this.registry, true, agg), { 'Content-Type': discovery.aggregatedContentType(agg) });
        return sendJson(res, 200, discovery.apiVersions(this.opts.advertiseAddress ?? req.headers.host ?? ''));
      }
      case '/apis': {
        const agg = discovery.negotiateAggregated(req.headers.accept);
        if (agg) return sendJson(res, 200, discovery.aggregatedDiscovery(this.registry, false, agg), { 'Content-Type': discovery.aggregatedContentType(agg) });
        return sendJson(res, 200, discovery.apiGroupList(this.registry));
      }
      case '/openapi/v2': case '/swagger-2.0.0.pb-v1': {
        const buf = this.openapi.v2Protobuf();
        res.writeHead(200, { 'Content-Type': OPENAPI_V2_CONTENT_TYPE, 'Content-Length': buf.length });
        res.end(buf);
        return;
      }
      case '/openapi/v3':
        return sendJson(res, 200, this.openapi.v3Index());
      default:
        break;
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = this.openapi.v3Document(path.slice('/openapi/v3/'.length));
      if (!doc) throw resourceNotFound();
      return sendJson(res, 200, doc, { 'Cache-Control': query.get('hash') ? 'public, immutable' : 'no-cache' });
    }
    const segs = path.split('/').filter(Boolean);
    if (segs[0] === 'api' && segs.length === 2) {
      const l = discovery.apiResourceList(this.registry, '', segs[1]);
      if (l) return sendJson(res, 200, l);
    }
    if (segs[0] === 'apis' && segs.length === 2) {
      const g = discovery.apiGroup(this.registry, segs[1]);
      if (g) return sendJson(res, 200, g);
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const l = discovery.apiResourceList(this.registry, segs[1], segs[2]);
      if (l) return sendJson(res, 200, l);
    }
    throw resourceNotFound();
  }

  /** /healthz, /livez, /readyz with the per-check `?verbose` form of kube-apiserver. */
  private health(res: ServerResponse, which: string, query: URLSearchParams): void {
    const checks: [string, boolean][] = [['ping', true], ['log', true], ['etcd', true]];
    if (which === 'readyz') checks.push(['informer-sync', this.ready], ['skiff-initialized', this.ready]);
    const ok = checks.every(([, v]) => v);
    if (!query.has('verbose') && ok) return sendText(res, 200, 'ok');
    const lines = checks.map(([n, v]) => (v ? `[+]${n} ok` : `[-]${n} failed: reason withheld`));
    lines.push(ok ? `${which} check passed` : `${which} check failed`);
    sendText(res, ok ? 200 : 503, lines.join('\n') + '\n');
  }

  versionInfo(): object {
    const v = this.opts.version ?? SKIFF_VERSION;
    return { ...v, gitCommit: 'skiff', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: `node${process.versions.node}`, compiler: 'node', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}` };
  }

  private async handleResource(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, info: RequestInfo, user: UserInfo): Promise<void> {
    const entry = this.registry.get(info.apiGroup, info.apiVersion, info.resource);
    if (!entry) throw resourceNotFound();
    if (info.namespace && !entry.info.namespaced) throw resourceNotFound();
    this.authorizeOrThrow(user, { verb: info.verb, apiGroup: info.apiGroup, resource: info.resource, subresource: info.subresource, name: info.name, namespace: info.namespace });
    const ctx: RequestContext = { req, res, query, info, user, entry, warnings: [] };
    if (entry.info.group === 'metrics.k8s.io') return handleMetrics(ctx, this);
    if (entry.info.virtual) return handleVirtual(ctx, this);
    const sub = info.subresource;
    if (sub && !entry.info.subresources.some((s) => s.name === sub)) throw resourceNotFound();
    const now = this.clock.now();
    // a namespaced object is addressed only inside its namespace; the bare path serves list/watch across all
    if (entry.info.namespaced && !info.namespace && !['list', 'watch', 'deletecollection'].includes(info.verb)) throw resourceNotFound();
    if (sub === 'scale') {
      if (info.verb === 'get') return handleScaleGet(ctx);
      if (info.verb === 'update' || info.verb === 'patch') return handleScaleWrite(ctx, this.writeEnv);
      throw methodNotAllowed(`${info.verb} is not supported on the scale subresource`);
    }
    if (sub && !['status', 'finalize'].includes(sub)) {
      return handlePodSubresource(ctx, this);
    }
    if (!entry.info.verbs.includes(info.verb) && !(sub && ['get', 'update', 'patch'].includes(info.verb))) {
      throw methodNotAllowed(`${info.verb} is not supported on resources of kind "${entry.info.resource}"`);
    }
    switch (info.verb) {
      case 'get': return handleGet(ctx, now);
      case 'list': return handleList(ctx, now);
      case 'watch': this.metrics.watchers.inc({ resource: entry.info.resource }); try { return await handleWatch(ctx, { clock: this.clock, onClose: () => this.metrics.watchers.dec({ resource: entry.info.resource }) }); } catch (e) { this.metrics.watchers.dec({ resource: entry.info.resource }); throw e; }
      case 'create':
        if (sub) throw methodNotAllowed(`create is not supported on the ${sub} subresource`);
        return handleCreate(ctx, this.writeEnv);
      case 'update': return handleUpdate(ctx, this.writeEnv);
      case 'patch': return handlePatch(ctx, this.writeEnv);
      case 'delete':
        if (sub) throw methodNotAllowed(`delete is not supported on the ${sub} subresource`);
        return handleDelete(ctx, this.writeEnv);
      case 'deletecollection': return handleDeleteCollection(ctx, this.writeEnv);
      default:
        throw badRequest(`unsupported verb ${info.verb}`);
    }
  }
}

/** Pods bound to a node and not finished get graceful deletion; others go at once (the kubelet confirms the rest). */
function podGracePeriod(pod: import('../api/types.js').KObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' && !spec.nodeName) return 0;
  if (requested !== undefined) return requested;
  return spec.terminationGracePeriodSeconds ?? 30;
}
