// LimitRanger: the namespace's LimitRanges default the resources of new pods' containers and bound pods' and
// PersistentVolumeClaims' resources (plugin/pkg/admission/limitranger). Mutation then validation, per LimitRange.
import type { LimitRange, LimitRangeItem } from 'kubernetes-types/core/v1.js';
import type { AdmissionPlugin } from './index.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { ApiServer } from '../server.js';
import { aggregateErrors } from '../auth/rbac.js';
import { admissionForbidden } from './forbidden.js';
import { applyContainerDefaults, containerDefaults, defaultedItem, requestsFromLimits, validateClaim, validatePod, LIMIT_RANGER_ANNOTATION, type PodSpecLike, type ResourceList } from './limit-ranger-rules.js';

export function limitRanger(s: ApiServer): AdmissionPlugin {
  const cache = s.cache('', 'v1', 'limitranges');
  let started: Promise<void> | undefined;

  return {
    name: 'LimitRanger',
    async admit(a: AdmissionAttributes) {
      const i = a.entry.info;
      if (i.group !== '' || a.subresource || !a.object) return;
      const isPod = i.resource === 'pods' && a.operation === 'CREATE';
      const isClaim = i.resource === 'persistentvolumeclaims' && (a.operation === 'CREATE' || a.operation === 'UPDATE');
      if (!isPod && !isClaim) return;
      if (a.old?.metadata?.deletionTimestamp) return;
      await (started ??= cache.start());
      const ranges = (cache.list(a.namespace) as LimitRange[])
        .sort((x, y) => (x.metadata?.name ?? '').localeCompare(y.metadata?.name ?? ''));
      if (!ranges.length) return;
      const itemsOf = (lr: LimitRange): LimitRangeItem[] => (lr.spec?.limits ?? []).map(defaultedItem);
      if (isPod) {
        // mutating phase for every LimitRange, then the validating phase, as kube-apiserver runs them
        const spec = ((a.object.spec ??= {}) as PodSpecLike);
        requestsFromLimits(spec);
        for (const lr of ranges) {
          const note = applyContainerDefaults(spec, containerDefaults(itemsOf(lr)));
          if (note) ((a.object.metadata ??= {}).annotations ??= {})[LIMIT_RANGER_ANNOTATION] = note;
        }
      }
      for (const lr of ranges) {
        const errs = isPod
          ? validatePod(itemsOf(lr), a.object.spec as PodSpecLike)
          : validateClaim(itemsOf(lr), (a.object.spec as { resources?: { requests?: ResourceList } } | undefined)?.resources?.requests);
        if (errs.length) throw admissionForbidden(a, aggregateErrors(errs));
      }
    },
  };
}
