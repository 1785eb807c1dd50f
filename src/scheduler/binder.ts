// The scheduler's only write path (nomad's plan/commit: the scheduler decides, the Binder commits). The
// integrator implements it over client/ (pods/binding, pods/eviction or delete, status patches, Events);
// tests and the benchmark use FakeBinder.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

export interface Binder {
  /** POST pods/binding. A rejection (conflict, pod gone) makes the scheduler forget the pod and retry with backoff. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Delete a preemption victim (kube-scheduler sets the DisruptionTarget condition, then deletes). */
  evict(victim: Pod, preemptor: Pod, nodeName: string): Promise<void>;
  /** Patch status.nominatedNodeName; '' clears it. */
  setNominatedNode(pod: Pod, nodeName: string): Promise<void>;
  /** Record an Event on the pod, e.g. Warning FailedScheduling, Normal Scheduled, Normal Preempted. */
  recordEvent(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Patch the PodScheduled condition, e.g. {type: PodScheduled, status: False, reason: Unschedulable, message}. */
  updatePodCondition(pod: Pod, condition: PodCondition): Promise<void>;
}

export interface BinderCall {
  op: 'bind' | 'evict' | 'nominate' | 'event' | 'condition';
  pod: string;
  node?: string;
  type?: string;
  reason?: string;
  message?: string;
}

const name = (p: Pod) => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;

/** Records every call; `failBind` makes bind reject for chosen pods. Ships for tests and benchmarks. */
export class FakeBinder implements Binder {
  readonly calls: BinderCall[] = [];
  failBind: (pod: Pod, nodeName: string) => Error | undefined = () => undefined;
  /** Set false to skip recording (benchmarks). */
  record = true;

  async bind(pod: Pod, nodeName: string): Promise<void> {
    if (this.record) this.calls.push({ op: 'bind', pod: name(pod), node: nodeName });
    const err = this.failBind(pod, nodeName);
    if (err) throw err;
  }
  async evict(victim: Pod, _preemptor: Pod, nodeName: string): Promise<void> {
    this.calls.push({ op: 'evict', pod: name(victim), node: nodeName });
  }
  async setNominatedNode(pod: Pod, nodeName: string): Promise<void> {
    this.calls.push({ op: 'nominate', pod: name(pod), node: nodeName });
  }
  recordEvent(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.record) this.calls.push({ op: 'event', pod: name(pod), type, reason, message });
  }
  async updatePodCondition(pod: Pod, c: PodCondition): Promise<void> {
    this.calls.push({ op: 'condition', pod: name(pod), type: c.type, reason: c.reason, message: c.message });
  }

  ofOp(op: BinderCall['op']): BinderCall[] {
    return this.calls.filter((c) => c.op === op);
  }
}
