// The typed REST client (client-go's shape): `client.resource(resources.pods).get('default', 'web')`.
// Every non-2xx answer throws the ApiError the server sent, so `e.code === 409` works.
import type { KList, KObject, WatchEvent, DeleteOptions } from '../api/types.js';
import { apiErrorFromResponse } from './status.js';
import { resourcePath, type GVR, type TypedGVR } from './resources.js';
import { ResponseError, type Query, type Transport, type TransportRequest } from './transport.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** @default true */
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions { dryRun?: boolean; fieldManager?: string }
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
export interface PatchOptions extends WriteOptions { force?: boolean; subresource?: string }
export interface DeleteOpts {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** A running watch. `ended` settles when the stream ends for any reason (server timeout, close, network error). */
export interface WatchHandle {
  stop(): void;
  readonly ended: Promise<{ error?: Error }>;
}

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

function writeQuery(o: WriteOptions | undefined): Query {
  return { dryRun: o?.dryRun ? 'All' : undefined, fieldManager: o?.fieldManager };
}

export class ResourceClient<T extends object = KObject> {
  constructor(private readonly transport: Transport, readonly gvr: GVR) {}

  private async call<R>(r: TransportRequest): Promise<R> {
    const res = await this.transport.request(r);
    if (res.status < 200 || res.status > 299) throw apiErrorFromResponse(res);
    return (res.body.length ? JSON.parse(res.body.toString('utf8')) : undefined) as R;
  }

  private path(ns: string | undefined, name?: string, sub?: string): string {
    return resourcePath(this.gvr, ns, name, sub);
  }

  get(namespace: string, name: string): Promise<T> {
    return this.call({ method: 'GET', path: this.path(namespace, name) });
  }

  /** One page. `namespace` '' lists across namespaces. */
  list(namespace: string, opts: ListOptions = {}): Promise<KList<T>> {
    return this.call({
      method: 'GET', path: this.path(namespace),
      query: {
        labelSelector: opts.labelSelector || undefined, fieldSelector: opts.fieldSelector || undefined,
        limit: opts.limit ? String(opts.limit) : undefined, continue: opts.continue || undefined,
        resourceVersion: opts.resourceVersion, resourceVersionMatch: opts.resourceVersionMatch,
      },
    });
  }

  /**
   * Starts a watch. Rejects with ApiError if the server refuses it (e.g. 410). Each decoded event goes to onEvent,
   * including BOOKMARK and ERROR (whose object is a Status).
   */
  async watch(namespace: string, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void): Promise<WatchHandle> {
    const query: Query = {
      watch: 'true',
      resourceVersion: opts.resourceVersion,
      labelSelector: opts.labelSelector || undefined,
      fieldSelector: opts.fieldSelector || undefined,
      allowWatchBookmarks: opts.allowWatchBookmarks === false ? undefined : 'true',
      timeoutSeconds: opts.timeoutSeconds !== undefined ? String(opts.timeoutSeconds) : undefined,
    };
    let stream;
    try {
      stream = await this.transport.stream({ path: this.path(namespace), query });
    } catch (e) {
      if (e instanceof ResponseError) throw apiErrorFromResponse(e.response);
      throw e;
    }
    let resolveEnded!: (v: { error?: Error }) => void;
    const ended = new Promise<{ error?: Error }>((r) => { resolveEnded = r; });
    stream.onLine((line) => {
      let ev: WatchEvent<T>;
      try { ev = JSON.parse(line) as WatchEvent<T>; } catch (e) { stream.close(); resolveEnded({ error: new Error(`Cannot decode watch event: ${(e as Error).message}`) }); return; }
      onEvent(ev);
    });
    stream.onEnd((error) => resolveEnded(error ? { error } : {}));
    return { stop: () => stream.close(), ended };
  }

  create(namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    return this.call({ method: 'POST', path: this.path(namespace), body: obj, query: writeQuery(opts) });
  }

  /** PUT; the object's metadata.resourceVersion makes it a compare-and-swap (409 Conflict when stale). */
  update(namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    return this.call({ method: 'PUT', path: this.path(namespace, nameOf(obj)), body: obj, query: writeQuery(opts) });
  }

  updateStatus(namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    return this.call({ method: 'PUT', path: this.path(namespace, nameOf(obj), 'status'), body: obj, query: writeQuery(opts) });
  }

  patch(namespace: string, name: string, type: PatchType, body: unknown, opts: PatchOptions = {}): Promise<T> {
    return this.call({
      method: 'PATCH', path: this.path(namespace, name, opts.subresource), body, contentType: PATCH_CONTENT_TYPES[type],
      query: { ...writeQuery(opts), force: opts.force ? 'true' : undefined },
    });
  }

  /** Returns what the server returns: the deleted object, the object with deletionTimestamp set, or a Status. */
  delete(namespace: string, name: string, opts: DeleteOpts = {}): Promise<T | KObject> {
    const body: DeleteOptions = { kind: 'DeleteOptions', apiVersion: 'v1' } as DeleteOptions;
    const b = body as Record<string, unknown>;
    if (opts.propagationPolicy) b.propagationPolicy = opts.propagationPolicy;
    if (opts.gracePeriodSeconds !== undefined) b.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.preconditions) b.preconditions = opts.preconditions;
    if (opts.dryRun) b.dryRun = ['All'];
    return this.call({ method: 'DELETE', path: this.path(namespace, name), body });
  }

  /** POST to a subresource, e.g. `pods/binding` or `pods/eviction`. */
  createSubresource<R = KObject>(namespace: string, name: string, subresource: string, body: unknown, opts?: WriteOptions): Promise<R> {
    return this.call({ method: 'POST', path: this.path(namespace, name, subresource), body, query: writeQuery(opts) });
  }

  getSubresource<R = KObject>(namespace: string, name: string, subresource: string): Promise<R> {
    return this.call({ method: 'GET', path: this.path(namespace, name, subresource) });
  }
}

function nameOf(obj: object): string {
  const name = (obj as KObject).metadata?.name;
  if (!name) throw new Error('Cannot update object: metadata.name is required');
  return name;
}

export class Client {
  private readonly cache = new Map<string, ResourceClient<never>>();
  constructor(readonly transport: Transport) {}

  resource<T extends object = KObject>(gvr: TypedGVR<T> | GVR): ResourceClient<T> {
    const k = `${gvr.group}/${gvr.version}/${gvr.resource}`;
    let rc = this.cache.get(k) as ResourceClient<T> | undefined;
    if (!rc) { rc = new ResourceClient<T>(this.transport, gvr); this.cache.set(k, rc as never); }
    return rc;
  }

  close(): void { this.transport.close?.(); }
}
