import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../../machinery/errors.js';
import type { KObject } from '../../../../api/types.js';
import { strategyFor } from '../index.js';
import { clone } from '../util.js';

const jobs = strategyFor('batch', 'jobs');
const cronjobs = strategyFor('batch', 'cronjobs');

/** `kubectl create job pi --image=perl` (the server has set uid before prepareForCreate). */
const JOB: KObject = {
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
  spec: { template: { metadata: {}, spec: { containers: [{ name: 'pi', image: 'perl', resources: {} }], restartPolicy: 'Never' } } },
};

function created(s: ReturnType<typeof strategyFor>, body: KObject): KObject & { spec: any } {
  const o = clone(body);
  s.defaults(o);
  s.prepareForCreate?.(o);
  return o as KObject & { spec: any };
}

test('job defaults and generated selector/labels', () => {
  const j = created(jobs, JOB);
  assert.equal(j.spec.parallelism, 1);
  assert.equal(j.spec.completions, 1);
  assert.equal(j.spec.backoffLimit, 6);
  assert.equal(j.spec.completionMode, 'NonIndexed');
  assert.equal(j.spec.suspend, false);
  assert.equal(j.spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.equal(j.spec.manualSelector, undefined);
  assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
  const labels = { 'batch.kubernetes.io/controller-uid': 'u-1', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u-1', 'job-name': 'pi' };
  assert.deepEqual(j.spec.template.metadata.labels, labels);
  assert.deepEqual(j.metadata!.labels, labels);
  assert.deepEqual(jobs.validate(j), []);
  assert.deepEqual(jobs.selectableFields({ ...j, status: { succeeded: 2 } })['status.successful'], '2');
});

test('job defaults: parallelism alone leaves completions unset', () => {
  const j = created(jobs, { ...JOB, spec: { ...(JOB.spec as object), parallelism: 3 } });
  assert.equal(j.spec.parallelism, 3);
  assert.equal(j.spec.completions, undefined);
});

test('job validate: restartPolicy and template immutability', () => {
  const j = created(jobs, JOB);
  const always = clone(j); always.spec.template.spec.restartPolicy = 'Always';
  assert.deepEqual(jobs.validate(always).map(fieldErrorMessage), ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  const changed = clone(j); changed.spec.template.spec.containers[0].image = 'perl:5';
  assert.deepEqual(jobs.validateUpdate(changed, j).map((e) => e.field), ['spec.template']);
  const wrongUid = clone(j); wrongUid.spec.template.metadata.labels['controller-uid'] = 'other';
  assert.deepEqual(jobs.validate(wrongUid).map(fieldErrorMessage)[0], 'spec.template.metadata.labels[controller-uid]: Invalid value: "other": must be \'u-1\'');
});

const CJ: KObject = {
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick', namespace: 'default' },
  spec: { schedule: '*/1 * * * *', jobTemplate: { metadata: { name: 'tick' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
};

test('cronjob defaults', () => {
  const c = created(cronjobs, CJ);
  assert.equal(c.spec.concurrencyPolicy, 'Allow');
  assert.equal(c.spec.suspend, false);
  assert.equal(c.spec.successfulJobsHistoryLimit, 3);
  assert.equal(c.spec.failedJobsHistoryLimit, 1);
  assert.equal(c.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(c.spec.jobTemplate.spec.backoffLimit, undefined);
  assert.deepEqual(cronjobs.validate(c), []);
});

test('cronjob validate: schedule, timeZone, name length', () => {
  const cases: [string, (c: any) => void, string[]][] = [
    ['bad schedule', (c) => { c.spec.schedule = '* * *'; }, ['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]']],
    ['TZ in schedule', (c) => { c.spec.schedule = 'CRON_TZ=UTC * * * * *'; }, ['spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ['unknown zone', (c) => { c.spec.timeZone = 'Nowhere/City'; }, ['spec.timeZone: Invalid value: "Nowhere/City": unknown time zone Nowhere/City']],
    ['long name', (c) => { c.metadata.name = 'a'.repeat(53); }, [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]],
    ['bad policy', (c) => { c.spec.concurrencyPolicy = 'Sometimes'; }, ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
  ];
  for (const [name, mutate, want] of cases) {
    const c = created(cronjobs, CJ);
    mutate(c);
    assert.deepEqual(cronjobs.validate(c).map(fieldErrorMessage), want, name);
  }
});
