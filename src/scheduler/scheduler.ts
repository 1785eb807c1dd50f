// The scheduler loop (kube-scheduler scheduleOne), driven by injected events. Informer handlers call
// onPod*/onNode*/onNamespace*/onPdb*; they only update the cache and the queue. scheduleOne() pops one pod, runs
// the cycle on the snapshot, assumes the pod (so the next cycle counts its resources before the bind is
// observed) and hands the write to the Binder asynchronously; a failed bind forgets the pod and retries it with
// backoff. A PostFilter (preemption) plan is committed the same way.
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { systemClock, type Clock } from '../machinery/clock.js';
import { noopLogger, type Logger } from '../machinery/log.js';
import type { Binder } from './binder.js';
import { SchedulerCache, isTerminal } from './cache.js';
import { CycleState } from './framework/cycle-state.js';
import { Framework } from './framework/framework.js';
import type { Handle, PostFilterResult, Profile } from './framework/interfaces.js';
import { podKey } from './framework/pod-info.js';
import { PodScheduler, type ScheduleOutcome } from './framework/schedule.js';
import { Snapshot } from './framework/snapshot.js';
import type { Labels } from './framework/affinity-term.js';
import type { LabelSelector } from '../machinery/selectors/labels.js';
import { DEFAULT_SCHEDULER_NAME, defaultProfile } from './profile.js';
import { DefaultPreemption } from './preemption/default-preemption.js';
import { SchedulingQueue, type QueuedPodInfo } from './queue/scheduling-queue.js';
import * as ev from './queue/events.js';

export interface SchedulerOptions {
  binder: Binder;
  /** @default systemClock */
  clock?: Clock;
  /** Tie-breaking and preemption offsets. @default Math.random */
  random?: () => number;
  /** Pods whose spec.schedulerName is this (or unset, for the default) are ours. @default 'default-scheduler' */
  schedulerName?: string;
  /** 0 or undefined: adaptive (50% - nodes/125, at least 5%, at least 100 nodes). */
  percentageOfNodesToScore?: number;
  /** Selector for PodTopologySpread's system default constraints. @default pod labels of RS/RC/StatefulSet pods */
  defaultSpreadSelector?: (pod: Pod) => LabelSelector | undefined;
  /** Replace the default profile (preemption included) entirely. */
  profile?: (h: Handle) => Profile;
  /** @default noopLogger */
  logger?: Logger;
  /** Backoff bounds. @default 1000 / 10000 */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** What one scheduleOne() did; undefined when the queue had nothing ready. */
export type CycleResult = { pod: Pod; outcome: ScheduleOutcome | { skipped: string }; message?: string };

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly snapshot = new Snapshot();
  readonly framework: Framework;
  private readonly algo: PodScheduler;
  private readonly binder: Binder;
  private readonly log: Logger;
  private readonly pdbs = new Map<string, PodDisruptionBudget>();
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(opts: SchedulerOptions) {
    const clock = opts.clock ?? systemClock;
    const random = opts.random ?? Math.random;
    this.binder = opts.binder;
    this.log = opts.logger ?? noopLogger;
    this.queue = new SchedulingQueue({ clock, initialBackoffMs: opts.initialBackoffMs, maxBackoffMs: opts.maxBackoffMs });
    this.framework = new Framework(opts.profile ?? ((h) => defaultProfile(h, {
      schedulerName: opts.schedulerName,
      percentageOfNodesToScore: opts.percentageOfNodesToScore,
      defaultSpreadSelector: opts.defaultSpreadSelector,
      postFilter: [new DefaultPreemption(h, { pdbs: () => [...this.pdbs.values()], random, now: () => clock.now() })],
    })));
    this.framework.nominator = this.queue.nominator;
    this.algo = new PodScheduler(this.framework, random);
  }

