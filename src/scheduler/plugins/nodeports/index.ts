// NodePorts: a pod's container hostPorts must be free on the node (0.0.0.0 conflicts with every address).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoFor } from '../../framework/pod-info.js';
import { SKIP, unschedulable, type Status } from '../../framework/status.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;

  preFilter(_s: CycleState, pod: Pod): Status | undefined {
    return podInfoFor(pod).ports.length === 0 ? SKIP : undefined;
  }

  filter(_s: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    for (const hp of podInfoFor(pod).ports) if (ni.portConflicts(hp)) return unschedulable(ERR_REASON);
    return undefined;
  }
}
