// Rollout steps of the deployment controller: rolling update, recreate, proportional scaling, history cleanup.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { controllerOf } from '../replicaset/pod-util.js';
import { newRSNewReplicas } from './newrs.js';
import { allRSs, scaleAndRecord, scaleReplicaSet, type SyncState } from './state.js';
import {
  activeReplicaSets, byCreation, byRevision, bySizeNewer, bySizeOlder, desiredReplicas, desiredReplicasAnnotation,
  hasRevisionHistoryLimit, isRollingUpdate, maxReplicasAnnotation, maxSurge, maxUnavailable, replicasOf, sumAvailable,
  sumSpec, sumStatus, type MReplicaSet,
} from './util.js';

/** reconcileNewReplicaSet: scale the new RS toward replicas, never above replicas + maxSurge in total. */
export function reconcileNewReplicaSet(st: SyncState): boolean {
  const d = st.d as Deployment, newRS = st.newRS!;
  const desired = desiredReplicas(d);
  if (replicasOf(newRS) === desired) return false;
  if (replicasOf(newRS) > desired) return scaleAndRecord(st, newRS, desired);
  return scaleAndRecord(st, newRS, newRSNewReplicas(d, allRSs(st), newRS));
}

/** cleanupUnhealthyReplicas: scale old RSs down by their unavailable replicas first, oldest first. */
function cleanupUnhealthyReplicas(st: SyncState, oldRSs: MReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const size = replicasOf(rs), avail = rs.status?.availableReplicas ?? 0;
    if (size === 0 || size === avail) continue;
    const n = Math.min(maxCleanup - total, size - avail);
    scaleAndRecord(st, rs, size - n);
    total += n;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: scale old RSs down while available pods stay above minAvailable. */
function scaleDownOldForRolling(st: SyncState, oldRSs: MReplicaSet[]): number {
  const d = st.d as Deployment;
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const available = sumAvailable(allRSs(st));
  if (available <= minAvailable) return 0;
  const want = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= want) break;
    if (replicasOf(rs) === 0) continue;
    const n = Math.min(replicasOf(rs), want - total);
    scaleAndRecord(st, rs, replicasOf(rs) - n);
    total += n;
  }
  return total;
}

/** reconcileOldReplicaSets: how far old RSs may shrink without dropping below replicas - maxUnavailable. */
export function reconcileOldReplicaSets(st: SyncState): boolean {
  const d = st.d as Deployment, newRS = st.newRS!;
  const oldActive = activeReplicaSets(st.oldRSs);
  if (sumSpec(oldActive) === 0) return false;
  const allPods = sumSpec(allRSs(st));
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(st, oldActive, maxScaledDown);
  const scaled = scaleDownOldForRolling(st, oldActive);
  return cleaned + scaled > 0;
}

/** oldPodsRunning: any old RS still reports replicas, or an old RS's pod is not in a terminal phase. */
export function oldPodsRunning(st: SyncState, pods: readonly Pod[]): boolean {
  if (sumStatus(st.oldRSs) > 0) return true;
  const oldUids = new Set(st.oldRSs.map((rs) => rs.metadata?.uid).filter(Boolean));
  return pods.some((p) => {
    const ref = controllerOf(p.metadata);
    if (!ref || !oldUids.has(ref.uid) || ref.uid === st.newRS?.metadata?.uid) return false;
    const phase = p.status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  });
}

/** scaleDownOldReplicaSetsForRecreate. */
export function scaleDownOldForRecreate(st: SyncState): boolean {
  let scaled = false;
  for (const rs of activeReplicaSets(st.oldRSs)) if (scaleAndRecord(st, rs, 0)) scaled = true;
  return scaled;
}

/** FindActiveOrLatest: the only active RS, or the newest when none is active; undefined when several are active. */
function findActiveOrLatest(st: SyncState): MReplicaSet | undefined {
  if (!st.newRS && st.oldRSs.length === 0) return undefined;
  const oldNewestFirst = [...st.oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...oldNewestFirst, st.newRS]);
  if (active.length === 0) return st.newRS ?? oldNewestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** IsSaturated: the RS has exactly the desired replicas, all available, and its desired annotation agrees. */
function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const n = desiredReplicas(d);
  return desiredReplicasAnnotation(rs) === n && replicasOf(rs) === n && (rs.status?.availableReplicas ?? 0) === n;
}

/** getReplicaSetFraction: the RS's share of the change in replicas + maxSurge, from its max-replicas annotation. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (desiredReplicas(d) === 0) return -replicasOf(rs);
  const maxNow = desiredReplicas(d) + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (before === undefined || before === 0) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  return Math.round((replicasOf(rs) * maxNow) / before) - replicasOf(rs);
}

function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * scale(): follow a change of spec.replicas. One active RS takes the whole count; a saturated new RS zeroes the old
 * ones; otherwise, during a rolling update, the difference to replicas + maxSurge is shared proportionally
 * (largest first; leftovers go to the first).
 */
export function scaleDeployment(st: SyncState): void {
  const d = st.d as Deployment;
  const target = findActiveOrLatest(st);
  if (target) {
    if (replicasOf(target) !== desiredReplicas(d)) scaleAndRecord(st, target, desiredReplicas(d));
    return;
  }
  if (isSaturated(d, st.newRS)) {
    for (const rs of activeReplicaSets(st.oldRSs)) scaleAndRecord(st, rs, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const active = activeReplicaSets(allRSs(st));
  const allowed = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(active);
  let op: 'up' | 'down' | '' = '';
  if (toAdd > 0) { active.sort(bySizeNewer); op = 'up'; } else if (toAdd < 0) { active.sort(bySizeOlder); op = 'down'; }
  let added = 0;
  const sizes = new Map<MReplicaSet, number>();
  for (const rs of active) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs, replicasOf(rs) + p);
      added += p;
    } else sizes.set(rs, replicasOf(rs));
  }
  active.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) sizes.set(rs, Math.max(0, sizes.get(rs)! + toAdd - added));
    scaleReplicaSet(st, rs, sizes.get(rs)!, op);
  });
}

/** isScalingEvent: an active RS's desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(st: SyncState): boolean {
  const n = desiredReplicas(st.d as Deployment);
  return activeReplicaSets(allRSs(st)).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== n;
  });
}

/**
 * cleanupDeployment: delete the oldest old RSs beyond revisionHistoryLimit, but only those fully scaled to zero,
 * observed by their controller and not already being deleted.
 */
export function cleanupOldReplicaSets(st: SyncState): void {
  const d = st.d as Deployment;
  if (!hasRevisionHistoryLimit(d)) return;
  const alive = st.oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = alive.length - d.spec!.revisionHistoryLimit!;
  if (diff <= 0) return;
  const sorted = [...alive].sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = sorted[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
    if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    st.deletes.push(rs as ReplicaSet);
  }
}
