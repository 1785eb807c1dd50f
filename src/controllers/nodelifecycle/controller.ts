// The node lifecycle controller: a node whose kubelet stops heartbeating (node status and kube-node-lease Lease)
// goes Ready=Unknown after the grace period, gets the unreachable/not-ready taints, its pods are marked not ready,
// and pods that do not tolerate the NoExecute taints (or only for tolerationSeconds) are deleted, so that their
// controllers re-create them elsewhere. Keys are node names; timers are requeueAfter.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { KObject } from '../../api/types.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { rfc3339, systemClock, type Clock } from '../../machinery/clock.js';
import { done, forMapped, forObject, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { computeNodeHealth, computeTaintEvictions, podsToMarkNotReady } from './actions.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const NODE_NAME_INDEX = 'spec.nodeName';

export interface NodeLifecycleControllerOptions {
  client: Client;
  nodes: Informer<Node>;
  /** Leases, at least those of the kube-node-lease namespace. */
  leases: Informer<Lease>;
  pods: Informer<Pod>;
  /** @default 40000 */
  nodeMonitorGracePeriodMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

export class NodeLifecycleController implements Reconciler {
  readonly name = 'nodelifecycle';
  private readonly clock: Clock;

  constructor(private readonly o: NodeLifecycleControllerOptions) {
    this.clock = o.clock ?? systemClock;
    try { o.pods.addIndexer(NODE_NAME_INDEX, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : [])); } catch { /* already indexed */ }
  }

  watches(): WatchSpec[] {
    const node = (name: string | undefined): ObjectKey[] => (name ? [{ namespace: '', name }] : []);
    return [
      forObject(this.o.nodes),
      forMapped(this.o.leases, (l) => (l.metadata?.namespace === NODE_LEASE_NAMESPACE ? node(l.metadata?.name) : [])),
      forMapped(this.o.pods, (p) => node((p as Pod).spec?.nodeName)),
    ];
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    let node = this.o.nodes.get(key.name);
    if (!node) return done();
    const now = this.clock.now();
    const lease = this.o.leases.get(NODE_LEASE_NAMESPACE, key.name);
    const health = computeNodeHealth(node, lease, now, { nodeMonitorGracePeriodMs: this.o.nodeMonitorGracePeriodMs });
    const nodes = this.o.client.resource(resources.nodes);
    try {
      if (health.conditions) {
        ctx.logger.info('Node stopped posting status', { node: key.name });
        node = await nodes.updateStatus('', { ...node, status: { ...(node.status ?? {}), conditions: health.conditions } } as Node);
        ctx.recorder?.event(node as unknown as KObject, 'Normal', 'NodeNotReady', `Node ${key.name} status is now: NodeNotReady`);
      }
      if (health.taints) {
        node = await nodes.patch('', key.name, 'merge', { metadata: { resourceVersion: node.metadata?.resourceVersion }, spec: { taints: health.taints.length ? health.taints : null } });
      }
    } catch (e) {
      // 409: the cache is behind (a kubelet heartbeat); the newer node's event reconciles again
      if (e instanceof ApiError && (e.code === 409 || e.code === 404)) return done();
      throw e;
    }
    const pods = this.o.pods.byIndex(NODE_NAME_INDEX, key.name);
    const podClient = this.o.client.resource(resources.pods);
    if (health.ready === 'Unknown') {
      for (const { pod, conditions } of podsToMarkNotReady(key.name, pods, now)) {
        await podClient.patch(pod.metadata!.namespace!, pod.metadata!.name!, 'merge', { metadata: { uid: pod.metadata?.uid, resourceVersion: pod.metadata?.resourceVersion }, status: { conditions } }, { subresource: 'status' }).catch(ignore(404));
      }
    }
    const evictions = computeTaintEvictions(node, pods, now);
    for (const pod of evictions.evict) {
      const ns = pod.metadata!.namespace!, name = pod.metadata!.name!;
      ctx.recorder?.event(pod as unknown as KObject, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`);
      const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
        { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(now) }];
      await podClient.patch(ns, name, 'merge', { metadata: { uid: pod.metadata?.uid }, status: { conditions } }, { subresource: 'status' }).catch(ignore(404, 409));
      await podClient.delete(ns, name, { preconditions: { uid: pod.metadata?.uid } }).catch(ignore(404, 409));
    }
    const waits = [health.requeueAfterMs, evictions.requeueAfterMs].filter((x): x is number => x !== undefined);
    return waits.length ? requeueAfter(Math.min(...waits)) : done();
  }
}

function ignore(...codes: number[]): (e: unknown) => undefined {
  return (e) => {
    if (e instanceof ApiError && codes.includes(e.code)) return undefined;
    throw e;
  };
}
