// The ReplicaSet controller: keeps spec.replicas pods (adopting orphans, releasing strays), writes status.
// Decisions are in actions.ts; this file only reads caches and writes through the client.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod as CorePod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/types.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { done, forObject, forOwner, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { calculateReplicaSetStatus, computeReplicaActions, replicaSetStatusChanged } from './actions.js';
import { jsonClone } from '../../machinery/jsonclone.js';

type P = CorePod;

export interface ReplicaSetControllerOptions {
  client: Client;
  replicaSets: Informer<ReplicaSet>;
  pods: Informer<P>;
  /** @default systemClock */
  clock?: Clock;
}

export class ReplicaSetController implements Reconciler {
  readonly name = 'replicaset';
  private readonly clock: Clock;
  constructor(private readonly o: ReplicaSetControllerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  watches(): WatchSpec[] {
    return [forObject(this.o.replicaSets), forOwner(this.o.pods, 'ReplicaSet', 'apps')];
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const rs = this.o.replicaSets.get(key);
    if (!rs) { ctx.expectations.delete(key); return done(); }
    const pods = this.o.pods.list(key.namespace);
    const now = this.clock.now();
    const plan = computeReplicaActions(rs, pods, now);
    const podClient = this.o.client.resource(resources.pods);
    const uid = rs.metadata!.uid!;
    let manageError: string | undefined;
    for (const p of plan.adopt) {
      await podClient.patch(key.namespace, p.metadata!.name!, 'merge', {
        metadata: { ownerReferences: [...(p.metadata?.ownerReferences ?? []), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata!.name!, uid, controller: true, blockOwnerDeletion: true }], uid: p.metadata?.uid },
      }).catch(ignoreGone);
    }
    for (const p of plan.release) {
      await podClient.patch(key.namespace, p.metadata!.name!, 'merge', {
        metadata: { ownerReferences: (p.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid), uid: p.metadata?.uid },
      }).catch(ignoreGone);
    }
    if (ctx.expectations.satisfied(key)) {
      if (plan.create > 0 && plan.template) {
        ctx.expectations.expectCreations(key, plan.create);
        let left = plan.create;
        for (const batch of plan.createBatches) {
          const results = await Promise.allSettled(Array.from({ length: batch }, () => podClient.create(key.namespace, jsonClone(plan.template!) as P)));
          const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
          left -= batch;
          for (let i = 0; i < failed.length; i++) ctx.expectations.creationObserved(key);
          if (failed.length) {
            manageError = (failed[0].reason as Error).message;
            ctx.recorder?.event(rs as unknown as KObject, 'Warning', 'FailedCreate', `Error creating: ${manageError}`);
            for (let i = 0; i < left; i++) ctx.expectations.creationObserved(key);
            break;
          }
        }
        if (!manageError) ctx.recorder?.event(rs as unknown as KObject, 'Normal', 'SuccessfulCreate', `Created ${plan.create} pod(s)`);
      } else if (plan.delete.length) {
        ctx.expectations.expectDeletions(key, plan.delete.length);
        const results = await Promise.allSettled(plan.delete.map((p) => podClient.delete(key.namespace, p.metadata!.name!, { preconditions: { uid: p.metadata?.uid } })));
        results.forEach((r, i) => {
          if (r.status === 'rejected') {
            ctx.expectations.deletionObserved(key);
            if (!(r.reason instanceof ApiError && r.reason.code === 404)) manageError = (r.reason as Error).message;
          } else {
            ctx.recorder?.event(rs as unknown as KObject, 'Normal', 'SuccessfulDelete', `Deleted pod: ${plan.delete[i].metadata?.name}`);
          }
        });
      }
    }
    const owned = this.o.pods.list(key.namespace).filter((p) => plan.owned.some((q) => q.metadata?.uid === p.metadata?.uid));
    const { status, requeueAfterMs } = calculateReplicaSetStatus(rs, owned, rs.spec?.minReadySeconds ?? 0, now, manageError);
    if (replicaSetStatusChanged(rs, status)) {
      await this.o.client.resource(resources.replicaSets).updateStatus(key.namespace, { ...rs, status } as ReplicaSet).catch(ignoreGone);
    }
    if (manageError) throw new Error(manageError);
    return requeueAfterMs !== undefined ? requeueAfter(requeueAfterMs) : done();
  }
}

function ignoreGone(e: unknown): undefined {
  if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return undefined;
  throw e;
}
