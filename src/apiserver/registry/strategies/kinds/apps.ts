// apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision (apps/v1 defaults.go, apps validation).
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { defaultPodTemplate } from '../pod/defaults.js';
import { validatePodTemplateSpec } from '../pod/validation.js';
import { arr, child, clone, deepEqual, goIntOrString, goLabelSelector, isObj, setDefault, type Obj } from '../util.js';
import { immutable, intOrPercent, nonNegative, selectorIsEmpty, selectorMatches, selectorMismatch, validateLabelSelector } from '../validation/common.js';
import { nameIsDNSLabel } from '../validation/names.js';

function setIfAbsent(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}

/** Selector required, well-formed, non-empty, and matching the template's labels (ValidatePodTemplateSpecForReplicaSet). */
export function validateSelectorAndTemplate(spec: Obj, path: string, opts: { emptyMessage?: string; restartPolicies?: string[] } = {}): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec.selector;
  if (!isObj(sel)) errs.push(fieldErr.required(`${path}.selector`, ''));
  else {
    errs.push(...validateLabelSelector(sel, `${path}.selector`));
    if (opts.emptyMessage && selectorIsEmpty(sel)) errs.push(fieldErr.invalid(`${path}.selector`, goLabelSelector(sel), opts.emptyMessage));
  }
  const template = spec.template;
  if (!isObj(template)) return [...errs, fieldErr.required(`${path}.template`, '')];
  const labels = isObj(template.metadata?.labels) ? template.metadata.labels : undefined;
  if (!isObj(sel) || (!selectorIsEmpty(sel) && !selectorMatches(sel, labels))) errs.push(selectorMismatch(`${path}.template.metadata.labels`, labels));
  const restartPolicies = opts.restartPolicies ?? ['Always'];
  errs.push(...validatePodTemplateSpec(template, `${path}.template`, { restartPolicies }));
  if (restartPolicies.length === 1 && restartPolicies[0] === 'Always' && template.spec?.activeDeadlineSeconds != null) {
    errs.push(fieldErr.forbidden(`${path}.template.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

function percentOver100(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string' && v.endsWith('%') && Number(v.slice(0, -1)) > 100) return [fieldErr.invalid(path, v, 'must not be greater than 100%')];
  return [];
}

function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === 0 || (typeof v === 'string' && /^0+%$/.test(v));
}

function validateDeploymentStrategy(s: unknown, path: string): FieldError[] {
  const st = isObj(s) ? s : {};
  if (st.type === 'Recreate') {
    return isObj(st.rollingUpdate) ? [fieldErr.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (st.type !== 'RollingUpdate') return [fieldErr.notSupported(path, st, ['Recreate', 'RollingUpdate'])];
  if (!isObj(st.rollingUpdate)) return [fieldErr.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
  const ru = st.rollingUpdate; const p = `${path}.rollingUpdate`;
  const errs = [...intOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`), ...intOrPercent(ru.maxSurge, `${p}.maxSurge`)];
  if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) errs.push(fieldErr.invalid(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  errs.push(...percentOver100(ru.maxUnavailable, `${p}.maxUnavailable`));
  return errs;
}

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

const selectorImmutable = (o: Obj, old: Obj): FieldError[] => {
  const a = specOf(o).selector; const b = specOf(old).selector;
  return deepEqual(a, b) ? [] : [fieldErr.invalid('spec.selector', goLabelSelector(a), 'field is immutable')];
};

export const deploymentStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (d) => {
    const spec = child(d, 'spec');
    setIfAbsent(spec, 'replicas', 1);
    const st = child(spec, 'strategy');
    setDefault(st, 'type', 'RollingUpdate');
    if (st.type === 'RollingUpdate') {
      const ru = child(st, 'rollingUpdate');
      setIfAbsent(ru, 'maxUnavailable', '25%');
      setIfAbsent(ru, 'maxSurge', '25%');
    }
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    setIfAbsent(spec, 'progressDeadlineSeconds', 600);
    defaultPodTemplate(spec.template);
  },
  validate: (d) => {
    const spec = specOf(d);
    const errs = nonNegative(spec.replicas, 'spec.replicas');
    errs.push(...validateSelectorAndTemplate(spec, 'spec', { emptyMessage: 'empty selector is invalid for deployment' }));
    errs.push(...validateDeploymentStrategy(spec.strategy, 'spec.strategy'));
    errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
    if (typeof spec.progressDeadlineSeconds === 'number') {
      errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
      if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) errs.push(fieldErr.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
    return errs;
  },
  validateUpdate: selectorImmutable,
});

