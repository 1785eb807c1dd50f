// StorageObjectInUseProtection: new PersistentVolumeClaims and PersistentVolumes carry the protection finalizer, so
// they are only removed once no pod (or claim) uses them; the protection controllers drop the finalizer.
import type { AdmissionPlugin } from './index.js';
import { isWriteOf } from './forbidden.js';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

export function storageObjectInUseProtection(): AdmissionPlugin {
  return {
    name: 'StorageObjectInUseProtection',
    admit(a) {
      const f = isWriteOf(a, '', 'persistentvolumeclaims') ? PVC_PROTECTION_FINALIZER : isWriteOf(a, '', 'persistentvolumes') ? PV_PROTECTION_FINALIZER : undefined;
      if (!f) return;
      const meta = (a.object!.metadata ??= {});
      if (!(meta.finalizers ?? []).includes(f)) meta.finalizers = [...(meta.finalizers ?? []), f];
    },
  };
}