  private responsible(pod: Pod): boolean {
    return (pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === this.framework.schedulerName;
  }

  // ---- informer events: update cache and queue only ----

  onNodeAdd(node: Node): void {
    this.cache.addNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(ev.NODE_ADD);
  }

  onNodeUpdate(oldNode: Node | undefined, newNode: Node): void {
    this.cache.updateNode(newNode);
    if (!oldNode || nodeSchedulingPropertiesChanged(oldNode, newNode)) this.queue.moveAllToActiveOrBackoffQueue(ev.NODE_UPDATE);
  }

  onNodeDelete(node: Node): void {
    this.cache.removeNode(node.metadata?.name ?? '');
    this.queue.moveAllToActiveOrBackoffQueue(ev.NODE_DELETE);
  }

  onPodAdd(pod: Pod): void {
    if (pod.spec?.nodeName) {
      this.queue.delete(pod);
      this.cache.addPod(pod);
      this.queue.moveAllToActiveOrBackoffQueue(ev.ASSIGNED_POD_ADD);
    } else if (this.responsible(pod) && !pod.metadata?.deletionTimestamp) {
      this.queue.add(pod);
    }
  }

  onPodUpdate(oldPod: Pod | undefined, newPod: Pod): void {
    if (newPod.spec?.nodeName) {
      if (!oldPod?.spec?.nodeName) this.queue.delete(newPod);
      this.cache.updatePod(newPod);
      this.queue.moveAllToActiveOrBackoffQueue(isTerminal(newPod) ? ev.ASSIGNED_POD_DELETE : ev.ASSIGNED_POD_UPDATE);
      return;
    }
    if (!this.responsible(newPod) || this.cache.isAssumed(newPod)) return;
    if (newPod.metadata?.deletionTimestamp) { this.queue.delete(newPod); return; }
    this.queue.update(oldPod ?? newPod, newPod);
  }

  onPodDelete(pod: Pod): void {
    const wasPlaced = this.cache.nodeOf(pod) !== undefined;
    this.queue.delete(pod);
    this.cache.removePod(pod);
    if (wasPlaced || pod.spec?.nodeName) this.queue.moveAllToActiveOrBackoffQueue(ev.ASSIGNED_POD_DELETE);
  }

  onNamespaceAdd(ns: Namespace): void {
    this.cache.namespaces.set(ns.metadata?.name ?? '', (ns.metadata?.labels ?? {}) as Labels);
  }

  onNamespaceUpdate(_old: Namespace | undefined, ns: Namespace): void {
    this.onNamespaceAdd(ns);
  }

  onNamespaceDelete(ns: Namespace): void {
    this.cache.namespaces.delete(ns.metadata?.name ?? '');
  }

  onPdbAdd(pdb: PodDisruptionBudget): void {
    this.pdbs.set(`${pdb.metadata?.namespace}/${pdb.metadata?.name}`, pdb);
  }

  onPdbUpdate(_old: PodDisruptionBudget | undefined, pdb: PodDisruptionBudget): void {
    this.onPdbAdd(pdb);
  }

  onPdbDelete(pdb: PodDisruptionBudget): void {
    this.pdbs.delete(`${pdb.metadata?.namespace}/${pdb.metadata?.name}`);
  }

  // ---- the loop ----

  /** One scheduling cycle for the next ready pod. Synchronous; the bind and other writes continue in the background. */
  scheduleOne(): CycleResult | undefined {
    const qpi = this.queue.pop();
    if (!qpi) return undefined;
    const pod = qpi.pod;
    if (pod.metadata?.deletionTimestamp) { this.queue.done(qpi.key); return { pod, outcome: { skipped: 'pod is being deleted' } }; }
    if (this.cache.isAssumed(pod)) { this.queue.done(qpi.key); return { pod, outcome: { skipped: 'pod is assumed' } }; }
    const cycle = this.queue.schedulingCycle;
    this.cache.updateSnapshot(this.snapshot);
    const state = new CycleState();
    const outcome = this.algo.schedulePod(state, pod, this.snapshot);

    if ('fitError' in outcome) {
      const d = outcome.fitError.diagnosis;
      let nominate: string | undefined;
      const pf = this.algo.postFilter(state, pod, outcome.fitError);
      if (pf.error) this.log.error('PostFilter failed', { pod: podName(pod), err: pf.error });
      if (pf.plan) nominate = this.commitPreemption(pod, pf.plan);
      qpi.unschedulablePlugins = d.unschedulablePlugins;
      const message = outcome.fitError.message();
      this.fail(qpi, cycle, message, 'Unschedulable', true, nominate);
      return { pod, outcome, message };
    }
    if ('error' in outcome) {
      this.fail(qpi, cycle, outcome.error, outcome.unschedulable ? 'Unschedulable' : 'SchedulerError', !!outcome.unschedulable);
      return { pod, outcome, message: outcome.error };
    }

    const node = outcome.node;
    const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName: node } };
    this.cache.assumePod(assumed);
    const rejected = this.framework.runReserve(state, assumed, node) ?? this.framework.runPermit(state, assumed, node);
    if (rejected) {
      this.framework.runUnreserve(state, assumed, node);
      this.cache.forgetPod(assumed);
      this.fail(qpi, cycle, rejected.message(), 'Unschedulable', rejected.isRejected());
      return { pod, outcome: { error: rejected.message() }, message: rejected.message() };
    }
    this.queue.nominator.delete(pod);
    this.track(this.bindAsync(qpi, cycle, state, assumed, node));
    return { pod, outcome };
  }

  private async bindAsync(qpi: QueuedPodInfo, cycle: number, state: CycleState, assumed: Pod, node: string): Promise<void> {
    try {
      await this.binder.bind(qpi.pod, node);
      this.queue.done(qpi.key);
      this.binder.recordEvent(qpi.pod, 'Normal', 'Scheduled', `Successfully assigned ${podName(qpi.pod)} to ${node}`);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.log.info('Binding failed', { pod: podName(qpi.pod), node, err: msg });
      this.framework.runUnreserve(state, assumed, node);
      this.cache.forgetPod(assumed);
      this.queue.moveAllToActiveOrBackoffQueue(ev.ASSIGNED_POD_DELETE);
      this.fail(qpi, cycle, `Binding rejected: ${msg}`, 'SchedulerError', false);
    }
  }

  /** Commits a preemption plan: evict victims, clear lower-priority nominations; returns the node to nominate. */
  private commitPreemption(pod: Pod, plan: PostFilterResult): string {
    for (const v of plan.victims) {
      this.binder.recordEvent(v, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata?.uid ?? podName(pod)} on node ${plan.nominatedNodeName}`);
      this.track(this.binder.evict(v, pod, plan.nominatedNodeName).catch((err) => this.log.error('Eviction failed', { pod: podName(v), err })));
    }
    for (const p of plan.clearNominated) {
      this.queue.nominator.delete(p);
      this.track(this.binder.setNominatedNode(p, '').catch((err) => this.log.error('Clearing nomination failed', { pod: podName(p), err })));
    }
    if (plan.victims.length) this.log.info('Preempting', { pod: podName(pod), node: plan.nominatedNodeName, victims: plan.victims.length });
    return plan.nominatedNodeName;
  }

  /** handleSchedulingFailure: requeue, record nomination, FailedScheduling event, PodScheduled=False. */
  private fail(qpi: QueuedPodInfo, cycle: number, message: string, reason: string, unschedulable: boolean, nominate?: string): void {
    const pod = qpi.pod;
    if (this.queue.where(pod) !== 'inFlight') return; // deleted meanwhile
    this.queue.requeue(qpi, cycle, unschedulable);
    if (nominate !== undefined) {
      if (nominate) this.queue.nominator.add(pod, nominate);
      else this.queue.nominator.delete(pod);
    }
    this.binder.recordEvent(pod, 'Warning', 'FailedScheduling', message);
    this.track(this.binder.updatePodCondition(pod, { type: 'PodScheduled', status: 'False', reason, message })
      .catch((err) => this.log.error('Updating PodScheduled failed', { pod: podName(pod), err })));
    if (nominate !== undefined && nominate !== (pod.status?.nominatedNodeName ?? '')) {
      this.track(this.binder.setNominatedNode(pod, nominate).catch((err) => this.log.error('Nominating failed', { pod: podName(pod), err })));
    }
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when every bind/evict/patch started so far has settled (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Runs until stop(): waits for ready pods and schedules them, yielding to the event loop between batches. */
  async run(): Promise<void> {
    this.queue.run();
    while (!this.stopped) {
      await this.queue.waitForPod();
      let n = 0;
      while (!this.stopped && this.scheduleOne()) {
        if (++n % 64 === 0) await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  stop(): void {
    this.stopped = true;
    this.queue.close();
  }
}

export function podName(p: Pod): string {
  return `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? podKey(p)}`;
}

/** nodeSchedulingPropertiesChange: heartbeats alone do not wake unschedulable pods. */
export function nodeSchedulingPropertiesChanged(a: Node, b: Node): boolean {
  const props = (n: Node) => JSON.stringify([n.spec?.unschedulable ?? false, n.status?.allocatable ?? null, n.metadata?.labels ?? {}, n.spec?.taints ?? [],
    (n.status?.conditions ?? []).map((c) => [c.type, c.status])]);
  return props(a) !== props(b);
}
