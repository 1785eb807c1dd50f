// Service ClusterIP and NodePort allocation from --service-cidr and 30000-32767. Allocations are derived from the
// stored Services (the store is the only state) plus in-flight reservations, so a restart loses nothing.
import type { AdmissionPlugin } from './index.js';
import type { ApiServer } from '../server.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { KObject } from '../../api/types.js';
import { ApiError, invalid, type FieldError } from '../../machinery/errors.js';
import { parseCIDR, ipToInt, intToIp, type CIDR } from '../../machinery/cidr.js';

interface ServiceSpec {
  type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: { nodePort?: number; port?: number; protocol?: string; name?: string }[];
  ipFamilies?: string[]; ipFamilyPolicy?: string; externalName?: string; healthCheckNodePort?: number;
}

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

export class ServiceIPs implements AdmissionPlugin {
  readonly name = 'ServiceIPAllocation';
  private readonly cidr: CIDR;
  private readonly reservedIPs = new Set<number>();
  private readonly reservedPorts = new Set<number>();

  constructor(private readonly s: ApiServer) {
    this.cidr = parseCIDR(s.opts.serviceCIDR);
  }

  /** The first address of the range, used by the `kubernetes` service. */
  firstIP(): string { return intToIp(this.cidr.base + 1); }

  private async used(): Promise<{ ips: Set<number>; ports: Set<number> }> {
    const l = await this.s.entry('', 'v1', 'services').store!.list({ namespace: '' });
    const ips = new Set(this.reservedIPs);
    const ports = new Set(this.reservedPorts);
    for (const svc of l.items) {
      const sp = (svc.spec ?? {}) as ServiceSpec;
      for (const ip of sp.clusterIPs ?? (sp.clusterIP ? [sp.clusterIP] : [])) if (ip && ip !== 'None') ips.add(ipToInt(ip));
      for (const p of sp.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    }
    return { ips, ports };
  }

  private chain: Promise<void> = Promise.resolve();

  /** Serialized: reading the allocations and reserving one must not interleave with another admission. */
  admit(a: AdmissionAttributes): Promise<void> {
    const run = this.chain.then(() => this.admitOne(a));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async admitOne(a: AdmissionAttributes): Promise<void> {
    const i = a.entry.info;
    if (!(i.group === '' && i.resource === 'services') || !a.object || (a.subresource && a.subresource !== '')) return;
    if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
    const spec = ((a.object.spec ??= {}) as ServiceSpec);
    const old = a.old ? ((a.old.spec ?? {}) as ServiceSpec) : undefined;
    const name = a.name;
    const errs: FieldError[] = [];
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') {
      delete spec.clusterIP; delete spec.clusterIPs;
      delete spec.ipFamilies; delete spec.ipFamilyPolicy;
      return;
    }
    // keep what was allocated when an update leaves it unset (Kubernetes' patchAllocatedValues)
    if (old && (!spec.clusterIP || spec.clusterIP === '') && old.clusterIP) {
      spec.clusterIP = old.clusterIP;
      spec.clusterIPs = old.clusterIPs ?? [old.clusterIP];
    }
    if (old && old.clusterIP && spec.clusterIP !== old.clusterIP && old.clusterIP !== '') {
      errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', value: spec.clusterIP, detail: 'may not change once set' });
      throw invalid('Service', '', name, errs);
    }
    const { ips, ports } = await this.used();
    if (!old || !old.clusterIP) {
      if (spec.clusterIP === 'None') {
        spec.clusterIPs = ['None'];
      } else if (spec.clusterIP) {
        let n: number;
        try { n = ipToInt(spec.clusterIP); } catch {
          throw invalid('Service', '', name, [{ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', value: spec.clusterIP, detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' }]);
        }
        // kube's allocator reports the whole clusterIPs list, Go-printed (registry/core/service/storage/alloc.go)
        const goIPs = `[]string{${JSON.stringify(spec.clusterIP)}}`;
        if (!this.inRange(n)) throw invalid('Service', '', name, [{ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [spec.clusterIP], goValue: goIPs, detail: `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${this.s.opts.serviceCIDR}` }]);
        if (ips.has(n)) throw invalid('Service', '', name, [{ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [spec.clusterIP], goValue: goIPs, detail: `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated` }]);
        spec.clusterIPs = [spec.clusterIP];
        if (!a.dryRun) this.hold(this.reservedIPs, n);
      } else {
        const n = this.pickIP(ips);
        spec.clusterIP = intToIp(n);
        spec.clusterIPs = [spec.clusterIP];
        if (!a.dryRun) this.hold(this.reservedIPs, n);
      }
    }
    spec.ipFamilies = spec.ipFamilies ?? ['IPv4'];
    spec.ipFamilyPolicy = spec.ipFamilyPolicy ?? 'SingleStack';
    if (type === 'NodePort' || type === 'LoadBalancer') {
      const oldPorts = new Map((old?.ports ?? []).map((p) => [`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort]));
      for (const [idx, p] of (spec.ports ?? []).entries()) {
        if (!p.nodePort) {
          const prev = oldPorts.get(`${p.port}/${p.protocol ?? 'TCP'}`);
          if (prev) { p.nodePort = prev; continue; }
          const n = this.pickPort(ports);
          p.nodePort = n; ports.add(n);
          if (!a.dryRun) this.hold(this.reservedPorts, n);
        } else if (!old?.ports?.some((op) => op.nodePort === p.nodePort)) {
          if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
            throw invalid('Service', '', name, [{ type: 'FieldValueInvalid', field: `spec.ports[${idx}].nodePort`, value: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` }]);
          }
          if (ports.has(p.nodePort)) throw invalid('Service', '', name, [{ type: 'FieldValueInvalid', field: `spec.ports[${idx}].nodePort`, value: p.nodePort, detail: 'provided port is already allocated' }]);
          ports.add(p.nodePort);
        }
      }
    } else {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }
  }

  /** Reservations cover the window between admission and the store seeing the write. */
  private hold(set: Set<number>, n: number): void {
    set.add(n);
    setTimeout(() => set.delete(n), 10_000).unref();
  }

  release(_a: AdmissionAttributes & { result: KObject }): void {
    // Allocations are derived from stored Services; deleting the Service frees its IP and ports.
  }

  private inRange(n: number): boolean {
    return n > this.cidr.base && n < this.cidr.base + this.cidr.size - 1;
  }

  private pickIP(used: Set<number>): number {
    // Kubernetes' static subrange: dynamic allocation takes the upper band first, leaving the low addresses
    // (e.g. the cluster DNS .10) to Services that ask for them; offset 0/1 and broadcast are never handed out.
    const size = this.cidr.size;
    const bandStart = Math.min(Math.max(16, Math.floor(size / 16)), 256);
    for (const [lo, hi] of [[bandStart, size - 2], [2, Math.min(bandStart - 1, size - 2)]] as const) {
      const count = hi - lo + 1;
      if (count <= 0) continue;
      const start = Math.floor(Math.random() * count);
      for (let k = 0; k < count; k++) {
        const n = this.cidr.base + lo + ((start + k) % count);
        if (!used.has(n)) return n;
      }
    }
    throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
  }

  private pickPort(used: Set<number>): number {
    const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    const start = Math.floor(Math.random() * span);
    for (let k = 0; k < span; k++) {
      const p = NODE_PORT_MIN + ((start + k) % span);
      if (!used.has(p)) return p;
    }
    throw invalid('Service', '', '', [{ type: 'FieldValueInvalid', field: 'spec.ports', value: '', detail: 'failed to allocate a nodePort: range is full' }]);
  }
}
