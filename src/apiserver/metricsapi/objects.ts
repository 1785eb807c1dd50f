// NodeMetrics and PodMetrics objects (metrics.k8s.io/v1beta1) shaped as metrics-server serves them: metadata with
// name, namespace, labels and a creationTimestamp of "now", the sample's timestamp, a window, and usage quantities.
// kubernetes-types has no definitions for this group, so the wire types are declared here.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../machinery/clock.js';
import { cpuQuantity, memoryQuantity } from './quantities.js';
import type { PodUsage, UsagePoint } from './summary.js';

export const GROUP = 'metrics.k8s.io';
export const VERSION = 'v1beta1';
export const API_VERSION = `${GROUP}/${VERSION}`;
/** The kubelet's summary CPU rate is computed over its sampling period (10 s in the agent's stats provider). */
export const WINDOW = '10s';

export interface Usage { cpu: string; memory: string }
export interface MetricsMeta { name: string; namespace?: string; creationTimestamp: string; labels?: Record<string, string> }
export interface NodeMetrics { kind?: 'NodeMetrics'; apiVersion?: string; metadata: MetricsMeta; timestamp: string; window: string; usage: Usage }
export interface ContainerMetrics { name: string; usage: Usage }
export interface PodMetrics { kind?: 'PodMetrics'; apiVersion?: string; metadata: MetricsMeta; timestamp: string; window: string; containers: ContainerMetrics[] }
export interface MetricsList<T> { kind: string; apiVersion: string; metadata: Record<string, never>; items: T[] }

const usage = (u: UsagePoint): Usage => ({ cpu: cpuQuantity(u.nanoCores), memory: memoryQuantity(u.workingSetBytes) });

function meta(obj: Node | Pod, nowMs: number): MetricsMeta {
  const m: MetricsMeta = obj.metadata?.namespace
    ? { name: obj.metadata.name ?? '', namespace: obj.metadata.namespace, creationTimestamp: rfc3339(nowMs) }
    : { name: obj.metadata?.name ?? '', creationTimestamp: rfc3339(nowMs) };
  if (obj.metadata?.labels && Object.keys(obj.metadata.labels).length) m.labels = { ...obj.metadata.labels };
  return m;
}

export function nodeMetrics(node: Node, u: UsagePoint, nowMs: number): NodeMetrics {
  return { metadata: meta(node, nowMs), timestamp: rfc3339(u.timeMs), window: WINDOW, usage: usage(u) };
}

export function podMetrics(pod: Pod, u: PodUsage, nowMs: number): PodMetrics {
  return {
    metadata: meta(pod, nowMs), timestamp: rfc3339(u.timeMs), window: WINDOW,
    containers: u.containers.map((c) => ({ name: c.name, usage: usage(c) })),
  };
}

/** A single object carries its type; list items do not (as a Go API server serializes them). */
export function withType<T extends NodeMetrics | PodMetrics>(o: T, kind: 'NodeMetrics' | 'PodMetrics'): T {
  return { kind, apiVersion: API_VERSION, ...o } as T;
}

export function list<T>(kind: 'NodeMetricsList' | 'PodMetricsList', items: T[]): MetricsList<T> {
  return { kind, apiVersion: API_VERSION, metadata: {}, items };
}
