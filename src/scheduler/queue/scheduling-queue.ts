// The scheduling queue (kube-scheduler PriorityQueue, 1.30 without queueing hints):
//   activeQ         — pods to try now, highest priority first, then oldest;
//   backoffQ        — pods that failed recently, released when their backoff (1 s doubling to 10 s) expires;
//   unschedulable   — pods no node fits, moved back by relevant cluster events or after 5 minutes.
// A pod that fails while a move request happened during its attempt goes to backoffQ instead of unschedulable,
// so an event that arrived mid-cycle is not lost. Time comes from an injected Clock.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../machinery/clock.js';
import { podInfoFor, podKey, type PodInfo } from '../framework/pod-info.js';
import { KeyedHeap } from './heap.js';
import { Nominator } from './nominator.js';
import { eventMatters, type ClusterEvent } from './events.js';

export interface QueuedPodInfo {
  pod: Pod;
  readonly key: string;
  podInfo: PodInfo;
  /** When it was (re-)added to the queue: orders activeQ and starts the backoff. */
  timestamp: number;
  initialAttemptTimestamp?: number;
  attempts: number;
  /** Plugins that rejected it in its last attempt. */
  unschedulablePlugins: Set<string>;
  gated: boolean;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  /** @default 1000 */
  initialBackoffMs?: number;
  /** @default 10000 */
  maxBackoffMs?: number;
  /** @default 300000 (5 minutes) */
  maxInUnschedulableMs?: number;
}

/** Backoff after `attempts` failed attempts: initial, doubling, capped at max. */
export function backoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > maxMs - d) return maxMs;
    d += d;
  }
  return d;
}

const activeLess = (a: QueuedPodInfo, b: QueuedPodInfo): boolean =>
  a.podInfo.priority !== b.podInfo.priority ? a.podInfo.priority > b.podInfo.priority : a.timestamp < b.timestamp;

