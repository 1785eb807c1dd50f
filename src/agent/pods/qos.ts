// Pod QoS class (pkg/apis/core/v1/helper/qos) and the OOM score adjustment derived from it (pkg/kubelet/qos).
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { addQuantity, compareQuantity, parseQuantity, toInt, type Quantity } from '../../machinery/quantity.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];
const ZERO = parseQuantity('0');

/** The class computed from requests and limits of all containers and init containers (ComputePodQOS). */
export function computeQosClass(pod: Pod): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const [name, s] of Object.entries(c.resources?.requests ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const q = parseQuantity(s);
      if (compareQuantity(q, ZERO) > 0) requests.set(name, requests.has(name) ? addQuantity(requests.get(name)!, q) : q);
    }
    const found = new Set<string>();
    for (const [name, s] of Object.entries(c.resources?.limits ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const q = parseQuantity(s);
      if (compareQuantity(q, ZERO) > 0) {
        found.add(name);
        limits.set(name, limits.has(name) ? addQuantity(limits.get(name)!, q) : q);
      }
    }
    if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) { guaranteed = false; break; }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** status.qosClass when the pod already has one (it never changes), else computed. */
export function qosClass(pod: Pod): QOSClass {
  return (pod.status?.qosClass as QOSClass | undefined) || computeQosClass(pod);
}

const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
const GUARANTEED_OOM_SCORE_ADJ = -997;
const BEST_EFFORT_OOM_SCORE_ADJ = 1000;

function isNodeCritical(pod: Pod): boolean {
  const ann = pod.metadata?.annotations ?? {};
  const critical = ann['kubernetes.io/config.mirror'] !== undefined || (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
  return critical && pod.spec?.priorityClassName === 'system-node-critical';
}

const memoryRequest = (c: Container): bigint => toInt(parseQuantity(c.resources?.requests?.memory ?? '0'));

function isSidecar(pod: Pod, c: Container): boolean {
  return (pod.spec?.initContainers ?? []).some((i) => i.name === c.name && i.restartPolicy === 'Always');
}

/** oom_score_adj for a container (GetContainerOOMScoreAdjust); `memoryCapacity` is the node's memory in bytes. */
export function containerOomScoreAdj(pod: Pod, container: Container, memoryCapacity: number): number {
  if (isNodeCritical(pod)) return GUARANTEED_OOM_SCORE_ADJ;
  const qos = qosClass(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BEST_EFFORT_OOM_SCORE_ADJ;
  const cap = BigInt(Math.max(1, Math.floor(memoryCapacity)));
  let adj = 1000n - (1000n * memoryRequest(container)) / cap;
  if (isSidecar(pod, container)) {
    const regular = pod.spec?.containers ?? [];
    if (regular.length > 0) {
      const min = regular.map(memoryRequest).reduce((a, b) => (b < a ? b : a));
      const minAdj = 1000n - (1000n * min) / cap;
      if (adj > minAdj) adj = minAdj;
    }
  }
  if (adj < BigInt(1000 + GUARANTEED_OOM_SCORE_ADJ)) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BigInt(BEST_EFFORT_OOM_SCORE_ADJ)) return Number(adj) - 1;
  return Number(adj);
}
