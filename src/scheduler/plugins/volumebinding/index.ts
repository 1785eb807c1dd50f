// VolumeBinding: a placeholder that accepts every node (no PV/PVC topology yet). Kept in the default profile so
// the plugin set and score weights match kube-scheduler's.
import type { FilterPlugin, ScorePlugin } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';

export const NAME = 'VolumeBinding';

export class VolumeBinding implements FilterPlugin, ScorePlugin {
  readonly name = NAME;
  filter(): Status | undefined {
    return undefined;
  }
  score(): number {
    return 0;
  }
}
