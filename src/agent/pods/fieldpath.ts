// Downward API values: pod fields (fieldRef) and container resources (resourceFieldRef), as the kubelet computes
// them (pkg/fieldpath, pkg/api/v1/resource). Volumes support only the metadata.* paths; env also has spec.* and
// status.* paths, resolved from what the agent knows (node name, pod and host IPs).
import type { Container, Pod, ObjectFieldSelector, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { parseQuantity, toInt, toMilli, type Quantity } from '../../machinery/quantity.js';

/** A Go `%q` rendering of a string: double-quoted with Go escapes (close to JSON for the printable range). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `key="value"` lines in key order, no trailing newline (fieldpath.FormatMap). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}=${goQuote(m![k]!)}`).join('\n');
}

/** `metadata.labels['x']` → ['metadata.labels', 'x']; anything else → undefined. */
function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined;
  const s = path.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** The metadata.* field paths (fieldpath.ExtractFieldPathAsString); throws `unsupported fieldPath: x`. */
export function metadataFieldValue(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const sub = splitSubscript(fieldPath);
  if (sub) {
    if (sub[0] === 'metadata.annotations') return meta.annotations?.[sub[1]] ?? '';
    if (sub[0] === 'metadata.labels') return meta.labels?.[sub[1]] ?? '';
    throw new Error(`fieldPath "${fieldPath}" does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations': return formatMap(meta.annotations);
    case 'metadata.labels': return formatMap(meta.labels);
    case 'metadata.name': return meta.name ?? '';
    case 'metadata.namespace': return meta.namespace ?? '';
    case 'metadata.uid': return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

export interface PodRuntimeFacts {
  /** First pod IP ('' before the sandbox has one). */
  podIP: string;
  /** All pod IPs; defaults to [podIP]. */
  podIPs?: string[];
  hostIP: string;
  hostIPs?: string[];
  nodeName: string;
}

/** A fieldRef value for env vars (podFieldSelectorRuntimeValue). */
export function podFieldValue(pod: Pod, ref: ObjectFieldSelector, facts: PodRuntimeFacts): string {
  switch (ref.fieldPath) {
    case 'spec.nodeName': return pod.spec?.nodeName || facts.nodeName;
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return (facts.hostIPs ?? [facts.hostIP])[0] ?? '';
    case 'status.hostIPs': return (facts.hostIPs ?? [facts.hostIP]).filter(Boolean).join(',');
    case 'status.podIP': return facts.podIP;
    case 'status.podIPs': return (facts.podIPs ?? [facts.podIP]).filter(Boolean).join(',');
  }
  return metadataFieldValue(pod, ref.fieldPath);
}

const DEFAULTABLE = ['cpu', 'memory', 'ephemeral-storage'];

/** Limits not set (or zero) become node allocatable, as the kubelet does before answering resourceFieldRefs. */
export function withAllocatableLimits(container: Container, allocatable: Record<string, string> | undefined): Container {
  if (!allocatable) return container;
  const limits = { ...(container.resources?.limits ?? {}) };
  for (const r of DEFAULTABLE) {
    const have = limits[r];
    if ((have === undefined || toMilli(parseQuantity(have)) === 0n) && allocatable[r] !== undefined) limits[r] = allocatable[r]!;
  }
  return { ...container, resources: { ...container.resources, limits } };
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a % b === 0n ? a / b : a / b + (a > 0n === b > 0n ? 1n : 0n));

/** A resourceFieldRef value for one container (ExtractContainerResourceValue): ceil(value / divisor). */
export function containerResourceValue(ref: ResourceFieldSelector, container: Container): string {
  let divisor: Quantity = parseQuantity(ref.divisor ?? '1');
  if (toMilli(divisor) === 0n) divisor = parseQuantity('1');
  const [kind, ...rest] = ref.resource.split('.');
  const name = rest.join('.');
  const list = kind === 'limits' ? container.resources?.limits : kind === 'requests' ? container.resources?.requests : undefined;
  const known = name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
  if (!list && kind !== 'limits' && kind !== 'requests') throw new Error(`unsupported container resource : ${ref.resource}`);
  if (!known) throw new Error(`unsupported container resource : ${ref.resource}`);
  const q = parseQuantity(list?.[name] ?? '0');
  if (name === 'cpu') return ceilDiv(toMilli(q), toMilli(divisor)).toString();
  return ceilDiv(toInt(q), toInt(divisor) || 1n).toString();
}

/** resourceFieldRef for a named container of the pod (downward API volumes, env with containerName). */
export function podResourceValue(ref: ResourceFieldSelector, pod: Pod, containerName: string, allocatable?: Record<string, string>): string {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const c = all.find((x) => x.name === containerName);
  if (!c) throw new Error(`container ${containerName} not found`);
  return containerResourceValue(ref, withAllocatableLimits(c, allocatable));
}
