// ReplicaSet controller decisions (pkg/controller/replicaset): claim pods, create or delete to reach spec.replicas,
// compute status. Pure: the executor applies the plan and records expectations.
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors/index.js';
import { rfc3339 } from '../../machinery/clock.js';
import { claimObjects } from './claim.js';
import { isPodActive, isPodAvailable, isPodReady, newControllerRef, podReadyTime } from './pod-util.js';
import { podsToDelete } from './ranking.js';
import { jsonClone } from '../../machinery/jsonclone.js';

export { claimObjects, type Claim } from './claim.js';
export { comparePodsForDeletion, podsToDelete, POD_DELETION_COST_ANNOTATION } from './ranking.js';
export * from './pod-util.js';

/** controller.BurstReplicas: the most pods created or deleted in one sync. */
export const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH = 1;

export interface ReplicaActionsOptions {
  /** @default 500 */ burstReplicas?: number;
  /** Active pods of sibling ReplicaSets (same Deployment), used to rank doubled-up pods. @default the RS's own pods */
  relatedPods?: readonly Pod[];
}

export interface ReplicaActions {
  /** Orphan pods matching the selector: patch in the controller ownerReference. */
  adopt: Pod[];
  /** Owned pods that no longer match: remove the ownerReference with the RS uid. */
  release: Pod[];
  /** Active pods the RS owns after the claim (what status is computed from). */
  owned: Pod[];
  /** How many pods to create (already capped by burstReplicas). */
  create: number;
  /** Slow-start batch sizes summing to `create`: run each batch in parallel, stop at the first batch with a failure. */
  createBatches: number[];
  /** The pod to create (generateName `<rs>-`); clone it per create. */
  template?: Pod;
  /** Pods to delete, most expendable first. */
  delete: Pod[];
}

/** slowStartBatch: 1, 2, 4, … capped so the sizes sum to n. */
export function slowStartBatches(n: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const out: number[] = [];
  let remaining = n;
  let size = Math.min(remaining, initial);
  while (size > 0) {
    out.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining);
  }
  return out;
}

/** Does the pod match the RS selector? (An invalid selector matches nothing.) */
export function rsSelectorMatcher(rs: ReplicaSet): (labels: Record<string, string> | undefined) => boolean {
  let sel: ReturnType<typeof labelSelectorFromObject>;
  try { sel = labelSelectorFromObject(rs.spec?.selector); } catch { return () => false; }
  return (labels) => matchesLabels(sel, labels);
}

/**
 * controller.GetPodFromTemplate: labels, annotations and finalizers from the template, generateName `<rs>-`,
 * the controller ownerReference, and the template's spec.
 */
export function podFromTemplate(template: PodTemplateSpec | undefined, parent: { metadata?: ObjectMeta }, controllerRef?: OwnerReference): Pod {
  const t = template ?? {};
  const meta: ObjectMeta = {
    generateName: `${parent.metadata?.name ?? ''}-`,
    namespace: parent.metadata?.namespace,
    labels: { ...(t.metadata?.labels ?? {}) },
    annotations: { ...(t.metadata?.annotations ?? {}) },
  };
  if (t.metadata?.finalizers?.length) (meta as { finalizers?: string[] }).finalizers = [...t.metadata.finalizers];
  if (controllerRef) (meta as { ownerReferences?: OwnerReference[] }).ownerReferences = [{ ...controllerRef }];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: jsonClone(t.spec ?? { containers: [] }) };
}

/**
 * syncReplicaSet's decisions: claim the active pods in the namespace, then create or delete to reach spec.replicas
 * (nothing is created or deleted while the RS itself is being deleted).
 */
export function computeReplicaActions(rs: ReplicaSet, pods: readonly Pod[], now: number, opts: ReplicaActionsOptions = {}): ReplicaActions {
  const burst = opts.burstReplicas ?? BURST_REPLICAS;
  const match = rsSelectorMatcher(rs);
  const ns = rs.metadata?.namespace ?? '';
  const active = pods.filter((p) => isPodActive(p) && (p.metadata?.namespace ?? '') === ns);
  const claim = claimObjects(rs, active, (p) => match(p.metadata?.labels));
  const out: ReplicaActions = { adopt: claim.adopt, release: claim.release, owned: claim.owned, create: 0, createBatches: [], delete: [] };
  if (rs.metadata?.deletionTimestamp) return out;
  const want = rs.spec?.replicas ?? 1;
  const diff = claim.owned.length - want;
  if (diff < 0) {
    out.create = Math.min(-diff, burst);
    out.createBatches = slowStartBatches(out.create);
    out.template = podFromTemplate(rs.spec?.template, rs, newControllerRef(rs, 'apps/v1', 'ReplicaSet'));
  } else if (diff > 0) {
    out.delete = podsToDelete(claim.owned, opts.relatedPods ?? claim.owned, Math.min(diff, burst), now);
  }
  return out;
}

export interface ReplicaSetStatusResult {
  status: ReplicaSetStatus;
  /** Set when a ready pod will become available (minReadySeconds) and the RS should be synced again. */
  requeueAfterMs?: number;
}

/**
 * calculateStatus + observedGeneration: counts over the RS's active owned pods. `manageError` is the error of the
 * last create/delete pass: it adds a ReplicaFailure condition (FailedCreate/FailedDelete), which is removed once a
 * pass succeeds.
 */
export function calculateReplicaSetStatus(
  rs: ReplicaSet, pods: readonly Pod[], minReadySeconds: number, now: number, manageError?: string,
): ReplicaSetStatusResult {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  let fully = 0, ready = 0, available = 0;
  let nextAvailable: number | undefined;
  for (const p of pods) {
    const labels = p.metadata?.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fully++;
    if (!isPodReady(p)) continue;
    ready++;
    if (isPodAvailable(p, minReadySeconds, now)) available++;
    else {
      const t = (podReadyTime(p) ?? now) + minReadySeconds * 1000 + 1;
      nextAvailable = nextAvailable === undefined ? t : Math.min(nextAvailable, t);
    }
  }
  let conditions: ReplicaSetCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError !== undefined && !failure) {
    const d = pods.length - (rs.spec?.replicas ?? 1);
    const reason = d < 0 ? 'FailedCreate' : d > 0 ? 'FailedDelete' : '';
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageError });
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fully,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata?.generation,
    ...(conditions.length ? { conditions } : {}),
  };
  return nextAvailable === undefined ? { status } : { status, requeueAfterMs: Math.max(0, nextAvailable - now) };
}

/** True when the computed status differs from the stored one (write /status only then). */
export function replicaSetStatusChanged(rs: ReplicaSet, status: ReplicaSetStatus): boolean {
  const cur: ReplicaSetStatus = rs.status ?? { replicas: 0 };
  return (cur.replicas ?? 0) !== (status.replicas ?? 0)
    || (cur.fullyLabeledReplicas ?? 0) !== (status.fullyLabeledReplicas ?? 0)
    || (cur.readyReplicas ?? 0) !== (status.readyReplicas ?? 0)
    || (cur.availableReplicas ?? 0) !== (status.availableReplicas ?? 0)
    || (cur.observedGeneration ?? 0) !== (status.observedGeneration ?? 0)
    || JSON.stringify(cur.conditions ?? []) !== JSON.stringify(status.conditions ?? []);
}
