// Generic REST storage for one resource over the store Backend: Kubernetes object-metadata semantics
// (uid, creationTimestamp, generation, resourceVersion = modRevision, generateName), optimistic concurrency,
// status/spec split, finalizers and graceful deletion, consistent paginated lists.
import { randomUUID, randomInt } from 'node:crypto';
import type { KObject } from '../../api/types.js';
import type { Backend, KeyValue } from '../../store/backend.js';
import { isStoreError } from '../../store/backend.js';
import type { Clock } from '../../machinery/clock.js';
import { rfc3339 } from '../../machinery/clock.js';
import {
  ApiError, alreadyExists, badRequest, conflict, gone, invalid, notFound, type FieldError, type GroupResource,
} from '../../machinery/errors.js';
import type { ResourceInfo } from '../resources.js';
import type { Strategy } from './strategy.js';
import { namespacePrefix, objectKey, resourcePrefix } from './keys.js';
import { decodeContinue, encodeContinue } from './continue.js';
import { deepEqual, clone } from './objects.js';

export const MAX_OBJECT_BYTES = 1572864; // 1.5 MiB, etcd's default request limit

export interface ListOptions {
  namespace: string;
  /** Filters applied to decoded objects (label and field selectors). */
  filter?: (obj: KObject) => boolean;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  /** Return served JSON strings instead of objects when no filter is given (LIST fast path). */
  raw?: boolean;
}

export interface ListResult {
  items: KObject[];
  /** With `raw`: the served JSON of each item (no parsing), in place of `items`. */
  rawItems?: string[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Called with (old, new) after defaulting/prepare and before validation, to maintain managedFields. */
  managedFields?: (old: KObject | undefined, obj: KObject) => void;
}

export interface UpdateOptions extends WriteOptions {
  subresource?: '' | 'status' | 'scale' | 'finalize' | 'binding';
  /** Create when the object does not exist (PUT on a missing object for kinds that allow it, apply patches). */
  allowCreate?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** The object as it stands (still present with a deletionTimestamp) or as it was when removed. */
  object: KObject;
  /** True when the object was removed from storage. */
  deleted: boolean;
}

export interface ResourceStoreOptions {
  info: ResourceInfo;
  backend: Backend;
  strategy: Strategy;
  clock: Clock;
  /** Storage group/resource when it differs from the served one (e.g. events.k8s.io events live with core events). */
  storage?: { group: string; resource: string };
  /** Convert between the served version and the stored form (identity when absent). */
  toStorage?: (obj: KObject) => KObject;
  fromStorage?: (obj: KObject) => KObject;
  /** Extra hook run before a deletion decision (e.g. pods' graceful period). Returns the grace period to apply. */
  gracefulDeletion?: (obj: KObject, requested: number | undefined) => number;
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return s;
}

export class ResourceStore {
  readonly info: ResourceInfo;
  readonly gr: GroupResource;
  private readonly sgroup: string;
  private readonly sresource: string;

  constructor(private readonly o: ResourceStoreOptions) {
    this.info = o.info;
    this.gr = { group: o.info.group, resource: o.info.resource };
    this.sgroup = o.storage?.group ?? o.info.group;
    this.sresource = o.storage?.resource ?? o.info.resource;
  }

  get strategy(): Strategy { return this.o.strategy; }

  compactRevision(): number { return this.o.backend.compactRevision(); }

  keyPrefix(namespace = ''): string {
    return namespace && this.info.namespaced ? namespacePrefix(this.sgroup, this.sresource, namespace) : resourcePrefix(this.sgroup, this.sresource);
  }

  key(namespace: string, name: string): string {
    return objectKey(this.sgroup, this.sresource, this.info.namespaced ? namespace : '', name);
  }

  /** Decode a stored value into the served object, with resourceVersion from the revision. */
  decode(kv: KeyValue): KObject {
    let obj = JSON.parse(kv.value) as KObject;
    if (this.o.fromStorage) obj = this.o.fromStorage(obj);
    obj.apiVersion = this.info.group ? `${this.info.group}/${this.info.version}` : this.info.version;
    obj.kind = this.info.kind;
    obj.metadata = obj.metadata ?? {};
    obj.metadata.resourceVersion = String(kv.modRevision);
    return obj;
  }

  /**
   * The served form of an object just written as `kv`: the object itself with its new resourceVersion when no
   * storage conversion applies (encode() wrote exactly its JSON), else the decoded value.
   */
  private written(obj: KObject, kv: KeyValue): KObject {
    if (this.o.toStorage || this.o.fromStorage) return this.decode(kv);
    obj.apiVersion = this.storedApiVersion();
    obj.kind = this.info.kind;
    const meta = (obj.metadata = obj.metadata ?? {});
    delete (meta as Record<string, unknown>).selfLink;
    meta.resourceVersion = String(kv.modRevision);
    return obj;
  }

