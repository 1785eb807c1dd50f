// Resource vectors as plain numbers (kube-scheduler framework.Resource): milli-CPU, bytes, pod slots and scalar
// (extended, hugepages, attachable-volumes) resources. Quantity strings are parsed once and memoised, because the
// same few strings ("100m", "128Mi") repeat across thousands of pods.
import type { Pod, Node, Container } from 'kubernetes-types/core/v1.js';
import { parseQuantity, toInt, toMilli } from '../../machinery/quantity.js';

/** kube-scheduler's defaults for containers without a cpu / memory request, used only for scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceList = { [name: string]: string | number } | undefined;

const parsed = new Map<string, { milli: number; value: number }>();

function quantity(v: string | number): { milli: number; value: number } {
  const s = String(v);
  let q = parsed.get(s);
  if (!q) {
    try {
      const p = parseQuantity(s);
      q = { milli: Number(toMilli(p)), value: Number(toInt(p)) };
    } catch {
      q = { milli: 0, value: 0 };
    }
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(s, q);
  }
  return q;
}

/** v1helper.IsScalarResourceName: extended (domain-prefixed), hugepages-*, attachable-volumes-*, prefixed native. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  return name.includes('/') && !name.startsWith('requests.');
}

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Scalar resources; undefined when there are none (the common case). */
  scalar: Map<string, number> | undefined = undefined;

  scalarValue(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  setScalar(name: string, v: number): void {
    (this.scalar ??= new Map()).set(name, v);
  }

  /** Adds (sign 1) or subtracts (sign -1) another vector. */
  add(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    if (o.scalar) for (const [k, v] of o.scalar) this.setScalar(k, this.scalarValue(k) + sign * v);
  }

  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    this.allowedPodNumber = Math.max(this.allowedPodNumber, o.allowedPodNumber);
    if (o.scalar) for (const [k, v] of o.scalar) this.setScalar(k, Math.max(this.scalarValue(k), v));
  }

  /** Adds a ResourceList (`{cpu: "100m", memory: "1Gi"}`); `nonZero` applies the scoring defaults to missing cpu/memory. */
  addList(list: ResourceList, nonZero = false): void {
    if (nonZero) {
      if (list?.cpu === undefined) this.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
      if (list?.memory === undefined) this.memory += DEFAULT_MEMORY_REQUEST;
    }
    if (!list) return;
    for (const name in list) {
      const v = list[name];
      if (v === undefined || v === null) continue;
      switch (name) {
        case 'cpu': this.milliCPU += quantity(v).milli; break;
        case 'memory': this.memory += quantity(v).value; break;
        case 'ephemeral-storage': this.ephemeralStorage += quantity(v).value; break;
        case 'pods': this.allowedPodNumber += quantity(v).value; break;
        default:
          if (isScalarResourceName(name)) this.setScalar(name, this.scalarValue(name) + quantity(v).value);
      }
    }
  }

  isZero(): boolean {
    return this.milliCPU === 0 && this.memory === 0 && this.ephemeralStorage === 0 && (this.scalar === undefined || this.scalar.size === 0);
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }
}

function fromContainer(c: Container, nonZero: boolean): Resource {
  const r = new Resource();
  r.addList(c.resources?.requests as ResourceList, nonZero);
  return r;
}

/**
 * resourcehelper.PodRequests: sum of containers, then the max with each init container (a regular init container
 * runs alone next to the sidecars started before it; sidecars — restartPolicy Always — also add to the sum),
 * plus pod overhead. With `nonZero`, missing cpu/memory requests count as 100m / 200Mi (scoring only).
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const spec = pod.spec;
  const reqs = new Resource();
  if (!spec) return reqs;
  for (const c of spec.containers ?? []) reqs.addList(c.resources?.requests as ResourceList, nonZero);
  if (spec.initContainers?.length) {
    const sidecars = new Resource();
    const initMax = new Resource();
    for (const ic of spec.initContainers) {
      const r = fromContainer(ic, nonZero);
      if (ic.restartPolicy === 'Always') {
        reqs.add(r);
        sidecars.add(r);
        initMax.setMax(sidecars);
      } else {
        r.add(sidecars);
        initMax.setMax(r);
      }
    }
    reqs.setMax(initMax);
  }
  if (spec.overhead) reqs.addList(spec.overhead as ResourceList);
  return reqs;
}

/** node.status.allocatable as a Resource (allowedPodNumber from `pods`). */
export function nodeAllocatable(node: Node): Resource {
  const r = new Resource();
  r.addList((node.status?.allocatable ?? node.status?.capacity) as ResourceList);
  return r;
}
