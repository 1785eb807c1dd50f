// Requests and limits → cgroup settings, as kuberuntime_container_linux.go does: cpu.shares from the request (the
// limit when no request), a CFS quota over a 100 ms period from the limit, the memory limit, oom_score_adj by QoS.
// No CPU manager (cpusets empty) and no hugepage limits.
import { totalmem } from 'node:os';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity, toInt, toMilli } from '../../machinery/quantity.js';
import type { LinuxContainerResources } from './cri-types.js';
import { containerOomScoreAdj } from './qos.js';

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const SHARES_PER_CPU = 1024;
export const QUOTA_PERIOD = 100000;
export const MIN_QUOTA_PERIOD = 1000;

/** cpu.shares for a CPU request in millicores (cm.MilliCPUToShares). */
export function milliCPUToShares(milliCPU: number): number {
  if (milliCPU === 0) return MIN_SHARES;
  const shares = Math.floor((milliCPU * SHARES_PER_CPU) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/** CFS quota in µs for a CPU limit in millicores over `period` µs; 0 means unlimited (cm.MilliCPUToQuota). */
export function milliCPUToQuota(milliCPU: number, period: number = QUOTA_PERIOD): number {
  if (milliCPU === 0) return 0;
  return Math.max(MIN_QUOTA_PERIOD, Math.floor((milliCPU * period) / 1000));
}

const milli = (s: string | undefined): number => (s === undefined ? 0 : Number(toMilli(parseQuantity(s))));
const bytes = (s: string | undefined): number => (s === undefined ? 0 : Number(toInt(parseQuantity(s))));

/** calculateLinuxResources: `cpuRequest` undefined means "not given" (then the limit sets the shares). */
export function calculateLinuxResources(cpuRequestMilli: number | undefined, cpuLimitMilli: number, memoryLimit: number): LinuxContainerResources {
  const shares = cpuRequestMilli === undefined && cpuLimitMilli !== 0 ? milliCPUToShares(cpuLimitMilli) : milliCPUToShares(cpuRequestMilli ?? 0);
  return {
    cpuPeriod: QUOTA_PERIOD,
    cpuQuota: milliCPUToQuota(cpuLimitMilli, QUOTA_PERIOD),
    cpuShares: shares,
    memoryLimitInBytes: memoryLimit,
    oomScoreAdj: 0,
    cpusetCpus: '',
    cpusetMems: '',
  };
}

export interface NodeFacts {
  /** Node memory capacity in bytes, for Burstable oom_score_adj. @default os.totalmem() */
  memoryCapacityBytes?: number;
}

/** ContainerConfig.linux.resources for one container of the pod. */
export function linuxResources(container: Container, pod: Pod, node: NodeFacts = {}): LinuxContainerResources {
  const req = container.resources?.requests ?? {};
  const lim = container.resources?.limits ?? {};
  const r = calculateLinuxResources(req.cpu === undefined ? undefined : milli(req.cpu), milli(lim.cpu), bytes(lim.memory));
  r.oomScoreAdj = containerOomScoreAdj(pod, container, node.memoryCapacityBytes ?? totalmem());
  return r;
}

type Totals = { cpu: number; memory: number; cpuSet: boolean };

/** Effective pod requests or limits (resourcehelper.PodRequests/PodLimits without overhead), sidecars included. */
export function podTotals(pod: Pod, which: 'requests' | 'limits'): Totals {
  const of = (c: Container): Totals => {
    const l = c.resources?.[which] ?? {};
    return { cpu: milli(l.cpu), memory: bytes(l.memory), cpuSet: l.cpu !== undefined };
  };
  const add = (a: Totals, b: Totals): Totals => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory, cpuSet: a.cpuSet || b.cpuSet });
  const max = (a: Totals, b: Totals): Totals => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory), cpuSet: a.cpuSet || b.cpuSet });
  const zero: Totals = { cpu: 0, memory: 0, cpuSet: false };
  let total = (pod.spec?.containers ?? []).map(of).reduce(add, zero);
  let sidecars = zero;
  let init = zero;
  for (const c of pod.spec?.initContainers ?? []) {
    let own = of(c);
    if (c.restartPolicy === 'Always') {
      total = add(total, own);
      sidecars = add(sidecars, own);
      own = sidecars;
    } else {
      own = add(own, sidecars);
    }
    init = max(init, own);
  }
  return max(total, init);
}

/** LinuxPodSandboxConfig.resources (calculateSandboxResources, overhead excluded). */
export function sandboxResources(pod: Pod): LinuxContainerResources {
  const req = podTotals(pod, 'requests');
  const lim = podTotals(pod, 'limits');
  return calculateLinuxResources(req.cpuSet ? req.cpu : undefined, lim.cpu, lim.memory);
}
