// coordination (Lease), policy (PodDisruptionBudget), autoscaling (HPA v1/v2), scheduling (PriorityClass),
// storage (StorageClass, CSIDriver, CSINode, VolumeAttachment).
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { arr, child, clone, deepEqual, isObj, setDefault, str, type Obj } from '../util.js';
import { immutable, intOrPercent, nonNegative, notSupported, validateLabelSelector } from '../validation/common.js';
import { isQualifiedName } from '../validation/names.js';

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

function setIfAbsent(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}

export const leaseStrategy = defineStrategy({
  namespaced: true,
  validate: (l) => {
    const spec = specOf(l);
    const errs: FieldError[] = [];
    if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
      errs.push(fieldErr.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
    }
    errs.push(...nonNegative(spec.leaseTransitions, 'spec.leaseTransitions'));
    return errs;
  },
});

function over100(v: unknown, path: string): FieldError[] {
  return typeof v === 'string' && v.endsWith('%') && Number(v.slice(0, -1)) > 100 ? [fieldErr.invalid(path, v, 'must not be greater than 100%')] : [];
}

export const podDisruptionBudgetStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  validate: (pdb) => {
    const spec = specOf(pdb);
    const errs: FieldError[] = [];
    if (spec.minAvailable != null && spec.maxUnavailable != null) {
      errs.push(fieldErr.invalid('spec.minAvailable', spec.minAvailable, 'minAvailable and maxUnavailable cannot be both set'));
    }
    for (const f of ['minAvailable', 'maxUnavailable']) errs.push(...intOrPercent(spec[f], `spec.${f}`), ...over100(spec[f], `spec.${f}`));
    errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (spec.unhealthyPodEvictionPolicy != null) errs.push(...notSupported(spec.unhealthyPodEvictionPolicy, 'spec.unhealthyPodEvictionPolicy', ['AlwaysAllow', 'IfHealthyBudget']));
    return errs;
  },
});

const SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function defaultRules(rules: unknown, def: Obj): Obj {
  const r = isObj(rules) ? rules : {};
  for (const k of ['stabilizationWindowSeconds', 'selectPolicy', 'policies']) if (r[k] === undefined || r[k] === null) r[k] = clone(def[k]);
  return r;
}

export const horizontalPodAutoscalerStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (hpa) => {
    const spec = child(hpa, 'spec');
    setIfAbsent(spec, 'minReplicas', 1);
    if (str(hpa.apiVersion) === 'autoscaling/v1') return;
    if (arr(spec.metrics).length === 0) {
      spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    }
    if (isObj(spec.behavior)) {
      spec.behavior.scaleUp = defaultRules(spec.behavior.scaleUp, SCALE_UP);
      spec.behavior.scaleDown = defaultRules(spec.behavior.scaleDown, SCALE_DOWN);
    }
  },
  validate: (hpa) => {
    const spec = specOf(hpa);
    const errs: FieldError[] = [];
    const ref = isObj(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
    if (!ref.kind) errs.push(fieldErr.required('spec.scaleTargetRef.kind', ''));
    if (!ref.name) errs.push(fieldErr.required('spec.scaleTargetRef.name', ''));
    if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) errs.push(fieldErr.invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
    if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) errs.push(fieldErr.invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
    else if (typeof spec.minReplicas === 'number' && spec.maxReplicas < spec.minReplicas) errs.push(fieldErr.invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
    if (spec.targetCPUUtilizationPercentage != null && spec.targetCPUUtilizationPercentage < 1) {
      errs.push(fieldErr.invalid('spec.targetCPUUtilizationPercentage', spec.targetCPUUtilizationPercentage, 'must be greater than 0'));
    }
    arr(spec.metrics).forEach((m, i) => errs.push(...notSupported(m.type, `spec.metrics[${i}].type`, ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'])));
    return errs;
  },
});

const HIGHEST_USER_PRIORITY = 1000000000;
const SYSTEM_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export const priorityClassStrategy = defineStrategy({
  namespaced: false,
  defaults: (pc) => setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority'),
  validate: (pc) => {
    const errs: FieldError[] = [];
    const name = str(pc.metadata?.name);
    if (SYSTEM_CLASSES[name] !== undefined) {
      if (pc.value !== SYSTEM_CLASSES[name]) errs.push(fieldErr.forbidden('metadata.name', `${name} is a reserved system priority class name or value`));
    } else if (name.startsWith('system-')) {
      errs.push(fieldErr.forbidden('metadata.name', "priority class names with 'system-' prefix are reserved"));
    } else if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_PRIORITY) {
      errs.push(fieldErr.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`));
    }
    if (typeof pc.value !== 'number') errs.push(fieldErr.required('value', ''));
    errs.push(...notSupported(pc.preemptionPolicy, 'preemptionPolicy', ['Never', 'PreemptLowerPriority']));
    return errs;
  },
  validateUpdate: (pc, old) => [
    ...(pc.value !== old.value ? [fieldErr.forbidden('value', 'may not be changed in an update.')] : []),
    ...immutable(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'),
  ],
});

export const storageClassStrategy = defineStrategy({
  namespaced: false,
  defaults: (sc) => {
    setDefault(sc, 'reclaimPolicy', 'Delete');
    setDefault(sc, 'volumeBindingMode', 'Immediate');
  },
  validate: (sc) => {
    const errs: FieldError[] = [];
    const p = str(sc.provisioner);
    if (!p) errs.push(fieldErr.required('provisioner', ''));
    else {
      for (const m of isQualifiedName(p.toLowerCase())) errs.push(fieldErr.invalid('provisioner', p, m));
      if (p.length > 63) errs.push(fieldErr.tooLong('provisioner', p, 63));
    }
    errs.push(...notSupported(sc.reclaimPolicy, 'reclaimPolicy', ['Delete', 'Retain']));
    errs.push(...notSupported(sc.volumeBindingMode, 'volumeBindingMode', ['Immediate', 'WaitForFirstConsumer']));
    return errs;
  },
  validateUpdate: (sc, old) => {
    const errs: FieldError[] = [];
    if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(fieldErr.forbidden('parameters', 'updates to parameters are forbidden.'));
    if (sc.provisioner !== old.provisioner) errs.push(fieldErr.forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(fieldErr.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    errs.push(...immutable(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
    return errs;
  },
});

export const csiDriverStrategy = defineStrategy({
  namespaced: false,
  defaults: (d) => {
    const spec = child(d, 'spec');
    setIfAbsent(spec, 'attachRequired', true);
    setIfAbsent(spec, 'podInfoOnMount', false);
    setIfAbsent(spec, 'storageCapacity', false);
    setIfAbsent(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
    setIfAbsent(spec, 'requiresRepublish', false);
    if (arr(spec.volumeLifecycleModes).length === 0) spec.volumeLifecycleModes = ['Persistent'];
  },
  validate: () => [],
  validateUpdate: (d, old) => [...immutable(d.spec?.attachRequired, old.spec?.attachRequired, 'spec.attachRequired')],
});

export const csiNodeStrategy = defineStrategy({ namespaced: false });

export const volumeAttachmentStrategy = defineStrategy({
  namespaced: false,
  validate: (va) => {
    const spec = specOf(va);
    const errs: FieldError[] = [];
    if (!spec.attacher) errs.push(fieldErr.required('spec.attacher', ''));
    if (!spec.nodeName) errs.push(fieldErr.required('spec.nodeName', ''));
    if (!isObj(spec.source)) errs.push(fieldErr.required('spec.source', ''));
    return errs;
  },
  validateUpdate: (va, old) => immutable(va.spec, old.spec, 'spec'),
});
