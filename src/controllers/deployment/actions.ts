// Deployment controller decisions (pkg/controller/deployment) as one pure function: syncDeployment → DeploymentPlan.
//
//   claim RSs → deleted? status only → paused conditions → paused or scaling event: scale() (+cleanup when paused)
//            → RollingUpdate: new RS scale-up, else old RS scale-down, cleanup when complete
//            → Recreate: old to 0, wait for old pods, create/scale new, cleanup when complete
//   → status (+ Progressing/Available conditions) → plan
import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors/index.js';
import { claimObjects } from '../replicaset/claim.js';
import { ensureNewReplicaSet, prepareReplicaSets } from './newrs.js';
import {
  cleanupOldReplicaSets, isScalingEvent, oldPodsRunning, reconcileNewReplicaSet, reconcileOldReplicaSets,
  scaleDeployment, scaleDownOldForRecreate,
} from './rollout.js';
import { allRSs, ensureStatus, scaleAndRecord, newState, type DeploymentEvent, type SyncState } from './state.js';
import { calculateStatus, rolloutStatus, statusEqual, stuckRequeueAfter } from './status.js';
import {
  deploymentComplete, desiredReplicas, getCondition, hasProgressDeadline, newCondition, Reasons, setCondition,
  type MDeployment,
} from './util.js';
import { jsonClone } from '../../machinery/jsonclone.js';

export { podTemplateHash, equalIgnoreHash, normalizeTemplate, POD_TEMPLATE_HASH_LABEL } from './hash.js';
export { findNewReplicaSet, newRSNewReplicas } from './newrs.js';
export { calculateStatus, rolloutStatus, stuckRequeueAfter, statusEqual } from './status.js';
export { scaledValue } from './intorstr.js';
export {
  resolveFenceposts, maxSurge, maxUnavailable, setNewReplicaSetAnnotations, deploymentComplete, Reasons,
  REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, CHANGE_CAUSE_ANNOTATION,
} from './util.js';
export type { DeploymentEvent } from './state.js';

export interface DeploymentPlan {
  /** Orphan RSs matching the selector: add the controller ownerReference. */
  adopt: ReplicaSet[];
  /** Owned RSs that no longer match: remove the ownerReference with the deployment's uid. */
  release: ReplicaSet[];
  /** The new RS to create (full object, name `<deployment>-<hash>`). */
  create?: ReplicaSet;
  /** Existing RSs with a new spec.replicas / annotations / minReadySeconds (full objects; PUT them). */
  update: ReplicaSet[];
  /** Old RSs beyond revisionHistoryLimit to delete. */
  delete: ReplicaSet[];
  /** New metadata.annotations for the deployment when its revision annotation changed. */
  annotations?: Record<string, string>;
  /** The status to write to deployments/status, when it differs from the stored one. */
  status?: DeploymentStatus;
  events: DeploymentEvent[];
  /** Sync again after this long (progress deadline check). */
  requeueAfterMs?: number;
}

/** The deployment's replica sets: claim (adopt/release) over every RS in its namespace. */
export function claimReplicaSets(d: Deployment, namespaceRSs: readonly ReplicaSet[]) {
  let sel: ReturnType<typeof labelSelectorFromObject> | undefined;
  try { sel = labelSelectorFromObject(d.spec?.selector); } catch { sel = undefined; }
  return claimObjects(d, namespaceRSs, (rs) => !!sel && matchesLabels(sel, rs.metadata?.labels));
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed (never over a timeout). */
function checkPausedConditions(st: SyncState): void {
  const d = st.d as Deployment;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reasons.ProgressDeadlineExceeded) return;
  const pausedCond = cond?.reason === Reasons.DeploymentPaused;
  if (d.spec?.paused && !pausedCond) {
    setCondition(ensureStatus(st), newCondition('Progressing', 'Unknown', Reasons.DeploymentPaused, 'Deployment is paused', st.nowTime));
  } else if (!d.spec?.paused && pausedCond) {
    setCondition(ensureStatus(st), newCondition('Progressing', 'Unknown', Reasons.DeploymentResumed, 'Deployment is resumed', st.nowTime));
  }
}

