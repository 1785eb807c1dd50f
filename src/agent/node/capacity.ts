// Node capacity and allocatable as the kubelet computes them: capacity from the machine; allocatable = capacity −
// kube/system reserved − the hard eviction thresholds (memory.available 100Mi, nodefs.available 10%), and memory
// also minus the hugepage pools.
import { formatQuantity, quantityFromInt, quantityFromMilli, tryParseQuantity, toInt, toMilli } from '../../machinery/quantity.js';
import { cpuCount, fsStats, hugepagePools, parseMeminfo, readText, type HostPaths } from './host.js';
import { join } from 'node:path';

export type ResourceList = Record<string, string>;

/** The kubelet's --max-pods default. */
export const DEFAULT_MAX_PODS = 110;

export interface CapacityOptions extends HostPaths {
  /** @default 110 */
  maxPods?: number;
}

/** Bytes as the kubelet writes them (BinarySI canonical form: `8137344Ki`, or plain digits when not a multiple of 1024). */
export function bytesQuantity(n: number): string {
  return formatQuantity(quantityFromInt(BigInt(Math.max(0, Math.floor(n))), 'BinarySI'));
}

/** Hugepage resource name for a page size in bytes: `hugepages-2Mi`, `hugepages-1Gi`. */
export function hugepageResource(pageBytes: number): string {
  return `hugepages-${bytesQuantity(pageBytes)}`;
}

export function hostCapacity(o: CapacityOptions): ResourceList {
  const mem = parseMeminfo(readText(join(o.procRoot ?? '/proc', 'meminfo')) ?? '');
  const out: ResourceList = {
    cpu: String(cpuCount(o.procRoot)),
    memory: bytesQuantity(mem.get('MemTotal') ?? 0),
    'ephemeral-storage': bytesQuantity(fsStats(o.rootDir).capacityBytes),
    pods: String(o.maxPods ?? DEFAULT_MAX_PODS),
  };
  for (const [page, total] of hugepagePools(o.sysRoot)) out[hugepageResource(page)] = bytesQuantity(total);
  return out;
}

export interface AllocatableOptions {
  /** --kube-reserved plus --system-reserved, e.g. { cpu: '100m', memory: '256Mi' }. @default {} */
  reserved?: ResourceList;
  /** Hard eviction threshold for memory.available. @default '100Mi' */
  evictionMemoryAvailable?: string;
  /** Hard eviction threshold for nodefs.available, as a fraction of capacity. @default 0.1 */
  evictionNodefsAvailableFraction?: number;
}

/** capacity − reserved − hard eviction thresholds, never below zero (kubelet's GetNodeAllocatable). */
export function allocatable(capacity: ResourceList, o: AllocatableOptions = {}): ResourceList {
  const out: ResourceList = {};
  const reserved = o.reserved ?? {};
  for (const [name, value] of Object.entries(capacity)) {
    const cap = tryParseQuantity(value);
    if (!cap) { out[name] = value; continue; }
    if (name === 'cpu') {
      const milli = toMilli(cap) - milliOf(reserved.cpu);
      out[name] = formatQuantity(quantityFromMilli(milli > 0n ? milli : 0n));
      continue;
    }
    let n = toInt(cap) - intOf(reserved[name]);
    if (name === 'memory') {
      n -= intOf(o.evictionMemoryAvailable ?? '100Mi');
      for (const [k, v] of Object.entries(capacity)) if (k.startsWith('hugepages-')) n -= intOf(v);
    } else if (name === 'ephemeral-storage') {
      n -= BigInt(Math.ceil(Number(toInt(cap)) * (o.evictionNodefsAvailableFraction ?? 0.1)));
    }
    if (n < 0n) n = 0n;
    out[name] = name === 'pods' ? n.toString() : formatQuantity(quantityFromInt(n, cap.format));
  }
  return out;
}

function intOf(s: string | undefined): bigint {
  const q = s ? tryParseQuantity(s) : undefined;
  return q ? toInt(q) : 0n;
}

function milliOf(s: string | undefined): bigint {
  const q = s ? tryParseQuantity(s) : undefined;
  return q ? toMilli(q) : 0n;
}
