// The garbage collector: deletes dependents whose owners are gone (Background), drives Foreground deletion (owner
// with `foregroundDeletion` waits for its blocking dependents) and Orphan (ownerReferences patched out, then the
// finalizer). Keys are object uids; each reconcile runs the pure pass over the object, its owners and its dependents.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KObject } from '../../api/types.js';
import { apiVersionOf, resources, type Client, type GVR, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { done, forMapped, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { ORPHAN_FINALIZER, computeGarbageCollection, toGCObject, type GCObject, type ObjectRef } from './actions.js';

export interface GarbageCollectorOptions {
  client: Client;
  /**
   * Informers of every resource whose objects can own or be owned (nodes too: node Leases name them). Objects of
   * kinds without an informer are never collected; owners of such kinds are looked up with a live GET.
   */
  informers: Informer<KObject>[];
}

const UID_INDEX = 'gc:uid';
const OWNER_INDEX = 'gc:ownerUid';
interface Found { obj: KObject; gvr: GVR }

export class GarbageCollector implements Reconciler {
  readonly name = 'garbagecollector';
  /** `group/Kind` → GVR, for owners' scope and live lookups. */
  private readonly kinds = new Map<string, GVR>();

  constructor(private readonly o: GarbageCollectorOptions) {
    for (const g of Object.values(resources)) this.kinds.set(`${g.group}/${g.kind}`, g);
    for (const inf of o.informers) {
      const g = inf.resource.gvr;
      if (g.kind) this.kinds.set(`${g.group}/${g.kind}`, g);
      addIndexerOnce(inf, UID_INDEX, (x) => (x.metadata?.uid ? [x.metadata.uid] : []));
      addIndexerOnce(inf, OWNER_INDEX, (x) => (x.metadata?.ownerReferences ?? []).map((r) => r.uid));
    }
  }

  /** An object maps to itself and its owners; once it is deleting or gone, also to its dependents. */
  watches(): WatchSpec[] {
    return this.o.informers.map((inf) => forMapped(inf, (obj) => {
      const uid = obj.metadata?.uid;
      if (!uid) return [];
      const uids = [uid, ...(obj.metadata?.ownerReferences ?? []).map((r) => r.uid)];
      if (obj.metadata?.deletionTimestamp || !this.find(uid)) uids.push(...this.dependents(uid).map((d) => d.obj.metadata!.uid!));
      return uids.map((u) => ({ namespace: '', name: u }));
    }, gcRelevantChange));
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const self = this.find(key.name);
    if (!self) return done();
    const uid = key.name;
    const snapshot = new Map<string, GCObject>();
    const put = (x: GCObject) => snapshot.set(x.uid, x);
    put(this.view(self));
    for (const d of this.dependents(uid)) put(this.view(d));
    for (const r of self.obj.metadata?.ownerReferences ?? []) {
      const owner = this.find(r.uid);
      const v = owner ? this.view(owner) : await this.lookupOwner(r, self.obj.metadata?.namespace ?? '');
      if (v) put(v);
    }
    const plan = computeGarbageCollection([...snapshot.values()], { isNamespaced: (av, k) => this.gvrOf(av, k)?.namespaced });
    // Only this object's decisions are sound on a partial snapshot (plus orphaning its own dependents).
    const orphaning = !!self.obj.metadata?.deletionTimestamp && !!self.obj.metadata.finalizers?.includes(ORPHAN_FINALIZER);
    for (const r of plan.removeOwnerReferences) {
      if (r.object.uid === uid) await this.removeOwnerRefs(r.object, r.ownerUids);
      else if (orphaning && r.ownerUids.includes(uid)) await this.removeOwnerRefs(r.object, [uid]);
    }
    for (const d of plan.delete.filter((x) => x.object.uid === uid)) {
      ctx.logger.debug('Deleting dependent', { object: refString(d.object), propagationPolicy: d.propagationPolicy });
      await this.o.client.resource(self.gvr).delete(d.object.namespace ?? '', d.object.name, { propagationPolicy: d.propagationPolicy, preconditions: { uid } }).catch(ignore(404, 409));
    }
    for (const f of plan.removeFinalizers.filter((x) => x.object.uid === uid)) {
      await this.patchMeta(self, (m) => {
        const fin = (m.finalizers ?? []).filter((x) => x !== f.finalizer);
        return { finalizers: fin.length ? fin : null };
      });
    }
    for (const e of plan.events.filter((x) => x.object.uid === uid)) ctx.recorder?.event(self.obj, 'Warning', e.reason, e.message);
    return done();
  }

  private find(uid: string): Found | undefined {
    for (const inf of this.o.informers) {
      const obj = inf.byIndex(UID_INDEX, uid)[0];
      if (obj) return { obj, gvr: inf.resource.gvr };
    }
    return undefined;
  }

  private dependents(uid: string): Found[] {
    return this.o.informers.flatMap((inf) => inf.byIndex(OWNER_INDEX, uid).map((obj) => ({ obj, gvr: inf.resource.gvr })));
  }

  private gvrOf(apiVersion: string, kind: string): GVR | undefined {
    return this.kinds.get(`${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}/${kind}`);
  }

  /** Cached objects may lack apiVersion/kind (list items): take them from the informer's resource. */
  private view(f: Found): GCObject {
    return toGCObject({ ...f.obj, apiVersion: apiVersionOf(f.gvr), kind: f.gvr.kind ?? f.obj.kind });
  }

  /**
   * An owner missing from the caches: a live GET tells a dangling reference (404, or another uid) from cache lag.
   * Owners of kinds we cannot map (custom resources) are assumed alive, so their dependents are never collected.
   */
  private async lookupOwner(r: OwnerReference, namespace: string): Promise<GCObject | undefined> {
    const gvr = this.gvrOf(r.apiVersion, r.kind);
    if (!gvr) return { apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, ...(namespace ? { namespace } : {}) };
    // a uid never comes back: once verified absent, 10 000 dependents of a deleted owner need one GET, not 10 000
    // (kube's GC keeps the same absentOwnerCache)
    if (this.absentOwners.has(r.uid)) return undefined;
    try {
      const live = await this.o.client.resource(gvr).get(gvr.namespaced ? namespace : '', r.name);
      if (live.metadata?.uid === r.uid) return this.view({ obj: live, gvr });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
    this.absentOwners.add(r.uid);
    return undefined;
  }

  private readonly absentOwners = new BoundedSet(ABSENT_OWNER_CACHE);

  private async removeOwnerRefs(ref: ObjectRef, ownerUids: string[]): Promise<void> {
    const cur = this.find(ref.uid);
    if (!cur) return;
    await this.patchMeta(cur, (m) => {
      const refs = (m.ownerReferences ?? []).filter((r) => !ownerUids.includes(r.uid));
      return { ownerReferences: refs.length ? refs : null };
    });
  }

  /**
   * JSON merge patch of metadata computed from the object, with uid and resourceVersion preconditions. On a conflict
   * the object is read again and the change recomputed (as kube's GC does with RetryOnConflict); then the runner retries.
   */
  private async patchMeta(f: Found, change: (m: NonNullable<KObject['metadata']>) => Record<string, unknown>): Promise<void> {
    const rc = this.o.client.resource(f.gvr);
    let m = f.obj.metadata!;
    for (let attempt = 0; ; attempt++) {
      try {
        await rc.patch(m.namespace ?? '', m.name!, 'merge', { metadata: { ...change(m), uid: m.uid, resourceVersion: m.resourceVersion } });
        return;
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return;
        if (!(e instanceof ApiError && e.code === 409) || attempt >= 2) throw e;
        const live = await rc.get(m.namespace ?? '', m.name!).catch(ignore(404));
        if (!live || live.metadata?.uid !== m.uid) return;
        m = live.metadata!;
      }
    }
  }
}

/**
 * Only ownership and deletion state matter to the collector (kube's GC graph builder likewise acts on changes of
 * ownerReferences and deletion state): a Lease renewal or a pod status write must not cost a reconcile.
 */
export function gcRelevantChange(a: KObject, b: KObject): boolean {
  const am = a.metadata ?? {};
  const bm = b.metadata ?? {};
  return am.uid !== bm.uid || am.deletionTimestamp !== bm.deletionTimestamp
    || JSON.stringify(am.ownerReferences ?? []) !== JSON.stringify(bm.ownerReferences ?? [])
    || JSON.stringify(am.finalizers ?? []) !== JSON.stringify(bm.finalizers ?? []);
}

const ABSENT_OWNER_CACHE = 10_000;

/** A set that forgets its oldest members beyond `max`. */
export class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(k: string): boolean { return this.items.has(k); }
  add(k: string): void {
    this.items.delete(k);
    this.items.add(k);
    if (this.items.size > this.max) this.items.delete(this.items.values().next().value as string);
  }
}

function addIndexerOnce(inf: Informer<KObject>, name: string, fn: (o: KObject) => string[]): void {
  try { inf.addIndexer(name, fn); } catch { /* shared informer already indexed by another GarbageCollector */ }
}

const refString = (r: ObjectRef) => `${r.kind}/${r.namespace ? r.namespace + '/' : ''}${r.name}`;

function ignore(...codes: number[]): (e: unknown) => undefined {
  return (e) => {
    if (e instanceof ApiError && codes.includes(e.code)) return undefined;
    throw e;
  };
}
