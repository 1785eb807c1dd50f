// The Node object the agent registers and keeps posting: labels (hostname, os, arch, their beta twins, control-plane
// roles on servers), taints to register with, status (capacity, allocatable, conditions, addresses, daemonEndpoints,
// nodeInfo, images). Pure: everything measured is passed in.
import type { ContainerImage, Node, NodeAddress, NodeCondition, NodeSystemInfo, Taint } from 'kubernetes-types/core/v1.js';
import type { ResourceList } from './capacity.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';
export const LABEL_ROLE_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
export const LABEL_ROLE_MASTER = 'node-role.kubernetes.io/master';
/** The kubelet's default --port. */
export const KUBELET_PORT = 10250;

export interface BuildNodeInput {
  name: string;
  /** --node-label k=v (win over the defaults, as in the kubelet). */
  labels?: Record<string, string>;
  /** --node-taint / --register-with-taints. */
  taints?: Taint[];
  /** A server node: labelled node-role.kubernetes.io/control-plane=true and master=true, as k3s does. */
  controlPlane?: boolean;
  capacity: ResourceList;
  allocatable: ResourceList;
  conditions: NodeCondition[];
  addresses: NodeAddress[];
  nodeInfo: NodeSystemInfo;
  images?: ContainerImage[];
  /** @default 10250 */
  kubeletPort?: number;
}

/** The labels the kubelet always sets (updateDefaultLabels), plus k3s' role labels on servers. */
export function defaultNodeLabels(i: Pick<BuildNodeInput, 'name' | 'nodeInfo' | 'controlPlane'>): Record<string, string> {
  const os = i.nodeInfo.operatingSystem, arch = i.nodeInfo.architecture;
  return {
    [LABEL_HOSTNAME]: i.name, [LABEL_OS]: os, [LABEL_ARCH]: arch,
    'beta.kubernetes.io/os': os, 'beta.kubernetes.io/arch': arch,
    ...(i.controlPlane ? { [LABEL_ROLE_CONTROL_PLANE]: 'true', [LABEL_ROLE_MASTER]: 'true' } : {}),
  };
}

export function buildNode(i: BuildNodeInput): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: i.name,
      labels: { ...defaultNodeLabels(i), ...(i.labels ?? {}) },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: i.taints?.length ? { taints: i.taints } : {},
    status: buildNodeStatus(i),
  };
}

export function buildNodeStatus(i: BuildNodeInput): NonNullable<Node['status']> {
  return {
    capacity: { ...i.capacity },
    allocatable: { ...i.allocatable },
    conditions: i.conditions,
    addresses: i.addresses,
    daemonEndpoints: { kubeletEndpoint: { Port: i.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: i.nodeInfo,
    images: i.images ?? [],
  };
}
