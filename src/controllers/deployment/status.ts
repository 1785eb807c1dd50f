// Deployment status: counts from the replica sets, Available/Progressing/ReplicaFailure conditions, requeue time.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { timeMs } from '../replicaset/pod-util.js';
import {
  deploymentComplete, deploymentProgressing, deploymentTimedOut, desiredReplicas, getCondition, hasProgressDeadline,
  maxUnavailable, newCondition, Reasons, removeCondition, setCondition, sumAvailable, sumReady, sumSpec, sumStatus,
  type MStatus,
} from './util.js';

/**
 * calculateStatus: replicas/updated/ready/available from the replica sets' status, unavailable from their spec,
 * the stored conditions plus Available (MinimumReplicasAvailable when available >= replicas - maxUnavailable).
 */
export function calculateStatus(d: Deployment, all: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = sumAvailable(all);
  const unavailable = Math.max(0, sumSpec(all) - available);
  const status: MStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: sumStatus(all),
    updatedReplicas: sumStatus([newRS]),
    readyReplicas: sumReady(all),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    conditions: [...(d.status?.conditions ?? [])].map((c) => ({ ...c })),
  };
  const t = rfc3339(now);
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', t));
  } else {
    setCondition(status, newCondition('Available', 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', t));
  }
  return status;
}

/** getReplicaFailures: ReplicaFailure conditions of the new RS, else of any RS, as deployment conditions. */
function replicaFailure(all: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const conv = (rs: ReplicaSet | undefined): DeploymentCondition | undefined => {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    return c && { type: 'ReplicaFailure', status: c.status, reason: c.reason, message: c.message, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime };
  };
  return conv(newRS) ?? all.map(conv).find((c) => c !== undefined);
}

/**
 * syncRolloutStatus: calculateStatus plus the Progressing condition (NewReplicaSetAvailable, ReplicaSetUpdated with
 * lastTransitionTime kept, ProgressDeadlineExceeded) and ReplicaFailure. `d` carries the in-sync status.
 */
export function rolloutStatus(d: Deployment, all: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const status = calculateStatus(d, all, newRS, now) as MStatus;
  const t = rfc3339(now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && cur?.reason === Reasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const rsName = newRS?.metadata?.name;
    const name = d.metadata?.name;
    if (deploymentComplete(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', Reasons.NewReplicaSetAvailable, msg, t));
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${name}" is progressing.`;
      const cond = newCondition('Progressing', 'True', Reasons.ReplicaSetUpdated, msg, t);
      if (cur) {
        if (cur.status === 'True') cond.lastTransitionTime = cur.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', Reasons.ProgressDeadlineExceeded, msg, t));
    }
  }
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

/**
 * requeueStuckDeployment: when a rollout with a deadline is neither complete nor timed out, when to look again
 * (Progressing.lastUpdateTime + progressDeadlineSeconds - now, plus a second; 1 s when that is already past).
 */
export function stuckRequeueAfter(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const cond = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, status) || cond.reason === Reasons.ProgressDeadlineExceeded) return undefined;
  const after = (timeMs(cond.lastUpdateTime) ?? now) + d.spec!.progressDeadlineSeconds! * 1000 - now;
  return after < 1000 ? 1000 : after + 1000;
}

function canonical(v: unknown): unknown {
  if (v === null || v === undefined || v === 0 || v === '') return undefined;
  if (Array.isArray(v)) return v.length ? v.map(canonical) : undefined;
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) o[k] = c;
    }
    return Object.keys(o).length ? o : undefined;
  }
  return v;
}

/** Semantic equality of two statuses (zero values equal unset, as in Go). */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b ?? {}));
}