  private encode(obj: KObject): string {
    let o = obj;
    if (this.o.toStorage) o = this.o.toStorage(clone(obj));
    const meta = { ...(o.metadata ?? {}) };
    delete meta.resourceVersion;
    delete (meta as Record<string, unknown>).selfLink;
    // canonical order (apiVersion, kind, metadata first) so lists can serve stored JSON without re-parsing it
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = o;
    const s = JSON.stringify({ apiVersion: this.storedApiVersion(), kind: this.info.kind, metadata: meta, ...rest });
    if (Buffer.byteLength(s) > MAX_OBJECT_BYTES) {
      throw new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: the object is ${Buffer.byteLength(s)} bytes; the limit is ${MAX_OBJECT_BYTES} bytes`);
    }
    return s;
  }

  private storedApiVersion(): string {
    return this.info.group ? `${this.info.group}/${this.info.version}` : this.info.version;
  }

  /**
   * The served JSON of a stored value without parsing it, when the value is in canonical form and needs no
   * conversion: `"resourceVersion"` is spliced into metadata. Undefined when the value must be decoded.
   */
  servedJson(kv: KeyValue): string | undefined {
    if (this.o.fromStorage) return undefined;
    const prefix = this.servedPrefix ??= `{"apiVersion":${JSON.stringify(this.storedApiVersion())},"kind":${JSON.stringify(this.info.kind)},"metadata":{`;
    if (!kv.value.startsWith(prefix)) return undefined;
    const rv = `"resourceVersion":"${kv.modRevision}"`;
    return kv.value.charCodeAt(prefix.length) === 125 /* } */
      ? prefix + rv + kv.value.slice(prefix.length)
      : prefix + rv + ',' + kv.value.slice(prefix.length);
  }

  private servedPrefix?: string;

  async get(namespace: string, name: string): Promise<KObject> {
    const { kv } = await this.o.backend.get(this.key(namespace, name));
    if (!kv) throw notFound(this.gr, name);
    return this.decode(kv);
  }

  async tryGet(namespace: string, name: string): Promise<KObject | undefined> {
    const { kv } = await this.o.backend.get(this.key(namespace, name));
    return kv ? this.decode(kv) : undefined;
  }

  async list(opts: ListOptions): Promise<ListResult> {
    const b = this.o.backend;
    const prefix = this.keyPrefix(opts.namespace);
    let revision = 0;
    let startAfter: string | undefined;
    if (opts.continue) {
      const tok = decodeContinue(opts.continue);
      if (tok.rv < b.compactRevision()) {
        throw new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      }
      revision = tok.rv;
      startAfter = prefix + tok.start;
    } else if (opts.resourceVersion && opts.resourceVersion !== '0') {
      const rv = parseResourceVersion(opts.resourceVersion);
      if (opts.resourceVersionMatch === 'Exact') {
        revision = rv;
      } else {
        // NotOlderThan (or legacy semantics): the latest state is at least as new as rv.
        if (rv > b.currentRevision()) {
          throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${b.currentRevision()}`, { causes: [{ reason: 'ResourceVersionTooLarge' as never, message: 'Too large resource version' }], retryAfterSeconds: 1 });
        }
      }
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const items: KObject[] = [];
    const rawItems: string[] = [];
    let more = false;
    let lastKey = '';
    let readRevision = revision;
    try {
      for (;;) {
        const chunk = limit ? Math.max(limit - items.length - rawItems.length, Math.min(limit * 2, 1000)) : 0;
        const res = await b.list(prefix, { startAfter, limit: chunk, revision: readRevision });
        readRevision = res.revision;
        for (const kv of res.kvs) {
          lastKey = kv.key;
          const json = opts.raw && !opts.filter ? this.servedJson(kv) : undefined;
          if (json !== undefined) {
            rawItems.push(json);
          } else {
            const obj = this.decode(kv);
            if (opts.filter && !opts.filter(obj)) continue;
            if (opts.raw) rawItems.push(JSON.stringify(obj)); else items.push(obj);
          }
          if (limit && items.length + rawItems.length >= limit) break;
        }
        if (limit && items.length + rawItems.length >= limit) {
          // more exists if this chunk had keys after lastKey, or the store said so
          const idx = res.kvs.findIndex((kv) => kv.key === lastKey);
          more = idx < res.kvs.length - 1 || res.more;
          break;
        }
        if (!res.more || !chunk) break;
        startAfter = res.kvs.length ? res.kvs[res.kvs.length - 1].key : startAfter;
      }
    } catch (e) {
      if (isStoreError(e, 'Compacted')) throw gone(`too old resource version: ${revision} (${b.compactRevision()})`);
      if (isStoreError(e, 'FutureRev')) throw new ApiError(504, 'Timeout', `Too large resource version: ${revision}, current: ${b.currentRevision()}`, { retryAfterSeconds: 1 });
      throw e;
    }
    const result: ListResult = { items, resourceVersion: String(readRevision) };
    if (opts.raw) result.rawItems = rawItems;
    if (more) result.continue = encodeContinue({ rv: readRevision, start: lastKey.slice(prefix.length) });
    return result;
  }

