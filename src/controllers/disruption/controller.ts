// The disruption controller: keeps each PodDisruptionBudget's status (expected/desired/current healthy pods,
// disruptionsAllowed, disruptedPods) current as pods, PDBs and the pods' scale owners change. The API server's
// pods/eviction handler reads and decrements status.disruptionsAllowed.
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { KObject } from '../../api/types.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors/index.js';
import { done, forMapped, forObject, objectKey, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { computePdbStatus, scaleFinder } from './actions.js';

export interface DisruptionControllerOptions {
  client: Client;
  podDisruptionBudgets: Informer<PodDisruptionBudget>;
  pods: Informer<Pod>;
  replicaSets: Informer<ReplicaSet>;
  deployments: Informer<Deployment>;
  statefulSets: Informer<StatefulSet>;
  /** Optional: without it, pods owned by ReplicationControllers make percentage/maxUnavailable PDBs fail safe. */
  replicationControllers?: Informer<ReplicationController>;
  /** @default systemClock */
  clock?: Clock;
}

export class DisruptionController implements Reconciler {
  readonly name = 'disruption';
  private readonly clock: Clock;
  constructor(private readonly o: DisruptionControllerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  watches(): WatchSpec[] {
    const pdbs = this.o.podDisruptionBudgets;
    const allInNamespace = (obj: KObject): ObjectKey[] => pdbs.list(obj.metadata?.namespace ?? '').map((p) => objectKey(p as unknown as KObject));
    const selecting = (obj: KObject): ObjectKey[] => pdbs.list(obj.metadata?.namespace ?? '')
      .filter((p) => { try { return matchesLabels(labelSelectorFromObject(p.spec?.selector), obj.metadata?.labels as Record<string, string>); } catch { return false; } })
      .map((p) => objectKey(p as unknown as KObject));
    const owners = [this.o.replicaSets, this.o.deployments, this.o.statefulSets, ...(this.o.replicationControllers ? [this.o.replicationControllers] : [])];
    return [forObject(pdbs), forMapped(this.o.pods, selecting), ...owners.map((i) => forMapped(i, allInNamespace))];
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const pdb = this.o.podDisruptionBudgets.get(key);
    if (!pdb) return done();
    const ns = key.namespace;
    const find = scaleFinder({
      replicaSets: this.o.replicaSets.list(ns), deployments: this.o.deployments.list(ns), statefulSets: this.o.statefulSets.list(ns),
      replicationControllers: this.o.replicationControllers?.list(ns),
    });
    const plan = computePdbStatus(pdb, this.o.pods.list(ns), find, this.clock.now());
    for (const e of plan.events) ctx.recorder?.event(pdb as unknown as KObject, e.type, e.reason, e.message);
    if (plan.status) {
      // resourceVersion from the cache: on a 409 (an eviction's decrement, or our own write not yet seen) the newer
      // PDB reaches the informer and its event reconciles again, so the conflict is not an error.
      await this.o.client.resource(resources.podDisruptionBudgets).updateStatus(ns, { ...pdb, status: plan.status } as PodDisruptionBudget).catch((e: unknown) => {
        if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
      });
    }
    return plan.requeueAfterMs !== undefined ? requeueAfter(plan.requeueAfterMs) : done();
  }
}
