// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FilterPlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = NAME;

  filter(_s: unknown, pod: Pod, ni: NodeInfo): Status | undefined {
    const want = pod.spec?.nodeName;
    if (!want || want === ni.name) return undefined;
    return unresolvable(ERR_REASON);
  }
}
