// NodeResourcesFit: Filter checks pods count, cpu, memory, ephemeral-storage and scalar (extended) resources
// against allocatable minus what the node's pods already request; Score is LeastAllocated over cpu and memory.
// A request larger than the node's whole allocatable makes the rejection UnschedulableAndUnresolvable (no
// preemption can help there), as kube-scheduler's InsufficientResource.Unresolvable does.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoFor } from '../../framework/pod-info.js';
import type { Resource } from '../../framework/resource.js';
import { Status } from '../../framework/status.js';
import { DEFAULT_RESOURCES, allocatableAndRequested, podRequestFor, type ResourceSpec } from './allocation.js';

export const NAME = 'NodeResourcesFit';
const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  unresolvable: boolean;
}

export interface FitOptions {
  /** Extended resources the filter ignores. */
  ignoredResources?: string[];
  /** Resources and weights for LeastAllocated. @default cpu:1, memory:1 */
  resources?: ResourceSpec[];
}

/** fitsRequest: every resource the node lacks for this request. */
export function insufficientResources(req: Resource, ni: NodeInfo, ignored?: ReadonlySet<string>): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = ni.allocatable;
  const used = ni.requested;
  if (ni.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: ni.pods.length, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  if (req.isZero()) return out;
  const check = (name: string, r: number, a: number, u: number) => {
    if (r > 0 && r > a - u) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: r, used: u, capacity: a, unresolvable: r > a });
  };
  check('cpu', req.milliCPU, alloc.milliCPU, used.milliCPU);
  check('memory', req.memory, alloc.memory, used.memory);
  check('ephemeral-storage', req.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
  if (req.scalar) {
    for (const [name, r] of req.scalar) {
      if (ignored?.has(name)) continue;
      check(name, r, alloc.scalarValue(name), used.scalarValue(name));
    }
  }
  return out;
}

/** Allocation-free check of the common case (no scalar resources): true when nothing is insufficient. */
function fitsQuickly(req: Resource, ni: NodeInfo): boolean {
  if (req.scalar !== undefined) return false;
  const a = ni.allocatable;
  const u = ni.requested;
  return ni.pods.length + 1 <= a.allowedPodNumber &&
    (req.milliCPU <= 0 || req.milliCPU <= a.milliCPU - u.milliCPU) &&
    (req.memory <= 0 || req.memory <= a.memory - u.memory) &&
    (req.ephemeralStorage <= 0 || req.ephemeralStorage <= a.ephemeralStorage - u.ephemeralStorage);
}

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly ignored: Set<string>;
  private readonly resources: ResourceSpec[];
  private readonly alloc: number[];
  private readonly req: number[];

  constructor(opts: FitOptions = {}) {
    this.ignored = new Set(opts.ignoredResources ?? []);
    this.resources = opts.resources ?? DEFAULT_RESOURCES;
    this.alloc = this.resources.map(() => 0);
    this.req = this.resources.map(() => 0);
  }

  preFilter(state: CycleState, pod: Pod): undefined {
    state.write(PRE_FILTER_KEY, podInfoFor(pod).requests);
    return undefined;
  }

  filter(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    const req = state.read<Resource>(PRE_FILTER_KEY) ?? podInfoFor(pod).requests;
    if (fitsQuickly(req, ni)) return undefined;
    const bad = insufficientResources(req, ni, this.ignored);
    if (bad.length === 0) return undefined;
    const code = bad.some((b) => b.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
    return new Status(code, bad.map((b) => b.reason));
  }

  preScore(state: CycleState, pod: Pod): undefined {
    const nz = podInfoFor(pod).nonZero;
    state.write(PRE_SCORE_KEY, this.resources.map((r) => podRequestFor(nz, r.name)));
    return undefined;
  }

  /** LeastAllocated: weighted mean over resources of (allocatable - requested) * 100 / allocatable. */
  score(state: CycleState, pod: Pod, ni: NodeInfo): number {
    const podReq = state.read<number[]>(PRE_SCORE_KEY) ?? this.resources.map((r) => podRequestFor(podInfoFor(pod).nonZero, r.name));
    if (this.resources === DEFAULT_RESOURCES) {
      // Fast path for the default cpu:1, memory:1.
      const a = ni.allocatable;
      const u = ni.nonZeroRequested;
      let score = 0;
      let weights = 0;
      if (a.milliCPU !== 0) { score += leastRequestedScore(u.milliCPU + podReq[0]!, a.milliCPU); weights++; }
      if (a.memory !== 0) { score += leastRequestedScore(u.memory + podReq[1]!, a.memory); weights++; }
      return weights === 0 ? 0 : Math.trunc(score / weights);
    }
    allocatableAndRequested(ni, this.resources, podReq, false, this.alloc, this.req);
    let score = 0;
    let weights = 0;
    for (let i = 0; i < this.resources.length; i++) {
      if (this.alloc[i] === 0) continue;
      const w = this.resources[i]!.weight;
      score += leastRequestedScore(this.req[i]!, this.alloc[i]!) * w;
      weights += w;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  }
}
