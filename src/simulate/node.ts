// Hollow node objects: what a kubelet would register, with configurable capacity and labels (pure).
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';

export interface SimNodeSpec {
  cpu: string;
  memory: string;
  pods: string;
  ephemeralStorage: string;
  /** Extended resources, e.g. { 'nvidia.com/gpu': '8' }. */
  extended: Record<string, string>;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  /** Number of zones to spread nodes over (topology.kubernetes.io/zone=zone-<i % zones>); 0 = none. */
  zones: number;
}

export const SIMULATED_LABEL = 'skiff.io/simulated';
/** Annotate a Node with `skiff.io/simulate-heartbeat=stopped` to make the simulator stop renewing its Lease. */
export const HEARTBEAT_ANNOTATION = 'skiff.io/simulate-heartbeat';
export const KUBELET_VERSION = 'v1.30.0-skiff-sim';

export function nodeName(prefix: string, i: number): string {
  return `${prefix}${i}`;
}

export function buildNode(name: string, index: number, spec: SimNodeSpec, now: string): Node {
  const capacity: Record<string, string> = { cpu: spec.cpu, memory: spec.memory, pods: spec.pods, 'ephemeral-storage': spec.ephemeralStorage, ...spec.extended };
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', [SIMULATED_LABEL]: 'true', type: 'skiff-simulated',
    ...spec.labels,
  };
  if (spec.zones > 0) {
    labels['topology.kubernetes.io/zone'] = `zone-${index % spec.zones}`;
    labels['topology.kubernetes.io/region'] = 'sim-region';
  }
  const node: Node = {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: spec.taints.length ? { taints: spec.taints } : {},
    status: {
      capacity, allocatable: { ...capacity },
      conditions: readyConditions(now),
      addresses: [{ type: 'InternalIP', address: `192.0.2.${(index % 254) + 1}` }, { type: 'Hostname', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '', systemUUID: '', bootID: '', kernelVersion: 'simulated', osImage: 'Skiff simulated node',
        containerRuntimeVersion: 'skiff-sim://1.0', kubeletVersion: KUBELET_VERSION, kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux', architecture: 'amd64',
      },
      phase: 'Running',
    },
  };
  return node;
}

export function readyConditions(now: string): NonNullable<NonNullable<Node['status']>['conditions']> {
  const c = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

export function buildLease(name: string, nodeUid: string | undefined, now: string): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name, namespace: 'kube-node-lease', ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: nodeUid }] } : {}) },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now as never },
  };
}

/** RFC 3339 with microseconds, as MicroTime is written. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
