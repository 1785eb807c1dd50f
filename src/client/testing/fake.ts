// FakeTransport: an in-memory API server behind the Transport seam, for unit tests of anything built on the client
// (informers, controllers, the scheduler, simulate). It keeps objects with a global resourceVersion, serves
// get/list (selectors, paging)/create/update/status/patch/delete, the pods binding and eviction subresources, and watch
// streams (replay from a resourceVersion, 410 after compact(), bookmarks on demand). Reactors inject failures.
import { randomUUID } from 'node:crypto';
import type { KList, KObject, Status, WatchEvent } from '../../api/types.js';
import { ApiError, alreadyExists, badRequest, conflict, gone, notFound, resourceNotFound, type GroupResource } from '../../machinery/errors.js';
import { systemClock, rfc3339, type Clock } from '../../machinery/clock.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, selectableFields } from '../../machinery/selectors/index.js';
import { applyJsonPatch } from '../../machinery/patch/jsonpatch.js';
import { applyMergePatch } from '../../machinery/patch/mergepatch.js';
import { applyStrategicMergePatch } from '../../machinery/patch/strategic.js';
import { PushLineStream, ResponseError, type LineStream, type StreamRequest, type Transport, type TransportRequest, type TransportResponse } from '../transport.js';
import { apiVersionOf, resources, type GVR } from '../resources.js';
import { jsonClone } from '../../machinery/jsonclone.js';

/** Returns a response (or throws/returns an ApiError) to take over a request; undefined lets the fake serve it. */
export type Reactor = (r: TransportRequest) => TransportResponse | ApiError | undefined | Promise<TransportResponse | ApiError | undefined>;

interface Parsed { gvr: GVR; namespace: string; name?: string; sub?: string }
interface Watcher { gr: string; namespace: string; labels?: string; fields?: string; bookmarks: boolean; stream: PushLineStream }
interface HistoryEntry { rv: number; gr: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KObject; old?: KObject }

const STATUS_RESOURCES = new Set(['/pods', '/nodes', '/namespaces', '/services', '/persistentvolumeclaims', '/persistentvolumes',
  'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs', 'batch/cronjobs', 'policy/poddisruptionbudgets']);

const clone = <T>(o: T): T => jsonClone(o);

export class FakeTransport implements Transport {
  /** Every request and stream, in order, for assertions. */
  readonly requests: (TransportRequest | (StreamRequest & { method: 'WATCH' }))[] = [];
  private readonly objects = new Map<string, KObject>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly reactors: Reactor[] = [];
  private readonly known = new Map<string, GVR>();
  private rv = 0;
  private compactedRv = 0;
  private readonly clock: Clock;

  constructor(opts: { clock?: Clock; resources?: GVR[] } = {}) {
    this.clock = opts.clock ?? systemClock;
    for (const g of [...Object.values(resources), ...(opts.resources ?? [])]) this.known.set(`${g.group}/${g.version}/${g.resource}`, g);
  }

  /** Reactors run newest first; the first that answers wins. */
  addReactor(fn: Reactor): () => void {
    this.reactors.unshift(fn);
    return () => { const i = this.reactors.indexOf(fn); if (i >= 0) this.reactors.splice(i, 1); };
  }

  get resourceVersion(): number { return this.rv; }
  get openWatches(): number { return this.watchers.size; }

  /** Stores an object directly (as a create would), emitting ADDED. */
  seed<T extends object>(gvr: GVR, obj: T): T {
    return this.doCreate(gvr, (obj as KObject).metadata?.namespace ?? '', clone(obj) as KObject) as T;
  }

  /** Objects of a resource, optionally in one namespace. */
  list<T = KObject>(gvr: GVR, namespace?: string): T[] {
    const gr = grKey(gvr);
    return [...this.objects.entries()].filter(([k, o]) => k.startsWith(`${gr}|`) && (!namespace || o.metadata?.namespace === namespace)).map(([, o]) => clone(o) as T);
  }

  get<T = KObject>(gvr: GVR, namespace: string, name: string): T | undefined {
    const o = this.objects.get(objKey(gvr, namespace, name));
    return o ? clone(o) as T : undefined;
  }

  /** Forgets history up to now: watches from an older resourceVersion get a 410 ERROR event. */
  compact(): void { this.compactedRv = this.rv; this.history.length = 0; }

  /** Ends every open watch stream (as a server-side timeout would). */
  closeWatches(): void { for (const w of [...this.watchers]) { this.watchers.delete(w); w.stream.end(); } }

