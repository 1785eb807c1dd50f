// batch/v1: Job and CronJob (batch/v1 defaults.go, job/cronjob strategy.go, batch validation).
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { defaultPodTemplate } from '../pod/defaults.js';
import { validatePodTemplateSpec } from '../pod/validation.js';
import { child, clone, deepEqual, goLabelSelector, isObj, str, type Obj } from '../util.js';
import { immutable, nonNegative, notSupported, selectorMatches, selectorMismatch, validateLabelSelector } from '../validation/common.js';
import { cronScheduleError, isValidTimeZone } from '../validation/cron.js';

export const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
export const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

function setIfAbsent(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

/** SetDefaults_Job's label rule: a Job without labels takes its template's. */
function copyTemplateLabels(job: Obj): void {
  const tl = job.spec?.template?.metadata?.labels;
  const meta = child(job, 'metadata');
  if (isObj(tl) && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = clone(tl);
}

export function defaultJobSpec(spec: Obj): void {
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  if (isObj(spec.podFailurePolicy)) {
    for (const r of spec.podFailurePolicy.rules ?? []) for (const c of r.onPodConditions ?? []) setIfAbsent(c, 'status', 'True');
  }
  defaultPodTemplate(spec.template);
}

/** The job strategy's generateSelector: template labels job-name/controller-uid and a controller-uid selector. */
export function generateJobSelector(job: Obj): void {
  const spec = child(job, 'spec');
  if (spec.manualSelector === true) return;
  const tmeta = child(child(spec, 'template'), 'metadata');
  const labels = child(tmeta, 'labels');
  const name = str(job.metadata?.name); const uid = str(job.metadata?.uid);
  for (const l of JOB_NAME_LABELS) if (labels[l] === undefined) labels[l] = name;
  for (const l of CONTROLLER_UID_LABELS) if (labels[l] === undefined) labels[l] = uid;
  const sel = child(spec, 'selector');
  const ml = child(sel, 'matchLabels');
  if (ml['batch.kubernetes.io/controller-uid'] === undefined) ml['batch.kubernetes.io/controller-uid'] = uid;
}

function validateGeneratedSelector(job: Obj): FieldError[] {
  const spec = specOf(job);
  if (spec.manualSelector === true) return [];
  const labels = spec.template?.metadata?.labels;
  if (!isObj(labels)) return [];
  const errs: FieldError[] = [];
  const uid = str(job.metadata?.uid); const name = str(job.metadata?.name);
  const base = 'spec.template.metadata.labels';
  for (const l of CONTROLLER_UID_LABELS) if (labels[l] !== undefined && labels[l] !== uid) errs.push(fieldErr.invalid(`${base}[${l}]`, labels[l], `must be '${uid}'`));
  for (const l of JOB_NAME_LABELS) if (labels[l] !== undefined && labels[l] !== name) errs.push(fieldErr.invalid(`${base}[${l}]`, labels[l], `must be '${name}'`));
  const sel = spec.selector?.matchLabels;
  if (isObj(sel) && sel['batch.kubernetes.io/controller-uid'] !== undefined && sel['batch.kubernetes.io/controller-uid'] !== uid) {
    errs.push(fieldErr.invalid('spec.selector.matchLabels[batch.kubernetes.io/controller-uid]', sel['batch.kubernetes.io/controller-uid'], `must be '${uid}'`));
  }
  return errs;
}

/** validateJobSpec; `template` mode (CronJob) forbids a selector instead of requiring one. */
export function validateJobSpec(spec: Obj, path: string, mode: 'job' | 'template'): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...nonNegative(spec[f], `${path}.${f}`));
  }
  if (spec.completionMode !== undefined) errs.push(...notSupported(spec.completionMode, `${path}.completionMode`, ['NonIndexed', 'Indexed']));
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    errs.push(fieldErr.required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  if (spec.podReplacementPolicy !== undefined) errs.push(...notSupported(spec.podReplacementPolicy, `${path}.podReplacementPolicy`, ['Failed', 'TerminatingOrFailed']));
  if (mode === 'job') {
    if (!isObj(spec.selector)) errs.push(fieldErr.required(`${path}.selector`, ''));
    else {
      errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
      const labels = spec.template?.metadata?.labels;
      if (!selectorMatches(spec.selector, labels)) errs.push(selectorMismatch(`${path}.template.metadata.labels`, labels));
    }
  } else {
    if (isObj(spec.selector)) errs.push(fieldErr.invalid(`${path}.selector`, goLabelSelector(spec.selector), '`selector` will be auto-generated'));
    if (spec.manualSelector === true) errs.push(fieldErr.notSupported(`${path}.manualSelector`, true, ['nil', 'false']));
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`, { restartPolicies: ['OnFailure', 'Never'] }));
  return errs;
}

const SUSPENDED_MUTABLE = ['nodeSelector', 'tolerations', 'schedulingGates', 'affinity'];

export const jobStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (job) => {
    defaultJobSpec(child(job, 'spec'));
    copyTemplateLabels(job);
  },
  prepareForCreate: (job) => {
    generateJobSelector(job);
    // The real server re-applies defaults when it reads the object back, so a label-less Job shows the generated ones.
    copyTemplateLabels(job);
  },
  validate: (job) => [...validateGeneratedSelector(job), ...validateJobSpec(specOf(job), 'spec', 'job')],
  validateUpdate: (job, old) => {
    const a = specOf(job); const b = specOf(old);
    const errs = [
      ...immutable(a.completions, b.completions, 'spec.completions'),
      ...(deepEqual(a.selector, b.selector) ? [] : [fieldErr.invalid('spec.selector', goLabelSelector(a.selector), 'field is immutable')]),
      ...immutable(a.completionMode, b.completionMode, 'spec.completionMode'),
      ...immutable(a.podFailurePolicy, b.podFailurePolicy, 'spec.podFailurePolicy'),
      ...immutable(a.backoffLimitPerIndex, b.backoffLimitPerIndex, 'spec.backoffLimitPerIndex'),
    ];
    const ta = clone(a.template ?? {}); const tb = clone(b.template ?? {});
    const notStarted = !old.status?.startTime;
    if (b.suspend === true && notStarted) {
      for (const t of [ta, tb]) {
        delete t.metadata?.labels; delete t.metadata?.annotations;
        for (const f of SUSPENDED_MUTABLE) if (isObj(t.spec)) delete t.spec[f];
      }
    }
    if (!deepEqual(ta, tb)) errs.push(fieldErr.invalid('spec.template', a.template, 'field is immutable'));
    return errs;
  },
  fields: (job) => ({ 'status.successful': String(job.status?.succeeded ?? 0) }),
});

export const cronJobStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (cj) => {
    const spec = child(cj, 'spec');
    setIfAbsent(spec, 'concurrencyPolicy', 'Allow');
    setIfAbsent(spec, 'suspend', false);
    setIfAbsent(spec, 'successfulJobsHistoryLimit', 3);
    setIfAbsent(spec, 'failedJobsHistoryLimit', 1);
    const jt = child(spec, 'jobTemplate');
    defaultPodTemplate(child(jt, 'spec').template);
  },
  validate: (cj) => {
    const errs: FieldError[] = [];
    const name = str(cj.metadata?.name);
    if (name.length > 52) errs.push(fieldErr.invalid('metadata.name', name, 'must be no more than 52 characters'));
    const spec = specOf(cj);
    const schedule = str(spec.schedule);
    if (!schedule) errs.push(fieldErr.required('spec.schedule', ''));
    else {
      const hasTZ = schedule.includes('TZ');
      if (hasTZ && spec.timeZone != null) errs.push(fieldErr.invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
      else if (hasTZ) errs.push(fieldErr.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
      else {
        const e = cronScheduleError(schedule);
        if (e) errs.push(fieldErr.invalid('spec.schedule', schedule, e));
      }
    }
    if (spec.timeZone !== undefined && spec.timeZone !== null) {
      const tz = str(spec.timeZone);
      if (tz.length === 0) errs.push(fieldErr.invalid('spec.timeZone', tz, 'timeZone must be nil or non-empty string'));
      else if (tz.toLowerCase() === 'local') errs.push(fieldErr.invalid('spec.timeZone', tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
      else if (!isValidTimeZone(tz)) errs.push(fieldErr.invalid('spec.timeZone', tz, `unknown time zone ${tz}`));
    }
    errs.push(...notSupported(spec.concurrencyPolicy, 'spec.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']));
    errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
    errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
    errs.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
    const jt = isObj(spec.jobTemplate) ? spec.jobTemplate : {};
    errs.push(...validateJobSpec(isObj(jt.spec) ? jt.spec : {}, 'spec.jobTemplate.spec', 'template'));
    return errs;
  },
});
