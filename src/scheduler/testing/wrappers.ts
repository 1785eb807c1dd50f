// Builders for Pods and Nodes in tests and benchmarks (in the spirit of kube-scheduler's testing wrappers).
import type { Affinity, Container, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: number;
  ephemeral?: string;
  extended?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const allocatable: Record<string, string> = { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: String(o.pods ?? 110), ...(o.extended ?? {}) };
  if (o.ephemeral) allocatable['ephemeral-storage'] = o.ephemeral;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable, capacity: allocatable, images: o.images },
  };
}

export interface PodOpts {
  ns?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  labels?: Record<string, string>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  priority?: number;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
  hostPorts?: { port: number; ip?: string; protocol?: string }[];
  spread?: TopologySpreadConstraint[];
  owner?: { kind: string; name: string };
  startTime?: string;
  creationTimestamp?: string;
  nominatedNodeName?: string;
  schedulerName?: string;
  schedulingGates?: string[];
  image?: string;
  deleting?: boolean;
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = { ...(o.requests ?? {}) };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const container: Container = {
    name: 'c',
    image: o.image ?? 'busybox',
    resources: Object.keys(requests).length ? { requests } : {},
    ports: o.hostPorts?.map((p) => ({ containerPort: p.port, hostPort: p.port, hostIP: p.ip, protocol: p.protocol })),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      uid: o.uid ?? `uid-${o.ns ?? 'default'}-${name}`,
      labels: o.labels,
      creationTimestamp: o.creationTimestamp,
      deletionTimestamp: o.deleting ? '2024-01-01T00:00:00Z' : undefined,
      ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: `uid-${o.owner.name}`, controller: true }] : undefined,
    },
    spec: {
      containers: o.containers ?? [container],
      initContainers: o.initContainers,
      overhead: o.overhead,
      nodeName: o.nodeName,
      nodeSelector: o.nodeSelector,
      affinity: o.affinity,
      tolerations: o.tolerations,
      priority: o.priority,
      preemptionPolicy: o.preemptionPolicy,
      topologySpreadConstraints: o.spread,
      schedulerName: o.schedulerName,
      schedulingGates: o.schedulingGates?.map((n) => ({ name: n })),
    },
    status: { startTime: o.startTime, nominatedNodeName: o.nominatedNodeName, phase: o.nodeName ? 'Running' : 'Pending' },
  };
}

/** Zone labels for spread tests. */
export const zone = (z: string): Record<string, string> => ({ 'topology.kubernetes.io/zone': z });
