// A pod with everything the plugins need precomputed once (kube-scheduler framework.PodInfo): requests,
// scoring requests, affinity terms, host ports, priority.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podRequests, type Resource } from './resource.js';
import { affinityTerms, weightedTerms, type AffinityTerm, type WeightedAffinityTerm } from './affinity-term.js';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export function podKey(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** Container host ports (NodePorts' getContainerPorts): only containers, only hostPort > 0. */
export function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export class PodInfo {
  readonly key: string;
  readonly namespace: string;
  readonly priority: number;
  readonly requests: Resource;
  /** Requests with 100m / 200Mi for missing cpu / memory (what scoring sums). */
  readonly nonZero: Resource;
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  readonly ports: HostPort[];
  /** spec.affinity has podAffinity or podAntiAffinity. */
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;

  constructor(readonly pod: Pod) {
    this.key = podKey(pod);
    this.namespace = pod.metadata?.namespace ?? 'default';
    this.priority = podPriority(pod);
    this.requests = podRequests(pod);
    this.nonZero = podRequests(pod, true);
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = affinityTerms(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinityTerms = affinityTerms(pod, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinityTerms = weightedTerms(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = weightedTerms(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.ports = hostPorts(pod);
    this.hasAffinity = !!(a && (a.podAffinity || a.podAntiAffinity));
    this.hasRequiredAntiAffinity = this.requiredAntiAffinityTerms.length > 0;
  }
}

const infos = new WeakMap<Pod, PodInfo>();

/** PodInfo for a pod object, memoised per object (pods from the cache are never mutated). */
export function podInfoFor(pod: Pod): PodInfo {
  let pi = infos.get(pod);
  if (!pi) {
    pi = new PodInfo(pod);
    infos.set(pod, pi);
  }
  return pi;
}
