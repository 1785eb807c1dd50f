// Ordering of preemption candidates (kube-scheduler pickOneNodeForPreemption): fewest PDB violations, then the
// lowest highest-priority victim, then the smallest sum of priorities, then fewest victims, then the node whose
// earliest-started highest-priority victim started latest; remaining ties go to the first candidate.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podPriority } from '../framework/pod-info.js';

export interface Candidate {
  nodeName: string;
  /** Sorted most important first. */
  victims: Pod[];
  numPDBViolations: number;
}

const INT32_OFFSET = 2 ** 31;

/** GetPodStartTime: status.startTime, or now for a pod that has not started. */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime;
  return t ? Date.parse(t) : now;
}

/** MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportant(a: Pod, b: Pod, now: number): number {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pb - pa;
  return podStartTime(a, now) - podStartTime(b, now);
}

/** Earliest start time among the highest-priority victims. */
export function earliestStartOfHighest(victims: readonly Pod[], now: number): number {
  let maxP = -Infinity;
  let earliest = Infinity;
  for (const v of victims) {
    const p = podPriority(v);
    const t = podStartTime(v, now);
    if (p > maxP) { maxP = p; earliest = t; }
    else if (p === maxP && t < earliest) earliest = t;
  }
  return earliest;
}

export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -podPriority(c.victims[0]!),
    (c) => -c.victims.reduce((s, p) => s + podPriority(p) + INT32_OFFSET, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfHighest(c.victims, now),
  ];
  let remaining = candidates.slice();
  for (const f of scoreFuncs) {
    let best = -Infinity;
    let next: Candidate[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > best) { best = s; next = [c]; }
      else if (s === best) next.push(c);
    }
    remaining = next;
    if (remaining.length === 1) break;
  }
  return remaining[0];
}
