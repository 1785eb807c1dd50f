// B6's same-run ceiling: the scheduler alone, in this process, with no API server. It is fed the very Node objects
// and the very Pod (as the server stored it, defaults included) that the real run used, and a Binder that only
// confirms each binding back to the scheduler on the next microtask, the way the pod informer's MODIFIED event
// would. What it measures is scheduleOne (filter + score over 5000 nodes, assume, bind bookkeeping) and nothing else.
import { performance } from 'node:perf_hooks';
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import type { Binder } from '../../src/scheduler/binder.js';
import { seededRandom } from '../../src/scheduler/random.js';

export interface CeilingResult {
  nodes: number;
  initialPods: number;
  measuredPods: number;
  bound: number;
  failed: number;
  seconds: number;
  podsPerSecond: number;
}

class ConfirmingBinder implements Binder {
  bound = 0;
  failed = 0;
  sched?: Scheduler;
  async bind(pod: Pod, nodeName: string): Promise<void> {
    await Promise.resolve();
    this.bound++;
    this.sched!.onPodUpdate(pod, { ...pod, spec: { ...pod.spec!, nodeName } });
  }
  async evict(): Promise<void> {}
  async setNominatedNode(): Promise<void> {}
  recordEvent(_p: Pod, type: 'Normal' | 'Warning'): void { if (type === 'Warning') this.failed++; }
  async updatePodCondition(_p: Pod, _c: PodCondition): Promise<void> {}
}

function clonePod(template: Pod, name: string, i: number): Pod {
  return {
    ...template,
    metadata: { ...template.metadata, name, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(i + 1) },
    spec: { ...template.spec!, nodeName: undefined },
    status: { phase: 'Pending', qosClass: template.status?.qosClass },
  };
}

async function drain(s: Scheduler): Promise<void> {
  let n = 0;
  while (s.scheduleOne()) if (++n % 64 === 0) await new Promise((r) => setImmediate(r));
  await s.idle();
}

/** Schedules `initialPods` then (timed) `measuredPods` copies of `template` onto `nodes`. */
export async function schedulerCeiling(nodes: Node[], template: Pod, initialPods: number, measuredPods: number): Promise<CeilingResult> {
  const binder = new ConfirmingBinder();
  const s = new Scheduler({ binder, random: seededRandom(1) });
  binder.sched = s;
  s.onNamespaceAdd({ metadata: { name: template.metadata!.namespace! } });
  for (const n of nodes) s.onNodeAdd(n);
  for (let i = 0; i < initialPods; i++) s.onPodAdd(clonePod(template, `init-${i}`, i));
  await drain(s);
  const before = binder.bound;
  for (let i = 0; i < measuredPods; i++) s.onPodAdd(clonePod(template, `pod-${i}`, initialPods + i));
  const t0 = performance.now();
  await drain(s);
  const seconds = (performance.now() - t0) / 1000;
  const bound = binder.bound - before;
  s.stop();
  return { nodes: nodes.length, initialPods, measuredPods, bound, failed: binder.failed, seconds, podsPerSecond: bound / seconds };
}
