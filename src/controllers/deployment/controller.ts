// The Deployment controller: owns ReplicaSets per pod template, rolls out (RollingUpdate / Recreate), keeps revision
// history and writes status and conditions. All decisions come from syncDeployment (actions.ts).
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/types.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { done, forMapped, forObject, forOwner, requeueAfter, controllerRef, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { syncDeployment } from './actions.js';

export interface DeploymentControllerOptions {
  client: Client;
  deployments: Informer<Deployment>;
  replicaSets: Informer<ReplicaSet>;
  pods: Informer<Pod>;
  clock?: Clock;
}

export class DeploymentController implements Reconciler {
  readonly name = 'deployment';
  private readonly clock: Clock;
  constructor(private readonly o: DeploymentControllerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  watches(): WatchSpec[] {
    return [
      forObject(this.o.deployments),
      forOwner(this.o.replicaSets, 'Deployment', 'apps'),
      // Recreate waits for old pods to stop: a pod's deletion maps to its RS's deployment
      forMapped(this.o.pods, (p) => {
        const ref = controllerRef(p);
        if (!ref || ref.kind !== 'ReplicaSet') return [];
        const rs = this.o.replicaSets.get(p.metadata?.namespace ?? '', ref.name);
        const dref = rs && controllerRef(rs as unknown as KObject);
        return dref && dref.kind === 'Deployment' ? [{ namespace: p.metadata?.namespace ?? '', name: dref.name }] : [];
      }),
    ];
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const d = this.o.deployments.get(key);
    if (!d) return done();
    const rsList = this.o.replicaSets.list(key.namespace);
    const pods = d.spec?.strategy?.type === 'Recreate' ? this.o.pods.list(key.namespace) : [];
    const plan = syncDeployment(d, rsList, pods, this.clock.now());
    const rsc = this.o.client.resource(resources.replicaSets);
    const uid = d.metadata!.uid!;
    for (const rs of plan.adopt) {
      await rsc.patch(key.namespace, rs.metadata!.name!, 'merge', { metadata: { uid: rs.metadata?.uid, ownerReferences: [...(rs.metadata?.ownerReferences ?? []), { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata!.name!, uid, controller: true, blockOwnerDeletion: true }] } }).catch(ignore404);
    }
    for (const rs of plan.release) {
      await rsc.patch(key.namespace, rs.metadata!.name!, 'merge', { metadata: { uid: rs.metadata?.uid, ownerReferences: (rs.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid) } }).catch(ignore404);
    }
    if (plan.create) {
      try {
        await rsc.create(key.namespace, plan.create);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 409)) throw e;
        const existing = await rsc.get(key.namespace, plan.create.metadata!.name!);
        if (controllerRef(existing as unknown as KObject)?.uid !== uid) {
          // hash collision with a foreign RS: bump collisionCount so the next hash differs (as Kubernetes does)
          const count = (d.status?.collisionCount ?? 0) + 1;
          await this.o.client.resource(resources.deployments).updateStatus(key.namespace, { ...d, status: { ...(d.status ?? {}), collisionCount: count } } as Deployment);
          return requeueAfter(0);
        }
      }
    }
    for (const rs of plan.update) await rsc.update(key.namespace, rs);
    for (const rs of plan.delete) await rsc.delete(key.namespace, rs.metadata!.name!, { preconditions: { uid: rs.metadata?.uid } }).catch(ignore404);
    for (const ev of plan.events) ctx.recorder?.event(d as unknown as KObject, ev.type, ev.reason, ev.message);
    const dc = this.o.client.resource(resources.deployments);
    let current = d;
    try {
      if (plan.annotations) {
        current = await dc.patch(key.namespace, d.metadata!.name!, 'merge', { metadata: { annotations: plan.annotations, resourceVersion: d.metadata?.resourceVersion } });
      }
      if (plan.status) {
        await dc.updateStatus(key.namespace, { ...current, status: plan.status } as Deployment);
      }
    } catch (e) {
      // our cache was behind: the newer object's event re-queues this key, so there is nothing to retry here
      if (e instanceof ApiError && (e.code === 409 || e.code === 404)) return done();
      throw e;
    }
    return plan.requeueAfterMs !== undefined ? requeueAfter(plan.requeueAfterMs) : done();
  }
}

function ignore404(e: unknown): undefined {
  if (e instanceof ApiError && e.code === 404) return undefined;
  throw e;
}
