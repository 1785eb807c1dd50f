// Disruption controller decisions (pkg/controller/disruption): PodDisruptionBudget status from the selected pods
// and their controllers' scale.
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { Condition, OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors/index.js';
import { scaledValue } from '../deployment/intorstr.js';
import { controllerOf, isPodReady, timeMs } from '../replicaset/pod-util.js';

/** DeletionTimeout: a pod in disruptedPods that is not deleted within this long counts again. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** The controller that ultimately owns a pod: its uid (for de-duplication) and its desired scale. */
export interface ControllerScale { uid: string; scale: number }
/** Resolve a pod's controllerRef to the top controller's scale (RS → Deployment), or undefined when unknown. */
export type ScaleFinder = (ref: OwnerReference, namespace: string) => ControllerScale | undefined;

/** The finders kube uses: ReplicationController, Deployment (through its ReplicaSet), ReplicaSet, StatefulSet. */
export function scaleFinder(objs: { replicaSets?: readonly ReplicaSet[]; deployments?: readonly Deployment[]; statefulSets?: readonly StatefulSet[]; replicationControllers?: readonly ReplicationController[] }): ScaleFinder {
  const find = <T extends { metadata?: { uid?: string; namespace?: string } }>(list: readonly T[] | undefined, uid: string, ns: string) =>
    list?.find((o) => o.metadata?.uid === uid && (o.metadata?.namespace ?? '') === ns);
  return (ref, ns) => {
    if (ref.kind === 'ReplicaSet' && ref.apiVersion.startsWith('apps/')) {
      const rs = find(objs.replicaSets, ref.uid, ns);
      if (!rs) return undefined;
      const owner = controllerOf(rs.metadata);
      if (owner?.kind === 'Deployment' && owner.apiVersion.startsWith('apps/')) {
        const d = find(objs.deployments, owner.uid, ns);
        return d ? { uid: owner.uid, scale: d.spec?.replicas ?? 1 } : undefined;
      }
      return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
    }
    if (ref.kind === 'StatefulSet' && ref.apiVersion.startsWith('apps/')) {
      const s = find(objs.statefulSets, ref.uid, ns);
      return s ? { uid: ref.uid, scale: s.spec?.replicas ?? 1 } : undefined;
    }
    if (ref.kind === 'ReplicationController' && ref.apiVersion === 'v1') {
      const rc = find(objs.replicationControllers, ref.uid, ns);
      return rc ? { uid: ref.uid, scale: rc.spec?.replicas ?? 1 } : undefined;
    }
    return undefined;
  };
}

export interface PdbPlan {
  /** The status to write, when it differs from the stored one. */
  status?: PodDisruptionBudgetStatus;
  events: { type: 'Normal' | 'Warning'; reason: string; message: string }[];
  /** When the earliest disruptedPods entry expires. */
  requeueAfterMs?: number;
}

function setCondition(conds: Condition[], c: Omit<Condition, 'lastTransitionTime'>, now: number): Condition[] {
  const cur = conds.find((x) => x.type === c.type);
  const lastTransitionTime = cur && cur.status === c.status ? cur.lastTransitionTime : rfc3339(now);
  return [...conds.filter((x) => x.type !== c.type), { ...c, lastTransitionTime }];
}

function statusEqual(a: PodDisruptionBudgetStatus | undefined, b: PodDisruptionBudgetStatus): boolean {
  const norm = (s: PodDisruptionBudgetStatus | undefined) => JSON.stringify({
    currentHealthy: s?.currentHealthy ?? 0, desiredHealthy: s?.desiredHealthy ?? 0, expectedPods: s?.expectedPods ?? 0,
    disruptionsAllowed: s?.disruptionsAllowed ?? 0, observedGeneration: s?.observedGeneration ?? 0,
    disruptedPods: Object.entries(s?.disruptedPods ?? {}).sort(), conditions: s?.conditions ?? [],
  });
  return norm(a) === norm(b);
}

/** One sync of a PDB over the pods of its namespace. */
export function computePdbStatus(pdb: PodDisruptionBudget, namespacePods: readonly Pod[], findScale: ScaleFinder, now: number): PdbPlan {
  const plan: PdbPlan = { events: [] };
  const ns = pdb.metadata?.namespace ?? '';
  let pods: Pod[];
  try {
    const sel = labelSelectorFromObject(pdb.spec?.selector);
    pods = namespacePods.filter((p) => (p.metadata?.namespace ?? '') === ns && matchesLabels(sel, p.metadata?.labels));
  } catch { pods = []; }
  if (pods.length === 0) plan.events.push({ type: 'Normal', reason: 'NoPods', message: 'No matching pods found' });

  // getExpectedPodCount
  let expected = 0, desired = 0;
  const unmanaged: string[] = [];
  let error: string | undefined;
  const expectedScale = (): number => {
    const seen = new Map<string, number>();
    const refsSeen = new Set<string>();
    for (const p of pods) {
      const ref = controllerOf(p.metadata);
      if (!ref) { unmanaged.push(p.metadata?.name ?? ''); continue; }
      if (refsSeen.has(ref.uid)) continue;
      refsSeen.add(ref.uid);
      const found = findScale(ref, ns);
      if (!found) { error ??= `found no controllers for pod "${p.metadata?.name}"`; continue; }
      seen.set(found.uid, found.scale);
    }
    return [...seen.values()].reduce((a, b) => a + b, 0);
  };
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    expected = expectedScale();
    desired = Math.max(0, expected - scaledValue(maxUnavailable, expected, true));
  } else if (minAvailable !== undefined && minAvailable !== null) {
    if (typeof minAvailable === 'number') { desired = minAvailable; expected = pods.length; }
    else { expected = expectedScale(); desired = scaledValue(minAvailable, expected, true); }
  }
  if (unmanaged.length) {
    plan.events.push({ type: 'Warning', reason: 'UnmanagedPods', message: `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector ?? null)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.` });
  }
  const generation = pdb.metadata?.generation ?? 0;
  if (error !== undefined) {
    // failSafe: no disruptions until the controllers can be found.
    plan.events.push({ type: 'Warning', reason: 'CalculateExpectedPodCountFailed', message: `Failed to calculate the number of expected pods: ${error}` });
    const status: PodDisruptionBudgetStatus = {
      ...(pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 }),
      disruptionsAllowed: 0, observedGeneration: generation,
      conditions: setCondition([...(pdb.status?.conditions ?? [])], { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: error, observedGeneration: generation }, now),
    };
    if (!statusEqual(pdb.status, status)) plan.status = status;
    return plan;
  }

  // buildDisruptedPodMap + countHealthyPods
  const disrupted: Record<string, string> = {};
  let recheck: number | undefined;
  for (const p of pods) {
    const name = p.metadata?.name ?? '';
    const at = pdb.status?.disruptedPods?.[name];
    if (p.metadata?.deletionTimestamp || at === undefined) continue;
    const expires = (timeMs(at) ?? 0) + DELETION_TIMEOUT_MS;
    if (expires < now) {
      plan.events.push({ type: 'Warning', reason: 'NotDeleted', message: `Pod was expected by PDB ${ns}/${pdb.metadata?.name} to be deleted but it wasn't` });
    } else {
      disrupted[name] = at;
      recheck = recheck === undefined ? expires : Math.min(recheck, expires);
    }
  }
  let healthy = 0;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    if (disrupted[p.metadata?.name ?? ''] !== undefined) continue;
    if (isPodReady(p)) healthy++;
  }
  let allowed = healthy - desired;
  if (expected <= 0 || allowed <= 0) allowed = 0;
  const status: PodDisruptionBudgetStatus = {
    currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, disruptionsAllowed: allowed,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    observedGeneration: generation,
    conditions: setCondition([...(pdb.status?.conditions ?? [])], allowed > 0
      ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: generation }
      : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: generation }, now),
  };
  if (!statusEqual(pdb.status, status)) plan.status = status;
  if (recheck !== undefined) plan.requeueAfterMs = Math.max(0, recheck - now);
  return plan;
}