  /** Create. `obj` is the decoded body (already defaulted or not: defaults are idempotent). */
  async create(namespace: string, input: KObject, opts: WriteOptions = {}): Promise<KObject> {
    const obj = clone(input);
    const meta = (obj.metadata = obj.metadata ?? {});
    if (this.info.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = meta.generateName + generateNameSuffix();
    // managedFields are recorded on the defaulted object before the strategy adds generated fields (as the
    // apiserver's create handler does), so e.g. a Job's generated selector is owned by no manager
    this.prepareCreate(obj, (o) => opts.managedFields?.(undefined, o));
    this.validateOrThrow(obj, this.o.strategy.validate(obj));
    let value = this.encode(obj);
    if (opts.dryRun) {
      delete obj.metadata!.resourceVersion;
      return obj;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const kv = await this.o.backend.create(this.key(namespace, meta.name!), value);
        return this.written(obj, kv);
      } catch (e) {
        if (isStoreError(e, 'KeyExists')) {
          if (generated && attempt < 5) {
            meta.name = meta.generateName + generateNameSuffix();
            value = this.encode(obj);
            continue;
          }
          const err = alreadyExists(this.gr, meta.name!);
          if (generated) {
            throw new ApiError(409, 'AlreadyExists', `${err.message}, the server was not able to generate a unique name for the object`, err.details);
          }
          throw err;
        }
        throw e;
      }
    }
  }