export const replicaSetStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (rs) => {
    const spec = child(rs, 'spec');
    setIfAbsent(spec, 'replicas', 1);
    defaultPodTemplate(spec.template);
  },
  validate: (rs) => {
    const spec = specOf(rs);
    return [
      ...nonNegative(spec.replicas, 'spec.replicas'),
      ...validateSelectorAndTemplate(spec, 'spec', { emptyMessage: 'empty selector is invalid for deployment' }),
      ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ];
  },
  validateUpdate: selectorImmutable,
  validateStatus: (rs) => {
    const st = isObj(rs.status) ? rs.status : {};
    return ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'].flatMap((f) => nonNegative(st[f], `status.${f}`));
  },
  fields: (rs) => ({ 'status.replicas': String(rs.status?.replicas ?? 0) }),
});

const STS_UPDATABLE = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

export const statefulSetStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true, nameValidator: nameIsDNSLabel,
  defaults: (sts) => {
    const spec = child(sts, 'spec');
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    const us = child(spec, 'updateStrategy');
    if (!us.type) { us.type = 'RollingUpdate'; if (!isObj(us.rollingUpdate)) us.rollingUpdate = {}; }
    if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) setIfAbsent(us.rollingUpdate, 'partition', 0);
    const pvc = child(spec, 'persistentVolumeClaimRetentionPolicy');
    setDefault(pvc, 'whenDeleted', 'Retain');
    setDefault(pvc, 'whenScaled', 'Retain');
    setIfAbsent(spec, 'replicas', 1);
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    defaultPodTemplate(spec.template);
    for (const t of arr(spec.volumeClaimTemplates)) {
      setDefault(child(t, 'spec'), 'volumeMode', 'Filesystem');
      setDefault(child(t, 'status'), 'phase', 'Pending');
    }
  },
  validate: (sts) => {
    const spec = specOf(sts);
    const errs: FieldError[] = [];
    if (!['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) {
      errs.push(fieldErr.invalid('spec.podManagementPolicy', spec.podManagementPolicy ?? '', "must be 'OrderedReady' or 'Parallel'"));
    }
    const us = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
    if (us.type === 'RollingUpdate') {
      if (isObj(us.rollingUpdate)) errs.push(...nonNegative(us.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
    } else if (us.type === 'OnDelete') {
      if (isObj(us.rollingUpdate)) errs.push(fieldErr.invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
    } else {
      errs.push(fieldErr.invalid('spec.updateStrategy', us, "must be 'RollingUpdate' or 'OnDelete'"));
    }
    errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
    errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
    errs.push(...validateSelectorAndTemplate(spec, 'spec', { emptyMessage: 'empty selector is invalid for statefulset' }));
    return errs;
  },
  validateUpdate: (sts, old) => {
    const a = clone(specOf(sts)); const b = clone(specOf(old));
    for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']) { delete a[k]; delete b[k]; }
    return deepEqual(a, b) ? [] : [fieldErr.forbidden('spec', STS_UPDATABLE)];
  },
});

export const daemonSetStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (ds) => {
    const spec = child(ds, 'spec');
    const us = child(spec, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us.type === 'RollingUpdate') {
      const ru = child(us, 'rollingUpdate');
      setIfAbsent(ru, 'maxUnavailable', 1);
      setIfAbsent(ru, 'maxSurge', 0);
    }
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    defaultPodTemplate(spec.template);
  },
  validate: (ds) => {
    const spec = specOf(ds);
    const errs = validateSelectorAndTemplate(spec, 'spec', { emptyMessage: 'empty selector is invalid for daemonset' });
    const us = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
    if (us.type === 'RollingUpdate') {
      const ru = isObj(us.rollingUpdate) ? us.rollingUpdate : {};
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...intOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`), ...intOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) errs.push(fieldErr.invalid(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'cannot be 0 when maxSurge is 0'));
      errs.push(...percentOver100(ru.maxUnavailable, `${p}.maxUnavailable`));
    } else if (us.type !== 'OnDelete') {
      errs.push(fieldErr.notSupported('spec.updateStrategy.type', us.type ?? '', ['OnDelete', 'RollingUpdate']));
    }
    errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
    errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
    return errs;
  },
  validateUpdate: selectorImmutable,
});

export const controllerRevisionStrategy = defineStrategy({
  namespaced: true,
  validate: (cr) => {
    const errs: FieldError[] = [];
    if (cr.data === undefined || cr.data === null) errs.push(fieldErr.required('data', 'data is mandatory'));
    return [...errs, ...nonNegative(cr.revision, 'revision')];
  },
  validateUpdate: (cr, old) => [...immutable(cr.data, old.data, 'data')],
});
