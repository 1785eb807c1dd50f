// Cluster events that can make an unschedulable pod schedulable, and which plugins care about which
// (kube-scheduler EventsToRegister, 1.30 without queueing hints). A pod rejected by plugins P moves back to the
// active/backoff queue on an event registered by any plugin in P.

export type EventResource = 'Node' | 'AssignedPod' | '*';
export type ActionType = 'Add' | 'Update' | 'Delete' | '*';

export interface ClusterEvent {
  resource: EventResource;
  action: ActionType;
  /** For logs and metrics: NodeAdd, AssignedPodDelete, UnschedulableTimeout, … */
  label: string;
}

export const NODE_ADD: ClusterEvent = { resource: 'Node', action: 'Add', label: 'NodeAdd' };
export const NODE_UPDATE: ClusterEvent = { resource: 'Node', action: 'Update', label: 'NodeUpdate' };
export const NODE_DELETE: ClusterEvent = { resource: 'Node', action: 'Delete', label: 'NodeDelete' };
export const ASSIGNED_POD_ADD: ClusterEvent = { resource: 'AssignedPod', action: 'Add', label: 'AssignedPodAdd' };
export const ASSIGNED_POD_UPDATE: ClusterEvent = { resource: 'AssignedPod', action: 'Update', label: 'AssignedPodUpdate' };
export const ASSIGNED_POD_DELETE: ClusterEvent = { resource: 'AssignedPod', action: 'Delete', label: 'AssignedPodDelete' };
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = { resource: '*', action: '*', label: 'UnschedulableTimeout' };
export const FORCE_ACTIVATE: ClusterEvent = { resource: '*', action: '*', label: 'ForceActivate' };

const NODE_AU: [EventResource, ActionType[]] = ['Node', ['Add', 'Update']];

/** Plugin name → events it registers. */
export const PLUGIN_EVENTS: Record<string, [EventResource, ActionType[]][]> = {
  NodeUnschedulable: [NODE_AU],
  NodeName: [NODE_AU],
  TaintToleration: [NODE_AU],
  NodeAffinity: [NODE_AU],
  NodePorts: [['AssignedPod', ['Delete']], NODE_AU],
  NodeResourcesFit: [['AssignedPod', ['Delete']], NODE_AU],
  VolumeBinding: [NODE_AU],
  InterPodAffinity: [['AssignedPod', ['Add', 'Update', 'Delete']], NODE_AU],
  PodTopologySpread: [['AssignedPod', ['Add', 'Update', 'Delete']], ['Node', ['Add', 'Update', 'Delete']]],
};

/** Whether `event` may help a pod that `plugins` rejected. No recorded plugins: any event may. */
export function eventMatters(plugins: ReadonlySet<string>, event: ClusterEvent): boolean {
  if (event.resource === '*' || plugins.size === 0) return true;
  for (const p of plugins) {
    const regs = PLUGIN_EVENTS[p];
    if (!regs) return true; // unknown plugin: be safe
    for (const [res, actions] of regs) if (res === event.resource && (actions.includes(event.action) || actions.includes('*'))) return true;
  }
  return false;
}
