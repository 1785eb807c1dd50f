// Pod QoS class (v1qos.GetPodQOS): BestEffort without any cpu/memory request or limit; Guaranteed when every
// container limits both cpu and memory and requests equal limits; Burstable otherwise. A request left out next to
// a limit counts as equal to it, as the API server's defaulting would have made it.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { addQuantity, compareQuantity, isZeroQuantity, tryParseQuantity, type Quantity } from '../../machinery/quantity.js';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

function positive(v: unknown): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  const q = tryParseQuantity(String(v));
  return q && !isZeroQuantity(q) && q.mantissa > 0n ? q : undefined;
}

export function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (m: Map<string, Quantity>, k: string, q: Quantity) => m.set(k, m.has(k) ? addQuantity(m.get(k)!, q) : q);
  for (const c of all) {
    const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
    const lim = (c.resources?.limits ?? {}) as Record<string, unknown>;
    let limitsFound = 0;
    for (const r of QOS_RESOURCES) {
      const l = positive(lim[r]);
      const q = positive(req[r]) ?? (req[r] === undefined ? l : undefined);
      if (q) add(requests, r, q);
      if (l) { add(limits, r, l); limitsFound++; }
    }
    if (limitsFound < QOS_RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [r, q] of requests) {
      const l = limits.get(r);
      if (!l || compareQuantity(l, q) !== 0) { guaranteed = false; break; }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
