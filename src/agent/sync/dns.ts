// The pod's resolver configuration (the kubelet's dns.go GetPodDNS): ClusterFirst → cluster DNS servers with the
// `<ns>.svc.<domain> svc.<domain> <domain>` search path (then the host's) and ndots:5; Default → the node's
// resolv.conf; None → only spec.dnsConfig. spec.dnsConfig is merged on top of every policy.
import type { Pod, PodDNSConfig } from 'kubernetes-types/core/v1.js';
import type { DNSConfig } from '../runtime/types.js';

export interface ClusterDns {
  /** Cluster DNS server addresses (`--cluster-dns`); empty means "none configured". */
  clusterDNS: string[];
  /** @default 'cluster.local' */
  clusterDomain: string;
}

export interface ResolvConf { servers: string[]; searches: string[]; options: string[] }

/** Parses resolv.conf text: nameserver, search/domain (last wins, as glibc), options. */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.servers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.searches = rest;
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

/** `MissingClusterDNS` when ClusterFirst was asked for and no cluster DNS is configured (the kubelet's event). */
export interface PodDnsResult { config: DNSConfig; missingClusterDNS: boolean }

const MAX_SEARCHES = 32;

function dedupe(list: string[]): string[] {
  return [...new Set(list.filter(Boolean))];
}

/** Options merged by name: a later `name[:value]` replaces an earlier one with the same name. */
function mergeOptions(base: string[], extra: PodDNSConfig['options']): string[] {
  const byName = new Map<string, string>();
  for (const o of base) byName.set(o.split(':')[0]!, o);
  for (const o of extra ?? []) if (o.name) byName.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...byName.values()];
}

export function podDnsConfig(pod: Pod, cluster: ClusterDns, host: ResolvConf): PodDnsResult {
  const spec = pod.spec ?? { containers: [] };
  const domain = cluster.clusterDomain || 'cluster.local';
  let policy = spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && spec.hostNetwork) policy = 'Default';
  if (policy === 'ClusterFirstWithHostNet') policy = 'ClusterFirst';
  let missingClusterDNS = false;
  if (policy === 'ClusterFirst' && cluster.clusterDNS.length === 0) {
    policy = 'Default';
    missingClusterDNS = true;
  }
  let base: ResolvConf;
  if (policy === 'ClusterFirst') {
    const ns = pod.metadata?.namespace ?? 'default';
    base = {
      servers: [...cluster.clusterDNS],
      searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches],
      options: ['ndots:5'],
    };
  } else if (policy === 'None') {
    base = { servers: [], searches: [], options: [] };
  } else {
    base = { servers: [...host.servers], searches: [...host.searches], options: [...host.options] };
  }
  const extra = spec.dnsConfig;
  return {
    config: {
      servers: dedupe([...base.servers, ...(extra?.nameservers ?? [])]),
      searches: dedupe([...base.searches, ...(extra?.searches ?? [])]).slice(0, MAX_SEARCHES),
      options: mergeOptions(base.options, extra?.options),
    },
    missingClusterDNS,
  };
}
