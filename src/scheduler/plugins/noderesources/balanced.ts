// NodeResourcesBalancedAllocation: prefers nodes where cpu and memory would be used in similar fractions:
// score = (1 - std(fractions)) * 100, fractions capped at 1, using real (not defaulted) requests.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoFor } from '../../framework/pod-info.js';
import { DEFAULT_RESOURCES, allocatableAndRequested, podRequestFor, type ResourceSpec } from './allocation.js';

export const NAME = 'NodeResourcesBalancedAllocation';
const KEY = 'PreScore' + NAME;

export function balancedScore(requested: readonly number[], alloc: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (alloc[i] === 0) continue;
    const f = Math.min(requested[i]! / alloc[i]!, 1);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly alloc: number[];
  private readonly req: number[];

  constructor(private readonly resources: ResourceSpec[] = DEFAULT_RESOURCES) {
    this.alloc = resources.map(() => 0);
    this.req = resources.map(() => 0);
  }

  preScore(state: CycleState, pod: Pod): undefined {
    const r = podInfoFor(pod).requests;
    state.write(KEY, this.resources.map((x) => podRequestFor(r, x.name)));
    return undefined;
  }

  score(state: CycleState, pod: Pod, ni: NodeInfo): number {
    const podReq = state.read<number[]>(KEY) ?? this.resources.map((x) => podRequestFor(podInfoFor(pod).requests, x.name));
    if (this.resources === DEFAULT_RESOURCES) {
      // Fast path for cpu and memory: std of two fractions is half their difference.
      const a = ni.allocatable;
      const u = ni.requested;
      if (a.milliCPU !== 0 && a.memory !== 0) {
        const fc = Math.min((u.milliCPU + podReq[0]!) / a.milliCPU, 1);
        const fm = Math.min((u.memory + podReq[1]!) / a.memory, 1);
        return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
      }
    }
    allocatableAndRequested(ni, this.resources, podReq, true, this.alloc, this.req);
    return balancedScore(this.req, this.alloc);
  }
}