function isSelectingAll(d: Deployment): boolean {
  const s = d.spec?.selector;
  return !!s && Object.keys(s.matchLabels ?? {}).length === 0 && !s.matchExpressions?.length;
}

type Mode = 'statusOnly' | 'sync' | 'rolling' | 'recreate';

function run(st: SyncState, mode: Mode, namespaceRSs: readonly ReplicaSet[], pods: readonly Pod[]): 'rollout' | 'plain' {
  const d = st.d as Deployment;
  if (mode === 'statusOnly') return 'plain';
  if (mode === 'sync') {
    scaleDeployment(st);
    if (d.spec?.paused) cleanupOldReplicaSets(st);
    return 'plain';
  }
  if (mode === 'rolling') {
    ensureNewReplicaSet(st, namespaceRSs);
    if (st.stop) return 'plain';
    if (reconcileNewReplicaSet(st)) return 'rollout';
    if (reconcileOldReplicaSets(st)) return 'rollout';
    if (deploymentComplete(d, d.status ?? {})) cleanupOldReplicaSets(st);
    return 'rollout';
  }
  if (scaleDownOldForRecreate(st)) return 'rollout';
  if (oldPodsRunning(st, pods)) return 'rollout';
  if (!st.newRS) {
    ensureNewReplicaSet(st, namespaceRSs);
    if (st.stop) return 'plain';
  }
  scaleAndRecord(st, st.newRS!, desiredReplicas(d));
  if (deploymentComplete(d, d.status ?? {})) cleanupOldReplicaSets(st);
  return 'rollout';
}

/**
 * syncDeployment: everything the deployment controller decides in one sync. `namespaceRSs` are all replica sets in
 * the deployment's namespace; `pods` the pods there (only Recreate looks at them, to wait for old pods to stop).
 */
export function syncDeployment(deployment: Deployment, namespaceRSs: readonly ReplicaSet[], pods: readonly Pod[], now: number): DeploymentPlan {
  const st = newState(jsonClone(deployment) as MDeployment, now);
  const plan: DeploymentPlan = { adopt: [], release: [], update: [], delete: [], events: [] };
  const d = st.d as Deployment;
  if (isSelectingAll(deployment)) {
    plan.events.push({ type: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.' });
    if ((deployment.status?.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) {
      plan.status = { ...(deployment.status ?? {}), observedGeneration: deployment.metadata?.generation };
    }
    return plan;
  }
  const claim = claimReplicaSets(deployment, namespaceRSs);
  plan.adopt = claim.adopt;
  plan.release = claim.release;
  prepareReplicaSets(st, claim.owned);

  let mode: Mode;
  if (deployment.metadata?.deletionTimestamp) mode = 'statusOnly';
  else {
    checkPausedConditions(st);
    if (d.spec?.paused || isScalingEvent(st)) mode = 'sync';
    else mode = d.spec?.strategy?.type === 'Recreate' ? 'recreate' : 'rolling';
  }
  const kind = run(st, mode, namespaceRSs, pods);

  let status: DeploymentStatus;
  if (st.stop) status = st.d.status ?? {};
  else if (kind === 'rollout') status = rolloutStatus(d, allRSs(st), st.newRS, now);
  else status = calculateStatus(d, allRSs(st), st.newRS, now);

  const deleted = new Set(st.deletes);
  plan.create = st.create as ReplicaSet | undefined;
  plan.update = [...st.dirty].filter((rs) => !deleted.has(rs)) as ReplicaSet[];
  plan.delete = st.deletes;
  plan.events.push(...st.events);
  const annotations = st.d.metadata?.annotations ?? {};
  if (JSON.stringify(annotations) !== JSON.stringify(deployment.metadata?.annotations ?? {})) plan.annotations = { ...annotations };
  if (!statusEqual(status, deployment.status)) plan.status = status;
  if (!st.stop && kind === 'rollout') {
    const after = stuckRequeueAfter(d, status, now);
    if (after !== undefined) plan.requeueAfterMs = after;
  }
  return plan;
}
