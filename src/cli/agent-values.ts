// Parsing of agent flag values: --node-label k=v, --node-taint k=v:Effect, --kubelet-port, the cluster DNS address.
import type { Taint } from 'kubernetes-types/core/v1.js';
import { intToIp, parseCIDR } from '../machinery/cidr.js';

export class FlagError extends Error {}

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function parseLabels(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    const i = s.indexOf('=');
    const k = i < 0 ? s : s.slice(0, i);
    const v = i < 0 ? '' : s.slice(i + 1);
    if (i < 0 || !KEY.test(k) || !VALUE.test(v) || v.length > 63) throw new FlagError(`--node-label ${s}: expected key=value with a valid label key and value`);
    out[k] = v;
  }
  return out;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `key=value:Effect` or `key:Effect` (kubelet --register-with-taints). */
export function parseTaints(specs: string[]): Taint[] {
  return specs.map((s) => {
    const c = s.lastIndexOf(':');
    const effect = c < 0 ? '' : s.slice(c + 1);
    const kv = c < 0 ? s : s.slice(0, c);
    const i = kv.indexOf('=');
    const key = i < 0 ? kv : kv.slice(0, i);
    const value = i < 0 ? undefined : kv.slice(i + 1);
    if (!EFFECTS.includes(effect)) throw new FlagError(`--node-taint ${s}: the effect must be one of ${EFFECTS.join(', ')} (key=value:Effect)`);
    if (!KEY.test(key) || (value !== undefined && !VALUE.test(value))) throw new FlagError(`--node-taint ${s}: invalid key or value`);
    return value === undefined ? { key, effect } : { key, value, effect };
  });
}

export function parsePort(s: string, flag: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new FlagError(`${flag} ${s}: expected a port number (0 picks a free one)`);
  return n;
}

/** The cluster DNS Service IP: given, else the 10th address of the service range (k3s: 10.43.0.10). */
export function clusterDNSAddress(given: string | undefined, serviceCIDR: string): string {
  if (given) return given;
  return intToIp(parseCIDR(serviceCIDR).base + 10);
}