  /** Sends a BOOKMARK at the current resourceVersion to watches that allow bookmarks. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const g = this.known.get(w.gr.replace('|', '/')) ?? undefined;
      const obj = { kind: g?.kind, apiVersion: g ? apiVersionOf(g) : undefined, metadata: { resourceVersion: String(this.rv) } };
      w.stream.push(JSON.stringify({ type: 'BOOKMARK', object: obj }));
    }
  }

  async request(r: TransportRequest): Promise<TransportResponse> {
    this.requests.push(r);
    for (const re of this.reactors) {
      let out;
      try { out = await re(r); } catch (e) { out = e instanceof ApiError ? e : undefined; if (!out) throw e; }
      if (out instanceof ApiError) return errorResponse(out);
      if (out) return out;
    }
    try {
      const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? JSON.parse(r.body.toString('utf8')) : clone(r.body);
      const [status, obj] = this.serve(r.method, this.parse(r.path), r.query ?? {}, body, r.contentType);
      return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(obj)) };
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(e);
      throw e;
    }
  }

  async stream(r: StreamRequest): Promise<LineStream> {
    this.requests.push({ ...r, method: 'WATCH' });
    for (const re of this.reactors) {
      const out = await re({ method: 'GET', path: r.path, query: r.query });
      if (out instanceof ApiError) throw new ResponseError(errorResponse(out));
      if (out) throw new ResponseError(out);
    }
    const p = this.parse(r.path);
    const q = r.query ?? {};
    const one = (k: string) => { const v = q[k]; return Array.isArray(v) ? v[0] : v; };
    const w: Watcher = { gr: grKey(p.gvr), namespace: p.namespace, labels: one('labelSelector'), fields: one('fieldSelector'), bookmarks: one('allowWatchBookmarks') === 'true', stream: undefined as never };
    w.stream = new PushLineStream(() => this.watchers.delete(w));
    const rvq = one('resourceVersion');
    if (!rvq || rvq === '0') {
      for (const o of this.list(p.gvr, p.namespace)) if (this.matches(w, o)) w.stream.push(JSON.stringify({ type: 'ADDED', object: o }));
    } else {
      const from = Number(rvq);
      if (from < this.compactedRv) {
        w.stream.push(JSON.stringify({ type: 'ERROR', object: gone(`too old resource version: ${from} (${this.compactedRv})`).toStatus() }));
        w.stream.end();
        return w.stream;
      }
      for (const h of this.history) if (h.rv > from && h.gr === w.gr) this.deliver(w, h);
    }
    this.watchers.add(w);
    return w.stream;
  }

  private matches(w: Watcher, o: KObject): boolean {
    if (w.namespace && o.metadata?.namespace !== w.namespace) return false;
    if (w.labels && !matchesLabels(parseLabelSelector(w.labels), o.metadata?.labels as Record<string, string>)) return false;
    if (w.fields) {
      const [group, resource] = w.gr.split('|') as [string, string];
      if (!matchesFields(parseFieldSelector(w.fields), selectableFields(group.split('/')[0]!, resource, o as never))) return false;
    }
    return true;
  }

  private deliver(w: Watcher, h: HistoryEntry): void {
    const now = this.matches(w, h.obj);
    const before = h.old ? this.matches(w, h.old) : false;
    let type: WatchEvent['type'] | undefined = h.type;
    if (h.type === 'MODIFIED') type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    else if (!now) type = undefined;
    if (type) w.stream.push(JSON.stringify({ type, object: h.obj }));
  }

  private record(gvr: GVR, type: HistoryEntry['type'], obj: KObject, old?: KObject): void {
    const h: HistoryEntry = { rv: this.rv, gr: grKey(gvr), type, obj: clone(obj), old };
    this.history.push(h);
    for (const w of this.watchers) if (w.gr === h.gr) this.deliver(w, h);
  }

  private parse(path: string): Parsed {
    const seg = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
    let group = '', version: string, rest: string[];
    if (seg[0] === 'api') { version = seg[1]!; rest = seg.slice(2); }
    else if (seg[0] === 'apis') { group = seg[1]!; version = seg[2]!; rest = seg.slice(3); }
    else throw resourceNotFound();
    let namespace = '';
    if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
      namespace = rest[1]!; rest = rest.slice(2);
    }
    const [resource, name, sub] = rest;
    if (!resource) throw resourceNotFound();
    const gvr = this.known.get(`${group}/${version}/${resource}`) ?? { group, version: version!, resource, namespaced: namespace !== '' };
    return { gvr, namespace, name, sub };
  }

  private serve(method: string, p: Parsed, q: Record<string, unknown>, body: unknown, contentType?: string): [number, unknown] {
    const { gvr, namespace, name, sub } = p;
    const dryRun = q.dryRun !== undefined;
    if (method === 'GET' && name === undefined) return [200, this.doList(gvr, namespace, q)];
    if (name === undefined) {
      if (method !== 'POST') throw badRequest(`method ${method} not supported on a collection`);
      const obj = body as KObject;
      if (dryRun) return [201, obj];
      return [201, this.doCreate(gvr, namespace, obj)];
    }
    const key = objKey(gvr, namespace, name);
    const cur = this.objects.get(key);
    if (method === 'GET') { if (!cur || sub) throw notFound(gr(gvr), name); return [200, cur]; }
    if (sub === 'binding' && method === 'POST') return [201, this.bind(gvr, key, name, body as KObject)];
    if (sub === 'eviction' && method === 'POST') { this.doDelete(gvr, key, name, {}); return [201, success()]; }
    if (sub && sub !== 'status') throw notFound(gr(gvr), name);
    if (method === 'PUT') {
      if (!cur) throw notFound(gr(gvr), name);
      return [200, this.doUpdate(gvr, key, cur, body as KObject, sub === 'status', dryRun)];
    }
    if (method === 'PATCH') {
      const applyType = contentType?.startsWith('application/apply-patch');
      if (!cur && !applyType) throw notFound(gr(gvr), name);
      const base = cur ? clone(cur) : { metadata: { name, namespace: gvr.namespaced ? namespace : undefined } };
      let next: unknown;
      if (contentType?.startsWith('application/json-patch')) next = applyJsonPatch(base, body);
      else if (contentType?.startsWith('application/strategic-merge-patch')) next = applyStrategicMergePatch(base, body, { group: gvr.group, version: gvr.version, kind: gvr.kind ?? '' });
      else next = applyMergePatch(base, body);
      if (!cur) return [201, this.doCreate(gvr, namespace, next as KObject)];
      const n = next as KObject;
      if (n.metadata?.resourceVersion === cur.metadata?.resourceVersion) delete n.metadata!.resourceVersion;
      return [200, this.doUpdate(gvr, key, cur, n, sub === 'status', dryRun)];
    }
    if (method === 'DELETE') {
      if (!cur) throw notFound(gr(gvr), name);
      return [200, this.doDelete(gvr, key, name, (body ?? {}) as Record<string, unknown>, dryRun)];
    }
    throw badRequest(`method ${method} not supported`);
  }

  private doList(gvr: GVR, namespace: string, q: Record<string, unknown>): KList {
    const w: Watcher = { gr: grKey(gvr), namespace, labels: q.labelSelector as string, fields: q.fieldSelector as string, bookmarks: false, stream: undefined as never };
    let items = this.list(gvr, namespace).filter((o) => this.matches(w, o)).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    let rv = String(this.rv);
    const meta: KList['metadata'] = {};
    if (q.continue) {
      const tok = JSON.parse(Buffer.from(String(q.continue), 'base64').toString('utf8')) as { after: string; rv: string };
      if (Number(tok.rv) < this.compactedRv) throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      items = items.filter((o) => sortKey(o) > tok.after);
      rv = tok.rv;
    }
    const limit = Number(q.limit ?? 0);
    if (limit > 0 && items.length > limit) {
      items = items.slice(0, limit);
      (meta as Record<string, unknown>).continue = Buffer.from(JSON.stringify({ after: sortKey(items[items.length - 1]!), rv })).toString('base64');
    }
    (meta as Record<string, unknown>).resourceVersion = rv;
    return { apiVersion: apiVersionOf(gvr), kind: `${gvr.kind ?? 'Object'}List`, metadata: meta, items };
  }

  private doCreate(gvr: GVR, namespace: string, obj: KObject): KObject {
    const m = (obj.metadata ??= {});
    if (!m.name && m.generateName) m.name = m.generateName + Math.random().toString(36).slice(2, 7);
    if (!m.name) throw new ApiError(422, 'Invalid', `${gvr.kind ?? gvr.resource} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (gvr.namespaced) m.namespace = namespace || m.namespace || 'default';
    else delete m.namespace;
    const key = objKey(gvr, m.namespace ?? '', m.name);
    if (this.objects.has(key)) throw alreadyExists(gr(gvr), m.name);
    if (gvr.kind) { obj.kind = gvr.kind; obj.apiVersion = apiVersionOf(gvr); }
    m.uid = randomUUID();
    m.creationTimestamp = rfc3339(this.clock.now());
    if (obj.spec !== undefined) m.generation = 1;
    m.resourceVersion = String(++this.rv);
    this.objects.set(key, obj);
    this.record(gvr, 'ADDED', obj);
    return clone(obj);
  }

  private doUpdate(gvr: GVR, key: string, cur: KObject, obj: KObject, status: boolean, dryRun = false): KObject {
    const name = cur.metadata!.name!;
    const want = obj.metadata?.resourceVersion;
    if (want && want !== cur.metadata?.resourceVersion) throw conflict(gr(gvr), name);
    if (obj.metadata?.uid && obj.metadata.uid !== cur.metadata?.uid) throw conflict(gr(gvr), name, `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${cur.metadata?.uid}`);
    let next: KObject;
    if (status) { next = clone(cur); next.status = obj.status; }
    else {
      next = { ...obj, metadata: { ...obj.metadata, uid: cur.metadata!.uid, creationTimestamp: cur.metadata!.creationTimestamp, namespace: cur.metadata!.namespace, name, deletionTimestamp: cur.metadata!.deletionTimestamp } };
      if (STATUS_RESOURCES.has(`${gvr.group}/${gvr.resource}`)) next.status = cur.status;
      const gen = cur.metadata!.generation;
      if (gen !== undefined) next.metadata!.generation = JSON.stringify(cur.spec) !== JSON.stringify(next.spec) ? gen + 1 : gen;
    }
    if (gvr.kind) { next.kind = gvr.kind; next.apiVersion = apiVersionOf(gvr); }
    if (dryRun) return next;
    if (next.metadata!.deletionTimestamp && !(next.metadata!.finalizers?.length)) return this.remove(gvr, key, next);
    next.metadata!.resourceVersion = String(++this.rv);
    this.objects.set(key, next);
    this.record(gvr, 'MODIFIED', next, cur);
    return clone(next);
  }

  private doDelete(gvr: GVR, key: string, name: string, opts: Record<string, unknown>, dryRun = false): KObject {
    const cur = this.objects.get(key);
    if (!cur) throw notFound(gr(gvr), name);
    const pre = opts.preconditions as { uid?: string; resourceVersion?: string } | undefined;
    if (pre?.uid && pre.uid !== cur.metadata?.uid) throw conflict(gr(gvr), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata?.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata?.resourceVersion) throw conflict(gr(gvr), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata?.resourceVersion}`);
    if (dryRun) return clone(cur);
    if (cur.metadata?.finalizers?.length) {
      if (cur.metadata.deletionTimestamp) return clone(cur);
      const next = clone(cur);
      next.metadata!.deletionTimestamp = rfc3339(this.clock.now());
      next.metadata!.resourceVersion = String(++this.rv);
      this.objects.set(key, next);
      this.record(gvr, 'MODIFIED', next, cur);
      return clone(next);
    }
    return this.remove(gvr, key, cur);
  }

  private remove(gvr: GVR, key: string, last: KObject): KObject {
    const gone_ = clone(last);
    gone_.metadata!.resourceVersion = String(++this.rv);
    this.objects.delete(key);
    this.record(gvr, 'DELETED', gone_);
    return clone(gone_);
  }

  private bind(gvr: GVR, key: string, name: string, binding: KObject): Status {
    const cur = this.objects.get(key);
    if (!cur) throw notFound(gr(gvr), name);
    const node = (binding.target as { name?: string } | undefined)?.name;
    const spec = (cur.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName) throw conflict(gr(gvr), name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    const next = clone(cur);
    (next.spec as Record<string, unknown>) = { ...spec, nodeName: node };
    next.metadata!.resourceVersion = String(++this.rv);
    this.objects.set(key, next);
    this.record(gvr, 'MODIFIED', next, cur);
    return success();
  }
}

function gr(gvr: GVR): GroupResource { return { group: gvr.group, resource: gvr.resource }; }
function grKey(gvr: GVR): string { return `${gvr.group}/${gvr.version}|${gvr.resource}`; }
function objKey(gvr: GVR, ns: string, name: string): string { return `${grKey(gvr)}|${gvr.namespaced ? ns : ''}|${name}`; }
function sortKey(o: KObject): string { return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`; }
function success(): Status { return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as Status; }

function errorResponse(e: ApiError): TransportResponse {
  return { status: e.code, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(e.toStatus())) };
}
