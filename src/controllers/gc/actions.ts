// Garbage collector decisions (pkg/controller/garbagecollector) over a snapshot of objects: which dependents to
// delete, which ownerReferences to drop, which foregroundDeletion/orphan finalizers to remove.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** What the collector needs of any object (metadata-only informers are enough). */
export interface GCObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  ownerReferences?: readonly OwnerReference[];
  deletionTimestamp?: string;
  finalizers?: readonly string[];
}

export type ObjectRef = Pick<GCObject, 'apiVersion' | 'kind' | 'namespace' | 'name' | 'uid'>;
export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export interface GCPlan {
  /** Delete with this propagationPolicy and a uid precondition. */
  delete: { object: ObjectRef; propagationPolicy: Propagation }[];
  /** Patch these ownerReferences (by uid) out of the object. Apply before `removeFinalizers`. */
  removeOwnerReferences: { object: ObjectRef; ownerUids: string[] }[];
  /** Remove the finalizer from the owner (foreground done, or dependents orphaned). */
  removeFinalizers: { object: ObjectRef; finalizer: string }[];
  /** Warning events (reason OwnerRefInvalidNamespace). */
  events: { object: ObjectRef; reason: string; message: string }[];
}

export interface GCOptions {
  /** Scope of a kind, for owners absent from the snapshot. Unknown → the dependent's scope. */
  isNamespaced?: (apiVersion: string, kind: string) => boolean | undefined;
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const has = (o: GCObject, f: string): boolean => !!o.finalizers?.includes(f);
const ref = (o: GCObject): ObjectRef => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, uid: o.uid });

/** Being deleted and waiting for its blocking dependents (foreground). */
export const isDeletingDependents = (o: GCObject): boolean => !!o.deletionTimestamp && has(o, FOREGROUND_FINALIZER);

type Verdict = 'solid' | 'dangling' | 'waiting' | 'invalid';

/**
 * Classify one owner reference of `dep`: dangling when no object with that uid, kind/group and namespace exists
 * (a re-created owner has another uid); waiting when the owner is deleting its dependents; invalid when a
 * cluster-scoped dependent names a namespaced owner (never collected).
 */
function classify(dep: GCObject, r: OwnerReference, byUid: Map<string, GCObject>, opts: GCOptions): Verdict {
  const owner = byUid.get(r.uid);
  const depNs = dep.namespace ?? '';
  const ownerNamespaced = owner ? !!owner.namespace : (opts.isNamespaced?.(r.apiVersion, r.kind) ?? depNs !== '');
  if (depNs === '' && ownerNamespaced) return 'invalid';
  if (!owner || owner.kind !== r.kind || groupOf(owner.apiVersion) !== groupOf(r.apiVersion)) return 'dangling';
  if ((owner.namespace ?? '') !== (ownerNamespaced ? depNs : '')) return 'dangling';
  return isDeletingDependents(owner) ? 'waiting' : 'solid';
}

/** One pass of the collector over a consistent snapshot; run it again after the plan is applied. */
export function computeGarbageCollection(objects: readonly GCObject[], opts: GCOptions = {}): GCPlan {
  const plan: GCPlan = { delete: [], removeOwnerReferences: [], removeFinalizers: [], events: [] };
  const byUid = new Map(objects.map((o) => [o.uid, o] as const));
  const dependents = new Map<string, { dep: GCObject; r: OwnerReference }[]>();
  for (const o of objects) {
    for (const r of o.ownerReferences ?? []) {
      const list = dependents.get(r.uid) ?? [];
      list.push({ dep: o, r });
      dependents.set(r.uid, list);
    }
  }

  for (const o of objects) {
    // Owners: orphan finalizer → drop our references from dependents, then the finalizer.
    if (o.deletionTimestamp && has(o, ORPHAN_FINALIZER)) {
      for (const { dep } of dependents.get(o.uid) ?? []) plan.removeOwnerReferences.push({ object: ref(dep), ownerUids: [o.uid] });
      plan.removeFinalizers.push({ object: ref(o), finalizer: ORPHAN_FINALIZER });
      continue;
    }
    // Owners: foreground → the finalizer goes once no dependent blocks it.
    if (isDeletingDependents(o)) {
      const blocking = (dependents.get(o.uid) ?? []).filter(({ r }) => r.blockOwnerDeletion === true);
      if (blocking.length === 0) plan.removeFinalizers.push({ object: ref(o), finalizer: FOREGROUND_FINALIZER });
      continue;
    }
    if (o.deletionTimestamp || !o.ownerReferences?.length) continue;

    // Dependents: decide from the owners.
    const solid: string[] = [], dangling: string[] = [], waiting: string[] = [];
    let invalid = false;
    for (const r of o.ownerReferences) {
      const v = classify(o, r, byUid, opts);
      if (v === 'invalid') {
        invalid = true;
        plan.events.push({ object: ref(o), reason: 'OwnerRefInvalidNamespace', message: `ownerRef [${r.apiVersion}/${r.kind}, namespace: ${o.namespace ?? ''}, name: ${r.name}, uid: ${r.uid}] does not exist in namespace ""` });
      } else if (v === 'solid') solid.push(r.uid);
      else if (v === 'dangling') dangling.push(r.uid);
      else waiting.push(r.uid);
    }
    if (invalid) continue;
    if (solid.length > 0) {
      if (dangling.length + waiting.length > 0) plan.removeOwnerReferences.push({ object: ref(o), ownerUids: [...dangling, ...waiting] });
      continue;
    }
    let policy: Propagation;
    if (waiting.length > 0 && (dependents.get(o.uid)?.length ?? 0) > 0) policy = 'Foreground';
    else if (has(o, ORPHAN_FINALIZER)) policy = 'Orphan';
    else if (has(o, FOREGROUND_FINALIZER)) policy = 'Foreground';
    else policy = 'Background';
    plan.delete.push({ object: ref(o), propagationPolicy: policy });
  }
  return plan;
}

/** Adapt a wire object to the collector's view. */
export function toGCObject(obj: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; uid?: string; ownerReferences?: readonly OwnerReference[]; deletionTimestamp?: string; finalizers?: readonly string[] } }): GCObject {
  const m = obj.metadata ?? {};
  return {
    apiVersion: obj.apiVersion ?? '', kind: obj.kind ?? '', name: m.name ?? '', uid: m.uid ?? '',
    ...(m.namespace ? { namespace: m.namespace } : {}),
    ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
    ...(m.deletionTimestamp ? { deletionTimestamp: m.deletionTimestamp } : {}),
    ...(m.finalizers ? { finalizers: m.finalizers } : {}),
  };
}
