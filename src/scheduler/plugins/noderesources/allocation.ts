// resourceAllocationScorer: the (allocatable, requested) pair per scored resource that LeastAllocated and
// BalancedAllocation turn into a score. Scoring uses non-zero requests (100m / 200Mi for missing requests)
// unless `useRequested` (BalancedAllocation), in which case it uses the real requests.
import type { NodeInfo } from '../../framework/node-info.js';
import type { Resource } from '../../framework/resource.js';
import { isScalarResourceName } from '../../framework/resource.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_RESOURCES: ResourceSpec[] = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];

export function podRequestFor(req: Resource, name: string): number {
  switch (name) {
    case 'cpu': return req.milliCPU;
    case 'memory': return req.memory;
    case 'ephemeral-storage': return req.ephemeralStorage;
    default: return req.scalarValue(name);
  }
}

/** Fills alloc[i]/requested[i]; alloc 0 means "do not score this resource". */
export function allocatableAndRequested(ni: NodeInfo, resources: readonly ResourceSpec[], podReq: readonly number[], useRequested: boolean, alloc: number[], requested: number[]): void {
  const base = useRequested ? ni.requested : ni.nonZeroRequested;
  for (let i = 0; i < resources.length; i++) {
    const name = resources[i]!.name;
    const pr = podReq[i]!;
    alloc[i] = 0;
    requested[i] = 0;
    if (pr === 0 && isScalarResourceName(name)) continue;
    switch (name) {
      case 'cpu': alloc[i] = ni.allocatable.milliCPU; requested[i] = base.milliCPU + pr; break;
      case 'memory': alloc[i] = ni.allocatable.memory; requested[i] = base.memory + pr; break;
      case 'ephemeral-storage': alloc[i] = ni.allocatable.ephemeralStorage; requested[i] = ni.requested.ephemeralStorage + pr; break;
      default:
        if (ni.allocatable.scalar?.has(name)) {
          alloc[i] = ni.allocatable.scalarValue(name);
          requested[i] = ni.requested.scalarValue(name) + pr;
        }
    }
  }
}