/** Ignores status and bookkeeping metadata: did anything the scheduler looks at change? */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _r, generation: _g, managedFields: _m, ...meta } = p.metadata ?? {};
    return JSON.stringify({ meta, spec: p.spec });
  };
  return strip(oldPod) !== strip(newPod);
}

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly clock: Clock;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly activeQ = new KeyedHeap<QueuedPodInfo>((p) => p.key, activeLess);
  private readonly backoffQ = new KeyedHeap<QueuedPodInfo>((p) => p.key, (a, b) => this.backoffTime(a) < this.backoffTime(b));
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and not yet done: ignored by add/update until done() or a failure requeues it. */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  /** Incremented by every pop. */
  schedulingCycle = 0;
  private moveRequestCycle = -1;
  private waiters: (() => void)[] = [];
  private timers: { cancel(): void }[] = [];
  private closed = false;

  constructor(opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.initialBackoff = opts.initialBackoffMs ?? 1000;
    this.maxBackoff = opts.maxBackoffMs ?? 10_000;
    this.maxInUnschedulable = opts.maxInUnschedulableMs ?? 300_000;
  }

  private newInfo(pod: Pod): QueuedPodInfo {
    return { pod, key: podKey(pod), podInfo: podInfoFor(pod), timestamp: this.clock.now(), attempts: 0, unschedulablePlugins: new Set(), gated: false };
  }

  backoffTime(p: QueuedPodInfo): number {
    return p.timestamp + backoffDuration(p.attempts, this.initialBackoff, this.maxBackoff);
  }

  private isBackingOff(p: QueuedPodInfo): boolean {
    return !p.gated && p.attempts > 0 && this.backoffTime(p) > this.clock.now();
  }

  /** PreEnqueue (SchedulingGates): a gated pod waits in unschedulable until its gates are removed. */
  private toActive(p: QueuedPodInfo): void {
    p.gated = (p.pod.spec?.schedulingGates?.length ?? 0) > 0;
    if (p.gated) {
      this.unschedulable.set(p.key, p);
      return;
    }
    this.unschedulable.delete(p.key);
    this.backoffQ.delete(p.key);
    this.activeQ.push(p);
    this.wake();
  }

  private has(key: string): boolean {
    return this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key) || this.inFlight.has(key);
  }

  /** A new unscheduled pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.has(key)) return this.update(pod, pod);
    this.toActive(this.newInfo(pod));
    this.nominator.add(pod);
  }

  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    this.nominator.update(oldPod, newPod);
    const inFlight = this.inFlight.get(key);
    if (inFlight) { inFlight.pod = newPod; inFlight.podInfo = podInfoFor(newPod); return; }
    for (const q of [this.activeQ, this.backoffQ]) {
      const p = q.get(key);
      if (p) { p.pod = newPod; p.podInfo = podInfoFor(newPod); q.push(p); return; }
    }
    const u = this.unschedulable.get(key);
    if (u) {
      u.pod = newPod;
      u.podInfo = podInfoFor(newPod);
      if (!isPodUpdated(oldPod, newPod)) return;
      if (this.isBackingOff(u)) { this.unschedulable.delete(key); this.backoffQ.push(u); }
      else this.toActive(u);
      return;
    }
    this.toActive(this.newInfo(newPod));
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.nominator.delete(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** Next pod to schedule, or undefined if none is ready. Moves expired backoffs first. */
  pop(): QueuedPodInfo | undefined {
    this.flushBackoffQCompleted();
    const p = this.activeQ.pop();
    if (!p) return undefined;
    p.attempts++;
    p.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(p.key, p);
    return p;
  }

  /** The attempt finished (bound or given up); the pod leaves the queue for good. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * AddUnschedulableIfNotPresent: after a failed attempt. `unschedulable` false means an error (always backoff).
   * A move request during the attempt (or no rejecting plugin) also sends it to backoffQ.
   */
  requeue(p: QueuedPodInfo, podSchedulingCycle: number, unschedulable: boolean): void {
    this.inFlight.delete(p.key);
    if (this.activeQ.has(p.key) || this.backoffQ.has(p.key) || this.unschedulable.has(p.key)) return;
    p.timestamp = this.clock.now();
    if (!unschedulable || this.moveRequestCycle >= podSchedulingCycle || p.unschedulablePlugins.size === 0) {
      this.backoffQ.push(p);
      return;
    }
    this.unschedulable.set(p.key, p);
  }

  /** Moves unschedulable pods the event may help to activeQ (or backoffQ while backing off). */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent): number {
    let moved = 0;
    for (const p of [...this.unschedulable.values()]) {
      if (p.gated || !eventMatters(p.unschedulablePlugins, event)) continue;
      this.unschedulable.delete(p.key);
      if (this.isBackingOff(p)) this.backoffQ.push(p);
      else this.toActive(p);
      moved++;
    }
    this.moveRequestCycle = this.schedulingCycle;
    return moved;
  }

  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (let p = this.backoffQ.peek(); p && this.backoffTime(p) <= now; p = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.toActive(p);
    }
  }

  /** Pods unschedulable for longer than 5 minutes are retried regardless of events. */
  flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    for (const p of [...this.unschedulable.values()]) {
      if (p.gated || now - p.timestamp <= this.maxInUnschedulable) continue;
      this.unschedulable.delete(p.key);
      if (this.isBackingOff(p)) this.backoffQ.push(p);
      else this.toActive(p);
    }
  }

  /** Starts the periodic flushes: backoff every second, unschedulable leftovers every 30 seconds. */
  run(): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => { if (this.closed) return; fn(); this.timers.push(this.clock.setTimeout(tick, ms)); };
      this.timers.push(this.clock.setTimeout(tick, ms));
    };
    every(1000, () => this.flushBackoffQCompleted());
    every(30_000, () => this.flushUnschedulableLeftover());
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    this.wake();
  }

  /** Resolves when activeQ has a pod (or the queue is closed). */
  waitForPod(): Promise<void> {
    if (this.activeQ.size > 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Counts per sub-queue (for tests, metrics and debugging). */
  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  where(pod: Pod): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    const k = podKey(pod);
    if (this.activeQ.has(k)) return 'active';
    if (this.backoffQ.has(k)) return 'backoff';
    if (this.unschedulable.has(k)) return 'unschedulable';
    if (this.inFlight.has(k)) return 'inFlight';
    return undefined;
  }
}
