// Namespace lifecycle decisions (pkg/controller/namespace/deletion): delete a Terminating namespace's content,
// report progress in status conditions, and drop the `kubernetes` finalizer once it is empty.
import type { Namespace, NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../machinery/clock.js';

export const KUBERNETES_FINALIZER = 'kubernetes';

/** One namespaced resource type and what of it is left in the namespace. */
export interface NamespaceContent {
  group: string;
  resource: string;
  /** False when the resource does not support deletecollection: delete item by item. @default true */
  deleteCollection?: boolean;
  items: readonly { name: string; finalizers?: readonly string[]; deletionTimestamp?: string; gracePeriodSeconds?: number }[];
}

export interface NamespacePlan {
  /** Set phase Terminating (status) first. */
  setTerminating: boolean;
  /** The namespace has no finalizers left: delete it (uid precondition). */
  deleteNamespace: boolean;
  /** Resources to clear with DELETE collection (Background propagation). */
  deleteCollections: { group: string; resource: string }[];
  /** Items to delete one by one (resources without deletecollection). */
  deleteItems: { group: string; resource: string; name: string }[];
  /** New status.conditions when they changed. */
  conditions?: NamespaceCondition[];
  /** PUT namespaces/{name}/finalize with these spec.finalizers (without `kubernetes`). */
  finalize?: string[];
  requeueAfterMs?: number;
}

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining', 'NamespaceFinalizersRemaining',
] as const;
type ConditionType = typeof CONDITION_TYPES[number];

const OK: Record<ConditionType, [string, string]> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
};

export interface NamespaceInput {
  namespace: Namespace;
  content: readonly NamespaceContent[];
  /** Group versions whose discovery failed, with the error message (`apps/v1` → `...`). */
  discoveryFailures?: Readonly<Record<string, string>>;
  /** Errors of the previous delete pass (one message per failed resource). */
  deleteErrors?: readonly string[];
  now: number;
}

/** updateConditions: the five deletion conditions, each either failing (True) or its "ok" variant (False). */
export function namespaceConditions(status: NamespaceStatus | undefined, failing: Partial<Record<ConditionType, [string, string]>>, now: number): { conditions: NamespaceCondition[]; changed: boolean } {
  const t = rfc3339(now);
  const conditions = (status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const f = failing[type];
    const next = { type, status: f ? 'True' : 'False', reason: (f ?? OK[type])[0], message: (f ?? OK[type])[1] };
    const old = conditions.find((c) => c.type === type);
    if (!old) { conditions.push({ ...next, lastTransitionTime: t }); changed = true; continue; }
    if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
      if (old.status !== next.status) old.lastTransitionTime = t;
      Object.assign(old, next);
      changed = true;
    }
  }
  return { conditions, changed };
}

/** One sync of a namespace. Nothing happens unless it has a deletionTimestamp. */
export function computeNamespaceDeletion(input: NamespaceInput): NamespacePlan {
  const ns = input.namespace;
  const plan: NamespacePlan = { setTerminating: false, deleteNamespace: false, deleteCollections: [], deleteItems: [] };
  if (!ns.metadata?.deletionTimestamp) return plan;
  plan.setTerminating = ns.status?.phase !== 'Terminating';
  const finalizers = ns.spec?.finalizers ?? [];
  if (finalizers.length === 0) { plan.deleteNamespace = true; return plan; }
  if (!finalizers.includes(KUBERNETES_FINALIZER)) return plan;

  const failing: Partial<Record<ConditionType, [string, string]>> = {};
  const discovery = Object.entries(input.discoveryFailures ?? {});
  if (discovery.length) {
    const groups = discovery.map(([gv, err]) => `${gv}: ${err}`).sort().join(', ');
    failing.NamespaceDeletionDiscoveryFailure = ['DiscoveryFailed', `Discovery failed for some groups, ${discovery.length} failing: unable to retrieve the complete list of server APIs: ${groups}`];
  }
  if (input.deleteErrors?.length) {
    const msgs = [...input.deleteErrors].sort();
    failing.NamespaceDeletionContentFailure = ['ContentDeletionFailed', `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`];
  }
  const remaining: string[] = [];
  const byFinalizer = new Map<string, number>();
  let estimateSeconds = 0;
  for (const c of input.content) {
    if (c.items.length === 0) continue;
    remaining.push(`${c.resource}.${c.group} has ${c.items.length} resource instances`);
    for (const it of c.items) {
      for (const f of it.finalizers ?? []) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + 1);
      if (c.group === '' && c.resource === 'pods') estimateSeconds = Math.max(estimateSeconds, it.gracePeriodSeconds ?? 0);
    }
    if (c.deleteCollection === false) {
      for (const it of c.items) if (!it.deletionTimestamp) plan.deleteItems.push({ group: c.group, resource: c.resource, name: it.name });
    } else if (c.items.some((it) => !it.deletionTimestamp)) {
      plan.deleteCollections.push({ group: c.group, resource: c.resource });
    }
  }
  if (remaining.length) failing.NamespaceContentRemaining = ['SomeResourcesRemain', `Some resources are remaining: ${remaining.sort().join(', ')}`];
  if (byFinalizer.size) {
    const list = [...byFinalizer].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    failing.NamespaceFinalizersRemaining = ['SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${list.join(', ')}`];
  }
  const { conditions, changed } = namespaceConditions(ns.status, failing, input.now);
  if (changed) plan.conditions = conditions;
  if (remaining.length === 0 && discovery.length === 0 && !input.deleteErrors?.length) {
    plan.finalize = finalizers.filter((f) => f !== KUBERNETES_FINALIZER);
  } else {
    // ResourcesRemainingError{Estimate}: the controller re-checks after estimate/2 + 1 seconds.
    plan.requeueAfterMs = (Math.floor(estimateSeconds / 2) + 1) * 1000;
  }
  return plan;
}
