// CidrSet: the node-sized subnets of one cluster CIDR, as kube-controller-manager's cidrset does it: a bitmap of
// subnets, AllocateNext searching round-robin from just after the last allocation (so a just-released subnet is
// not handed out again at once), Occupy for subnets already in use (also larger or smaller ones), Release.
import { intToIp, ipToInt, parseCIDR, type CIDR } from '../../machinery/cidr.js';

/** The allocator's error when every subnet is taken (upstream's ErrCIDRRangeNoCIDRsRemaining wording). */
export const CIDR_RANGE_EXHAUSTED = 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

export class CidrSet {
  readonly cluster: CIDR;
  readonly nodeMaskSize: number;
  /** Number of node subnets in the cluster CIDR. */
  readonly maxCIDRs: number;
  private readonly used: Uint8Array;
  private allocated = 0;
  private nextCandidate = 0;

  constructor(clusterCIDR: string, nodeMaskSize: number) {
    this.cluster = parseCIDR(clusterCIDR);
    if (!Number.isInteger(nodeMaskSize) || nodeMaskSize < this.cluster.prefix || nodeMaskSize > 30) {
      throw new Error(`invalid node CIDR mask size ${nodeMaskSize}: must be between ${this.cluster.prefix} and 30 for cluster CIDR ${clusterCIDR}`);
    }
    if (nodeMaskSize - this.cluster.prefix > 16) {
      throw new Error(`invalid node CIDR mask size ${nodeMaskSize}: the cluster CIDR ${clusterCIDR} would hold more than 65536 node subnets`);
    }
    this.nodeMaskSize = nodeMaskSize;
    this.maxCIDRs = 2 ** (nodeMaskSize - this.cluster.prefix);
    this.used = new Uint8Array(this.maxCIDRs);
  }

  get size(): number { return this.allocated; }

  /** The next free subnet (round-robin), marked used; undefined when none is left. */
  allocateNext(): string | undefined {
    for (let i = 0; i < this.maxCIDRs; i++) {
      const idx = (this.nextCandidate + i) % this.maxCIDRs;
      if (this.used[idx]) continue;
      this.mark(idx, true);
      this.nextCandidate = (idx + 1) % this.maxCIDRs;
      return this.indexToCIDR(idx);
    }
    return undefined;
  }

  /** Marks every node subnet overlapping `cidr` used. Throws if `cidr` does not overlap the cluster CIDR. */
  occupy(cidr: string): void {
    for (const idx of this.indexes(cidr)) this.mark(idx, true);
  }

  /** Marks every node subnet overlapping `cidr` free. */
  release(cidr: string): void {
    for (const idx of this.indexes(cidr)) this.mark(idx, false);
  }

  /** Whether every node subnet overlapping `cidr` is used. */
  isOccupied(cidr: string): boolean {
    const idx = this.indexes(cidr);
    return idx.length > 0 && idx.every((i) => this.used[i] === 1);
  }

  /** Whether `cidr` overlaps the cluster CIDR at all. */
  overlaps(cidr: string): boolean {
    const c = parseAny(cidr);
    return c.base < this.cluster.base + this.cluster.size && this.cluster.base < c.base + c.size;
  }

  private mark(idx: number, on: boolean): void {
    if ((this.used[idx] === 1) === on) return;
    this.used[idx] = on ? 1 : 0;
    this.allocated += on ? 1 : -1;
  }

  private indexToCIDR(idx: number): string {
    const step = 2 ** (32 - this.nodeMaskSize);
    return `${intToIp(this.cluster.base + idx * step)}/${this.nodeMaskSize}`;
  }

  /** The node-subnet indexes overlapping `cidr`, clipped to the cluster CIDR. */
  private indexes(cidr: string): number[] {
    const c = parseAny(cidr);
    if (!this.overlaps(cidr)) throw new Error(`cidr ${cidr} is out of the range of cluster cidr ${intToIp(this.cluster.base)}/${this.cluster.prefix}`);
    const step = 2 ** (32 - this.nodeMaskSize);
    const lo = Math.max(c.base, this.cluster.base), hi = Math.min(c.base + c.size, this.cluster.base + this.cluster.size);
    const first = Math.floor((lo - this.cluster.base) / step), last = Math.floor((hi - 1 - this.cluster.base) / step);
    const out: number[] = [];
    for (let i = first; i <= last; i++) out.push(i);
    return out;
  }
}

/** parseCIDR accepts prefixes 8..30 only; a CIDR to occupy may be any IPv4 prefix. */
function parseAny(cidr: string): CIDR {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr.trim());
  const prefix = Number(m?.[2] ?? -1);
  if (!m || prefix < 0 || prefix > 32) throw new Error(`invalid CIDR "${cidr}": expected a.b.c.d/n`);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(ipToInt(m[1]!) / size) * size, prefix, size };
}
