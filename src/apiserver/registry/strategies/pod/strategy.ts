// Pods (pkg/registry/core/pod/strategy.go): defaults, Pending status with a QoS class on create, the narrow set of
// spec fields an update may change, and the pod field selectors.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { parseQuantity } from '../validation/quantity.js';
import { arr, child, clone, deepEqual, isObj, str, type Obj } from '../util.js';
import { defaultPodSpec } from './defaults.js';
import { validatePodSpec } from './validation.js';

/** Guaranteed / Burstable / BestEffort from cpu and memory requests and limits (the kubelet's GetPodQOS). */
export function podQOSClass(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...arr(spec.containers), ...arr(spec.initContainers)];
  let anySet = false; let guaranteed = true;
  for (const c of containers) {
    const req = isObj(c.resources?.requests) ? c.resources.requests : {};
    const lim = isObj(c.resources?.limits) ? c.resources.limits : {};
    for (const r of ['cpu', 'memory']) {
      const rq = parseQuantity(req[r]); const lq = parseQuantity(lim[r]);
      if ((rq !== undefined && rq !== 0) || (lq !== undefined && lq !== 0)) anySet = true;
      if (lq === undefined || (rq !== undefined && rq !== lq)) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`', '`spec.initContainers[*].image`', '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function changedKeys(a: Obj, b: Obj): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !deepEqual(a[k], b[k])).sort();
}

/** ValidatePodSpecUpdate's rule: only images, activeDeadlineSeconds, added tolerations and gate removals may change. */
export function validatePodSpecUpdate(spec: Obj, old: Obj, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const munged = clone(spec);
  const oc = arr(old.containers); const oi = arr(old.initContainers);
  if (arr(munged.containers).length === oc.length) arr(munged.containers).forEach((c, i) => { c.image = oc[i].image; });
  if (arr(munged.initContainers).length === oi.length) arr(munged.initContainers).forEach((c, i) => { c.image = oi[i].image; });
  const newAds = spec.activeDeadlineSeconds; const oldAds = old.activeDeadlineSeconds;
  if (oldAds !== undefined && oldAds !== null) {
    if (newAds === undefined || newAds === null) errs.push(fieldErr.invalid(`${path}.activeDeadlineSeconds`, null, 'must not update from a positive integer to nil value'));
    else if (newAds > oldAds) errs.push(fieldErr.invalid(`${path}.activeDeadlineSeconds`, newAds, 'must be less than or equal to previous value'));
  }
  munged.activeDeadlineSeconds = oldAds;
  const oldTols = arr(old.tolerations);
  if (oldTols.every((t) => arr(spec.tolerations).some((n) => deepEqual(n, t)))) munged.tolerations = old.tolerations;
  const oldGates = arr(old.schedulingGates);
  if (arr(spec.schedulingGates).every((g) => oldGates.some((o) => deepEqual(o, g)))) munged.schedulingGates = old.schedulingGates;
  if (typeof old.terminationGracePeriodSeconds === 'number' && old.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  for (const k of ['activeDeadlineSeconds', 'tolerations', 'schedulingGates']) if (munged[k] === undefined) delete munged[k];
  if (!deepEqual(munged, old)) {
    const diff = changedKeys(munged, old).map((k) => `  ${path}.${k}`).join('\n');
    errs.push(fieldErr.forbidden(path, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${diff}`));
  }
  return errs;
}

export const podStrategy = defineStrategy({
  namespaced: true,
  statusSubresource: true,
  initialStatus: (pod) => ({ phase: 'Pending', qosClass: podQOSClass(child(pod, 'spec')) }),
  defaults: (pod) => defaultPodSpec(child(pod, 'spec'), { forPod: true }),
  prepareForCreate: (pod) => {
    const spec = child(pod, 'spec');
    // What the ServiceAccount admission plugin does for a pod without one.
    if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
    spec.serviceAccount = spec.serviceAccountName;
    if (arr(spec.schedulingGates).length > 0) {
      child(pod, 'status').conditions = [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }];
    }
  },
  validate: (pod) => validatePodSpec(pod.spec, 'spec'),
  validateUpdate: (pod, old) => validatePodSpecUpdate(child(pod, 'spec'), isObj(old.spec) ? old.spec : {}),
  validateStatus: (pod, old) => {
    const errs: FieldError[] = [];
    const phase = pod.status?.phase;
    if (phase !== undefined && !['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].includes(phase)) {
      errs.push(fieldErr.notSupported('status.phase', phase, ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']));
    }
    const oldPhase = old.status?.phase;
    if ((oldPhase === 'Succeeded' || oldPhase === 'Failed') && phase !== oldPhase) {
      errs.push(fieldErr.forbidden('status.phase', `cannot transition from terminal phase ${oldPhase} to ${str(phase)}`));
    }
    return errs;
  },
  fields: (pod) => {
    const spec = isObj(pod.spec) ? pod.spec : {}; const st = isObj(pod.status) ? pod.status : {};
    const ips = arr(st.podIPs);
    return {
      'spec.nodeName': str(spec.nodeName),
      'spec.restartPolicy': str(spec.restartPolicy),
      'spec.schedulerName': str(spec.schedulerName),
      'spec.serviceAccountName': str(spec.serviceAccountName),
      'spec.hostNetwork': String(spec.hostNetwork === true),
      'status.phase': str(st.phase),
      'status.podIP': ips.length ? str(ips[0].ip) : str(st.podIP),
      'status.nominatedNodeName': str(st.nominatedNodeName),
    };
  },
});
