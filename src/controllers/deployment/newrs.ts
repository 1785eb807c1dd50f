// Finding or creating the deployment's new ReplicaSet and keeping revisions in step (getAllReplicaSetsAndSyncRevision).
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { controllerOf, newControllerRef } from '../replicaset/pod-util.js';
import { equalIgnoreHash, podTemplateHash, POD_TEMPLATE_HASH_LABEL } from './hash.js';
import { ensureStatus, markChanged, type SyncState } from './state.js';
import {
  byCreation, desiredReplicas, getCondition, hasProgressDeadline, isRollingUpdate, maxRevision, maxSurge, newCondition,
  Reasons, REVISION_ANNOTATION, setCondition, setNewReplicaSetAnnotations, sumSpec, type MReplicaSet,
} from './util.js';
import { jsonClone } from '../../machinery/jsonclone.js';

/** FindNewReplicaSet: the oldest replica set whose template equals the deployment's, ignoring pod-template-hash. */
export function findNewReplicaSet<T extends ReplicaSet>(d: Deployment, rss: readonly T[]): T | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** NewRSNewReplicas: the new RS's target size, bounded by replicas + maxSurge for rolling updates. */
export function newRSNewReplicas(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d)) return desired;
  const current = sumSpec(all);
  const maxTotal = desired + maxSurge(d);
  const cur = newRS.spec?.replicas ?? 0;
  if (current >= maxTotal) return cur;
  return cur + Math.min(maxTotal - current, desired - cur);
}

function setDeploymentRevision(st: SyncState, revision: string): void {
  st.d.metadata ??= {};
  const a = (st.d.metadata.annotations ??= {});
  if (a[REVISION_ANNOTATION] !== revision) a[REVISION_ANNOTATION] = revision;
}

function withHash(sel: LabelSelector | undefined, hash: string): LabelSelector {
  return { ...(sel ?? {}), matchLabels: { ...(sel?.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
}

/**
 * Split the owned replica sets into new and old, and sync the existing new RS's annotations (revision max+1 when it
 * is re-used, e.g. by `rollout undo`), minReadySeconds and the deployment's revision annotation.
 */
export function prepareReplicaSets(st: SyncState, owned: readonly ReplicaSet[]): void {
  const clones = owned.map((rs) => jsonClone(rs) as MReplicaSet).sort(byCreation);
  const newRS = findNewReplicaSet(st.d as Deployment, clones);
  st.oldRSs = clones.filter((rs) => rs !== newRS);
  st.newRS = newRS;
  if (!newRS) return;
  const newRevision = maxRevision(st.oldRSs) + 1;
  const changed = setNewReplicaSetAnnotations(st.d as Deployment, newRS, newRevision, true);
  const minReady = st.d.spec?.minReadySeconds ?? 0;
  if (changed || (newRS.spec?.minReadySeconds ?? 0) !== minReady) {
    newRS.spec!.minReadySeconds = minReady;
    markChanged(st, newRS);
  }
  setDeploymentRevision(st, newRS.metadata?.annotations?.[REVISION_ANNOTATION] ?? String(newRevision));
  if (hasProgressDeadline(st.d as Deployment) && !getCondition(st.d.status, 'Progressing')) {
    setCondition(ensureStatus(st), newCondition('Progressing', 'True', Reasons.FoundNewReplicaSet, `Found new replica set "${newRS.metadata?.name}"`, st.nowTime));
  }
}

/**
 * Create the new replica set `<deployment>-<hash>` when none matches the template. `namespaceRSs` are all replica
 * sets in the namespace: a name already taken by a different template bumps status.collisionCount and stops the
 * sync (the status write re-triggers it with a new hash).
 */
export function ensureNewReplicaSet(st: SyncState, namespaceRSs: readonly ReplicaSet[]): void {
  if (st.newRS) return;
  const d = st.d as Deployment;
  const collisionCount = d.status?.collisionCount;
  const hash = podTemplateHash(d.spec?.template, collisionCount);
  const name = `${d.metadata?.name}-${hash}`;
  const taken = namespaceRSs.find((rs) => rs.metadata?.name === name);
  if (taken) {
    const ref = controllerOf(taken.metadata);
    if (ref?.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, taken.spec?.template)) {
      st.newRS = jsonClone(taken) as MReplicaSet;
      return;
    }
    ensureStatus(st).collisionCount = (collisionCount ?? 0) + 1;
    st.stop = true;
    return;
  }
  const template = jsonClone(d.spec?.template ?? {}) as NonNullable<MReplicaSet['spec']>['template'] & object;
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const rs: MReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata?.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...template.metadata.labels },
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec?.minReadySeconds ?? 0,
      selector: withHash(d.spec?.selector, hash),
      template,
    },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...st.oldRSs, rs], rs);
  const newRevision = maxRevision(st.oldRSs) + 1;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  st.create = rs;
  st.newRS = rs;
  if (rs.spec!.replicas! > 0) {
    st.events.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${name} from 0 to ${rs.spec!.replicas}` });
  }
  setDeploymentRevision(st, String(newRevision));
  if (hasProgressDeadline(d)) {
    setCondition(ensureStatus(st), newCondition('Progressing', 'True', Reasons.NewReplicaSetCreated, `Created new replica set "${name}"`, st.nowTime));
  }
}