  /** Fill server-set metadata and run the strategy's create preparation. */
  prepareCreate(obj: KObject, afterDefaults?: (obj: KObject) => void): void {
    const meta = obj.metadata!;
    const now = rfc3339(this.o.clock.now());
    meta.uid = randomUUID();
    meta.creationTimestamp = now;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete (meta as Record<string, unknown>).selfLink;
    if (this.o.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    // the strategy's prepareForCreate resets .status where Kubernetes does (not for Nodes)
    this.o.strategy.defaults(obj);
    dropEmptyMaps(obj);
    afterDefaults?.(obj);
    this.o.strategy.prepareForCreate?.(obj);
  }

  validateOrThrow(obj: KObject, errs: FieldError[]): void {
    if (errs.length) throw invalid(this.info.kind, this.info.group, obj.metadata?.name ?? '', errs);
  }

  /**
   * Read-modify-write with optimistic concurrency: `mutate` receives the current object (undefined if absent and
   * allowCreate) and returns the desired object. It is re-run on a storage conflict, so it must be pure; it throws
   * Conflict itself when the caller pinned a resourceVersion.
   */
  async update(namespace: string, name: string, mutate: (current: KObject | undefined) => KObject | Promise<KObject>, opts: UpdateOptions = {}): Promise<{ object: KObject; created: boolean }> {
    const key = this.key(namespace, name);
    for (let attempt = 0; attempt < 20; attempt++) {
      const { kv } = await this.o.backend.get(key);
      if (!kv) {
        if (!opts.allowCreate) throw notFound(this.gr, name);
        const desired = await mutate(undefined);
        const dm = (desired.metadata = desired.metadata ?? {});
        dm.name = name;
        try {
          return { object: await this.create(namespace, desired, opts), created: true };
        } catch (e) {
          if (e instanceof ApiError && e.reason === 'AlreadyExists' && attempt < 19) continue;
          throw e;
        }
      }
      const current = this.decode(kv);
      // mutate gets its own copy of current; what it returns is ours to change
      const desired = await mutate(clone(current));
      // a uid in the written object is a precondition (the storage layer's check in Kubernetes)
      const wantUid = desired.metadata?.uid;
      if (wantUid && wantUid !== current.metadata?.uid) {
        throw conflict(this.gr, name, `Precondition failed: UID in precondition: ${wantUid}, UID in object meta: ${current.metadata?.uid}`);
      }
      const next = this.prepareUpdate(desired, current, opts.subresource ?? '', (n) => opts.managedFields?.(current, n));
      const errs = opts.subresource === 'status'
        ? (this.o.strategy.validateStatusUpdate?.(next, current) ?? [])
        : opts.subresource === 'binding' ? [] : this.o.strategy.validateUpdate(next, current);
      this.validateOrThrow(next, errs);
      // Removing the last finalizer of an object being deleted removes it.
      if (next.metadata?.deletionTimestamp && !(next.metadata.finalizers?.length) && !hasPendingGrace(next) && !this.hasSpecFinalizers(next)) {
        if (opts.dryRun) return { object: next, created: false };
        const res = await this.o.backend.delete(key, kv.modRevision);
        if (!res.ok) continue;
        return { object: this.decode(res.kv!), created: false };
      }
      if (sameStored(current, next)) return { object: current, created: false };
      const value = this.encode(next);
      if (opts.dryRun) {
        next.metadata!.resourceVersion = current.metadata!.resourceVersion;
        return { object: next, created: false };
      }
      const res = await this.o.backend.update(key, value, kv.modRevision);
      if (res.ok) return { object: this.written(next, res.kv!), created: false };
    }
    throw conflict(this.gr, name, 'the object has been modified too often; please retry');
  }

  /** Namespaces keep spec.finalizers: they are deleted only once those are gone too. */
  private hasSpecFinalizers(obj: KObject): boolean {
    if (this.info.group !== '' || this.info.resource !== 'namespaces') return false;
    const spec = obj.spec as { finalizers?: string[] } | undefined;
    return !!spec?.finalizers?.length;
  }

  /** Carry system metadata over, split spec and status, bump generation. */
  prepareUpdate(desired: KObject, current: KObject, subresource: string, afterDefaults?: (obj: KObject) => void): KObject {
    const cm = current.metadata!;
    let next: KObject;
    if (subresource === 'status') {
      next = clone(current);
      if (desired.status === undefined) delete next.status; else next.status = desired.status;
      if (desired.metadata?.managedFields) next.metadata!.managedFields = desired.metadata.managedFields;
    } else {
      next = desired;
      // the main resource and /scale ignore .status; /binding and /finalize are written by the server itself
      if (this.o.strategy.statusSubresource && (subresource === '' || subresource === 'scale')) {
        if (current.status === undefined) delete next.status; else next.status = clone(current.status);
      }
    }
    const nm = (next.metadata = next.metadata ?? {});
    nm.name = cm.name;
    if (this.info.namespaced) nm.namespace = cm.namespace; else delete nm.namespace;
    nm.uid = cm.uid;
    nm.creationTimestamp = cm.creationTimestamp;
    nm.deletionTimestamp = cm.deletionTimestamp;
    nm.deletionGracePeriodSeconds = cm.deletionGracePeriodSeconds;
    if (!nm.deletionTimestamp) { delete nm.deletionTimestamp; delete nm.deletionGracePeriodSeconds; }
    if (cm.deletionTimestamp && nm.finalizers) {
      // finalizers cannot be added once deletion started
      const old = new Set(cm.finalizers ?? []);
      const added = nm.finalizers.filter((f) => !old.has(f)).sort();
      if (added.length) {
        throw invalid(this.info.kind, this.info.group, cm.name ?? '', [{ type: 'FieldValueForbidden', field: 'metadata.finalizers', detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((a) => JSON.stringify(a)).join(', ')}}` }]);
      }
    }
    delete nm.resourceVersion;
    const trackGen = this.o.strategy.tracksGeneration;
    if (trackGen) nm.generation = cm.generation ?? 1; else delete nm.generation;
    if (subresource === '' || subresource === 'scale') {
      this.o.strategy.defaults(next);
      dropEmptyMaps(next);
      afterDefaults?.(next);
      this.o.strategy.prepareForUpdate?.(next, current);
      // strategies may bump generation themselves (e.g. Deployment annotation changes); otherwise spec changes do
      if (trackGen && nm.generation === (cm.generation ?? 1) && specChanged(current, next)) nm.generation = (cm.generation ?? 0) + 1;
    } else {
      afterDefaults?.(next);
      if (subresource === 'status') this.o.strategy.prepareForStatusUpdate?.(next, current);
    }
    return next;
  }

  async delete(namespace: string, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    const key = this.key(namespace, name);
    for (let attempt = 0; attempt < 20; attempt++) {
      const { kv } = await this.o.backend.get(key);
      if (!kv) throw notFound(this.gr, name);
      const current = this.decode(kv);
      const cm = current.metadata!;
      const pre = opts.preconditions;
      // rest.BeforeDelete's wording, with the Kind as the "resource" as Kubernetes does
      const kindGR = { group: this.info.group, resource: this.info.kind };
      if (pre?.uid && pre.uid !== cm.uid) {
        throw conflict(kindGR, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${cm.uid}). The object might have been deleted and then recreated`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== cm.resourceVersion) {
        throw conflict(kindGR, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${cm.resourceVersion}). The object might have been modified`);
      }
      const next = clone(current);
      const nm = next.metadata!;
      const finalizers = new Set(nm.finalizers ?? []);
      const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : opts.orphanDependents === false ? 'Background' : undefined);
      // GC finalizers per propagation policy (only meaningful when the object has dependents; recorded as Kubernetes does)
      if (policy === 'Foreground') { finalizers.add('foregroundDeletion'); finalizers.delete('orphan'); }
      else if (policy === 'Orphan') { finalizers.add('orphan'); finalizers.delete('foregroundDeletion'); }
      else if (policy === 'Background' && !cm.deletionTimestamp) { /* nothing */ }
      const grace = this.o.gracefulDeletion ? this.o.gracefulDeletion(current, opts.gracePeriodSeconds) : 0;
      const keep = finalizers.size > 0 || grace > 0 || this.hasSpecFinalizers(current);
      if (!keep || (cm.deletionTimestamp && grace === 0 && finalizers.size === 0 && !this.hasSpecFinalizers(current))) {
        if (opts.dryRun) return { object: current, deleted: true };
        const res = await this.o.backend.delete(key, kv.modRevision);
        if (!res.ok) continue;
        return { object: this.decode(res.kv!), deleted: true };
      }
      const now = this.o.clock.now();
      nm.finalizers = [...finalizers];
      if (!nm.finalizers.length) delete nm.finalizers;
      if (!cm.deletionTimestamp) {
        nm.deletionTimestamp = rfc3339(now + grace * 1000);
        nm.deletionGracePeriodSeconds = grace;
        if (this.o.strategy.tracksGeneration || cm.generation) nm.generation = (cm.generation ?? 0) + 1;
      } else if (grace < (cm.deletionGracePeriodSeconds ?? Infinity)) {
        // a shorter grace period moves the deadline closer: old deadline - old grace + new grace
        const oldTs = Date.parse(cm.deletionTimestamp);
        nm.deletionTimestamp = rfc3339(oldTs - (cm.deletionGracePeriodSeconds ?? 0) * 1000 + grace * 1000);
        nm.deletionGracePeriodSeconds = grace;
      }
      this.afterDeleteMark?.(next);
      if (sameStored(current, next)) return { object: current, deleted: false };
      if (opts.dryRun) return { object: next, deleted: false };
      const res = await this.o.backend.update(key, this.encode(next), kv.modRevision);
      if (!res.ok) continue;
      return { object: this.decode(res.kv!), deleted: false };
    }
    throw conflict(this.gr, name, 'the object has been modified too often; please retry');
  }

  /** Kind-specific change when deletion starts (namespaces go Terminating). */
  afterDeleteMark?: (obj: KObject) => void;
}

function hasPendingGrace(obj: KObject): boolean {
  const g = obj.metadata?.deletionGracePeriodSeconds;
  return typeof g === 'number' && g > 0;
}

export function parseResourceVersion(rv: string): number {
  if (!/^[0-9]+$/.test(rv)) throw badRequest(`Invalid value: "${rv}": resourceVersion must be a non-negative integer`) ;
  return Number(rv);
}

function withoutMetaStatus(o: KObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

export function specChanged(a: KObject, b: KObject): boolean {
  return !deepEqual(withoutMetaStatus(a), withoutMetaStatus(b));
}

/** Equal as stored (ignoring resourceVersion and managedFields timestamps). */
function sameStored(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => {
    const m = { ...(o.metadata ?? {}) } as Record<string, unknown>;
    delete m.resourceVersion;
    if (Array.isArray(m.managedFields)) m.managedFields = (m.managedFields as Record<string, unknown>[]).map(({ time: _t, ...r }) => r);
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return { ...rest, metadata: m };
  };
  return deepEqual(strip(a), strip(b));
}

/** Go's omitempty: an emptied labels/annotations map is not stored (e.g. after `kubectl label x a-`). */
function dropEmptyMaps(obj: KObject): void {
  const m = obj.metadata;
  if (!m) return;
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
  if (m.finalizers && m.finalizers.length === 0) delete m.finalizers;
  if (m.ownerReferences && m.ownerReferences.length === 0) delete m.ownerReferences;
}
