// The range allocator's decisions (pkg/controller/nodeipam/ipam range_allocator), kept apart from I/O: which
// node subnets are in use (adopted from nodes that already carry spec.podCIDRs, or handed out and not yet seen
// on the node), what a node without one gets, and what a deleted node gives back.
import type { Node } from 'kubernetes-types/core/v1.js';
import { ipToInt } from '../../machinery/cidr.js';
import { CidrSet } from './cidrset.js';

export interface RangeAllocatorOptions {
  /** @default '10.42.0.0/16' (k3s' --cluster-cidr) */
  clusterCIDR?: string;
  /** @default 24 (--node-cidr-mask-size) */
  nodeMaskSize?: number;
  /** Subnets overlapping the service CIDR are never handed out (filterOutServiceRange). */
  serviceCIDR?: string;
}

export type CIDRDecision =
  /** Nothing to write; `warning` when the node's own CIDR could not be tracked (outside the cluster CIDR). */
  | { type: 'none'; warning?: string }
  /** Write spec.podCIDR = cidrs[0] and spec.podCIDRs = cidrs (again, if a previous write was not yet seen). */
  | { type: 'assign'; cidrs: string[] }
  /** No subnet left: record CIDRNotAvailable and try again later. */
  | { type: 'exhausted' };

const SERVICE_OWNER = '\u0000service-cidr';

/** The pod CIDRs a node carries: spec.podCIDRs, or the legacy single spec.podCIDR. */
export function nodePodCIDRs(node: Node): string[] {
  const many = node.spec?.podCIDRs ?? [];
  if (many.length) return [...many];
  return node.spec?.podCIDR ? [node.spec.podCIDR] : [];
}

export class RangeAllocator {
  readonly set: CidrSet;
  /** node name → the CIDRs it holds, and whether our write is not yet seen on the node. */
  private readonly held = new Map<string, { cidrs: string[]; pending: boolean }>();
  /** cidr → holders; a subnet is released only when its last holder lets go. */
  private readonly holders = new Map<string, Set<string>>();

  constructor(o: RangeAllocatorOptions = {}) {
    this.set = new CidrSet(o.clusterCIDR ?? '10.42.0.0/16', o.nodeMaskSize ?? 24);
    if (o.serviceCIDR && this.set.overlaps(o.serviceCIDR)) this.hold(SERVICE_OWNER, [o.serviceCIDR]);
  }

  /** Node subnets in use. */
  get used(): number { return this.set.size; }

  /** What `name` holds (adopted or pending), if anything. */
  heldBy(name: string): string[] | undefined { return this.held.get(name)?.cidrs; }

  /** Startup: occupy every CIDR already set on a node, before anything is handed out. Returns warnings. */
  adopt(nodes: readonly Node[]): string[] {
    const warnings: string[] = [];
    for (const n of nodes) {
      const d = this.sync(n.metadata?.name ?? '', n, { allocate: false });
      if (d.type === 'none' && d.warning) warnings.push(d.warning);
    }
    return warnings;
  }

  /**
   * Level-triggered: `node` is the cached node named `name` (undefined once deleted). A deleted node releases what
   * it held; a node with CIDRs is tracked as holding exactly those; a node without gets the next free subnet (the
   * same one again while an earlier write has not been observed).
   */
  sync(name: string, node: Node | undefined, o: { allocate?: boolean } = {}): CIDRDecision {
    const prev = this.held.get(name);
    if (!node) {
      this.drop(name);
      return { type: 'none' };
    }
    const own = nodePodCIDRs(node);
    if (own.length) {
      if (prev && !prev.pending && sameList(prev.cidrs, own)) return { type: 'none' };
      this.drop(name);
      const inRange = own.filter((c) => { try { return this.set.overlaps(c); } catch { return false; } });
      if (inRange.length) this.hold(name, inRange, false);
      if (inRange.length < own.length) {
        return { type: 'none', warning: `node ${name} has pod CIDRs ${own.join(',')} outside the cluster CIDR; not tracked` };
      }
      return { type: 'none' };
    }
    if (prev?.pending) return { type: 'assign', cidrs: [...prev.cidrs] };
    if (prev) this.drop(name); // held CIDRs the node no longer shows (cannot happen through the API): start over
    if (o.allocate === false) return { type: 'none' };
    const cidr = this.set.allocateNext();
    if (!cidr) return { type: 'exhausted' };
    this.hold(name, [cidr], true);
    return { type: 'assign', cidrs: [cidr] };
  }

  /** Gives back a pending assignment whose write failed for good (the node is gone or already has a CIDR). */
  abandon(name: string): void {
    if (this.held.get(name)?.pending) this.drop(name);
  }

  private hold(name: string, cidrs: string[], pending = false): void {
    this.held.set(name, { cidrs, pending });
    for (const c of cidrs) {
      let h = this.holders.get(c);
      if (!h) this.holders.set(c, (h = new Set()));
      h.add(name);
      this.set.occupy(c);
    }
  }

  private drop(name: string): void {
    const prev = this.held.get(name);
    if (!prev) return;
    this.held.delete(name);
    for (const c of prev.cidrs) {
      const h = this.holders.get(c);
      h?.delete(name);
      if (h && h.size === 0) {
        this.holders.delete(c);
        this.set.release(c);
        // a neighbour overlapping this one (e.g. a larger adopted CIDR) keeps its subnets
        for (const [other] of this.holders) if (overlapping(other, c)) this.set.occupy(other);
      }
    }
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function overlapping(a: string, b: string): boolean {
  const range = (c: string) => {
    const [ip, p] = c.split('/');
    const size = 2 ** (32 - Number(p));
    const n = ipToInt(ip!);
    return [Math.floor(n / size) * size, size] as const;
  };
  const [ab, as] = range(a), [bb, bs] = range(b);
  return ab < bb + bs && bb < ab + as;
}
