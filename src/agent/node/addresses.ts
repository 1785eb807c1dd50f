// status.addresses as the kubelet reports them without a cloud provider: InternalIP (the --node-ip given, else the
// first non-loopback IPv4 of the host), ExternalIP when given (k3s --node-external-ip), Hostname.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { NodeAddress } from 'kubernetes-types/core/v1.js';

export interface NodeAddressOptions {
  /** --node-ip. */
  nodeIP?: string;
  /** --node-external-ip. */
  externalIP?: string;
  hostname: string;
  /** @default os.networkInterfaces() */
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/** The first non-internal IPv4 address, in interface order (undefined on a host with none). */
export function firstHostIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | undefined {
  for (const addrs of Object.values(interfaces)) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.')) return a.address;
  }
  return undefined;
}

export function nodeAddresses(o: NodeAddressOptions): NodeAddress[] {
  const out: NodeAddress[] = [];
  const internal = o.nodeIP ?? firstHostIPv4(o.interfaces);
  if (internal) out.push({ type: 'InternalIP', address: internal });
  if (o.externalIP) out.push({ type: 'ExternalIP', address: o.externalIP });
  out.push({ type: 'Hostname', address: o.hostname });
  return out;
}
