// The pod garbage collector: one global key, a pass at most every gcCheckPeriodMs (kube runs it every 20 s):
// terminated pods beyond the threshold, pods of nodes gone for the quarantine (confirmed with a live GET),
// unscheduled terminating pods and terminating pods on out-of-service nodes are failed and force-deleted.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { rfc3339, systemClock, type Clock } from '../../machinery/clock.js';
import { forMapped, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { computePodGC, type PodGCDeletion } from './actions.js';

export interface PodGCControllerOptions {
  client: Client;
  pods: Informer<Pod>;
  nodes: Informer<Node>;
  /** @default 12500 */
  terminatedPodThreshold?: number;
  /** @default 40000 */
  quarantineMs?: number;
  /** Minimum time between passes. @default 20000 */
  gcCheckPeriodMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

const KEY: ObjectKey = { namespace: '', name: 'podgc' };

export class PodGCController implements Reconciler {
  readonly name = 'podgc';
  private readonly clock: Clock;
  private readonly missingSince = new Map<string, number>();
  private lastPass?: number;

  constructor(private readonly o: PodGCControllerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  watches(): WatchSpec[] {
    return [forMapped(this.o.pods, () => [KEY]), forMapped(this.o.nodes, () => [KEY])];
  }

  async reconcile(_key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const period = this.o.gcCheckPeriodMs ?? 20_000;
    const now = this.clock.now();
    if (this.lastPass !== undefined && now - this.lastPass < period) return requeueAfter(this.lastPass + period - now);
    this.lastPass = now;
    const nodes = this.o.nodes.list();
    for (const n of nodes) this.missingSince.delete(n.metadata?.name ?? '');
    const plan = computePodGC(this.o.pods.list(), nodes, now, this.missingSince, { terminatedPodThreshold: this.o.terminatedPodThreshold, quarantineMs: this.o.quarantineMs });
    for (const n of plan.newlyMissingNodes) this.missingSince.set(n, now);
    const confirmed = new Map<string, boolean>();
    for (const d of plan.delete) {
      if (d.reason === 'Orphaned' && !(await this.nodeGone(d.pod.spec!.nodeName!, confirmed))) continue;
      ctx.logger.info('Garbage collecting pod', { pod: `${d.pod.metadata?.namespace}/${d.pod.metadata?.name}`, reason: d.reason });
      await this.failAndDelete(d, now);
    }
    const waits = [period, plan.requeueAfterMs].filter((x): x is number => x !== undefined);
    return requeueAfter(Math.min(...waits));
  }

  /** The cache may be behind: a node only counts as gone when the API server says 404. */
  private async nodeGone(name: string, memo: Map<string, boolean>): Promise<boolean> {
    if (!memo.has(name)) {
      try {
        await this.o.client.resource(resources.nodes).get('', name);
        memo.set(name, false);
        this.missingSince.delete(name);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
        memo.set(name, true);
      }
    }
    return memo.get(name)!;
  }

  /** Phase Failed (unless already terminal) with a DisruptionTarget condition, then delete with grace 0. */
  private async failAndDelete({ pod, message }: PodGCDeletion, now: number): Promise<void> {
    const ns = pod.metadata!.namespace!, name = pod.metadata!.name!;
    const pods = this.o.client.resource(resources.pods);
    const phase = pod.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') {
      const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
        { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message, lastTransitionTime: rfc3339(now) }];
      await pods.patch(ns, name, 'merge', { metadata: { uid: pod.metadata?.uid }, status: { phase: 'Failed', conditions } }, { subresource: 'status' }).catch(ignore(404, 409));
    }
    await pods.delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } }).catch(ignore(404, 409));
  }
}

function ignore(...codes: number[]): (e: unknown) => undefined {
  return (e) => {
    if (e instanceof ApiError && codes.includes(e.code)) return undefined;
    throw e;
  };
}
