// The working state of one deployment sync: clones that the decision steps mutate, and what changed.
import type { DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import {
  desiredReplicas, maxSurge, replicasAnnotationsNeedUpdate, replicasOf, setReplicasAnnotations,
  type MDeployment, type MReplicaSet,
} from './util.js';

export interface DeploymentEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

export interface SyncState {
  /** Working copy of the deployment: status and annotations are mutated as kube mutates its in-memory copy. */
  d: MDeployment;
  now: number;
  nowTime: string;
  newRS?: MReplicaSet;
  /** All old replica sets (including those at zero), oldest first. */
  oldRSs: MReplicaSet[];
  /** The replica set to create, when there is no new one yet. */
  create?: MReplicaSet;
  /** Existing replica sets with changed spec/annotations. */
  dirty: Set<MReplicaSet>;
  deletes: ReplicaSet[];
  events: DeploymentEvent[];
  /** Set when a status write must happen before anything else (hash collision). */
  stop?: boolean;
}

export function newState(d: MDeployment, now: number): SyncState {
  return { d, now, nowTime: rfc3339(now), oldRSs: [], dirty: new Set(), deletes: [], events: [] };
}

export function markChanged(st: SyncState, rs: MReplicaSet): void {
  if (rs !== st.create) st.dirty.add(rs);
}

export function allRSs(st: SyncState): MReplicaSet[] {
  return st.newRS ? [...st.oldRSs, st.newRS] : [...st.oldRSs];
}

export function ensureStatus(st: SyncState): DeploymentStatus {
  return (st.d.status ??= {});
}

/** scaleReplicaSet: set the size and the desired/max annotations; a size change records a ScalingReplicaSet event. */
export function scaleReplicaSet(st: SyncState, rs: MReplicaSet, newScale: number, op: 'up' | 'down' | ''): boolean {
  const d = st.d;
  const desired = desiredReplicas(d), max = desired + maxSurge(d);
  const sizeChange = replicasOf(rs) !== newScale;
  if (!sizeChange && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  const old = replicasOf(rs);
  rs.spec ??= { selector: {} };
  rs.spec.replicas = newScale;
  setReplicasAnnotations(rs, desired, max);
  markChanged(st, rs);
  if (sizeChange) {
    st.events.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${op} replica set ${rs.metadata?.name} from ${old} to ${newScale}` });
  }
  return sizeChange;
}

/** scaleReplicaSetAndRecordEvent: no-op when already at size. */
export function scaleAndRecord(st: SyncState, rs: MReplicaSet, newScale: number): boolean {
  if (replicasOf(rs) === newScale) return false;
  return scaleReplicaSet(st, rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
}
