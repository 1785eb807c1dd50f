// ImageLocality: prefers nodes that already hold the pod's images, weighting each image's size by the fraction
// of nodes that have it (so a ubiquitous image does not dominate), clamped between 23 MiB and 1000 MiB per container.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Handle, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Appends ":latest" when the image has no tag (a ':' after the last '/'). */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

export function calculatePriority(sum: number, numContainers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > max) sum = max;
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export class ImageLocality implements ScorePlugin {
  readonly name = NAME;
  constructor(private readonly handle: Handle) {}

  score(_s: CycleState, pod: Pod, ni: NodeInfo): number {
    const spec = pod.spec;
    if (!spec) return 0;
    const total = this.handle.snapshot.numNodes();
    let sum = 0;
    if (ni.images.size > 0) {
      for (const list of [spec.initContainers, spec.containers]) {
        for (const c of list ?? []) {
          const st = c.image ? ni.images.get(normalizedImageName(c.image)) : undefined;
          if (st) sum += Math.trunc(st.size * (st.nodes.size / total));
        }
      }
    }
    return calculatePriority(sum, (spec.initContainers?.length ?? 0) + (spec.containers?.length ?? 0));
  }
}
