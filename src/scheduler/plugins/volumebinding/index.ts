// VolumeBinding: a placeholder that accepts every node (no PV/PVC topology yet). Kept in the default profile so
// the plugin set and score weights match kube-scheduler's.
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { SKIP, type Status } from '../../framework/status.js';

export const NAME = 'VolumeBinding';

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  /** Like kube-scheduler for a pod without PVCs: nothing to check or score. */
  preFilter(): Status {
    return SKIP;
  }
  preScore(): Status {
    return SKIP;
  }
  filter(): Status | undefined {
    return undefined;
  }
  score(): number {
    return 0;
  }
}
