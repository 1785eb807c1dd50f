// apps and batch kinds (+ ReplicationController, PodTemplate, HPA, PDB): columns and cells as printers.go.
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { PodTemplate, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { humanDuration } from '../../../machinery/duration.js';
import { formatLabelSelector, formatLabels, labelSelectorFromObject, selectorToString } from '../../../machinery/selectors/labels.js';
import { doc } from '../docs.js';
import { age, containerCells, intOrString, kindSlashName, name, quantityString } from '../cells.js';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, col, type Printer } from '../types.js';

const READY_DESC = 'Number of the pod with ready state';

export const deploymentPrinter: Printer = {
  columns: [NAME_COLUMN, col('Ready', 'string', READY_DESC), col('Up-to-date', 'string', doc('apps.DeploymentStatus.updatedReplicas')),
    col('Available', 'string', doc('apps.DeploymentStatus.availableReplicas')), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    col('Selector', 'string', doc('apps.DeploymentSpec.selector'), { priority: 1 })],
  cells(obj, now) {
    const d = obj as Deployment;
    let selector: string;
    try { selector = selectorToString(labelSelectorFromObject(d.spec?.selector)); } catch { selector = '<invalid>'; }
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [name(obj), `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0, age(obj, now), names, images, selector];
  },
};

function replicaColumns(specDoc: string, statusDoc: string, readyDoc: string, selectorDoc: string) {
  return [NAME_COLUMN, col('Desired', 'integer', specDoc), col('Current', 'integer', statusDoc), col('Ready', 'integer', readyDoc), AGE_COLUMN,
    CONTAINERS_COLUMN, IMAGES_COLUMN, col('Selector', 'string', selectorDoc, { priority: 1 })];
}

export const replicaSetPrinter: Printer = {
  columns: replicaColumns(doc('apps.ReplicaSetSpec.replicas'), doc('apps.ReplicaSetStatus.replicas'), doc('apps.ReplicaSetStatus.readyReplicas'), doc('apps.ReplicaSetSpec.selector')),
  cells(obj, now) {
    const rs = obj as ReplicaSet;
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [name(obj), rs.spec?.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, age(obj, now), names, images, formatLabelSelector(rs.spec?.selector)];
  },
};

export const replicationControllerPrinter: Printer = {
  columns: replicaColumns(doc('core.ReplicationControllerSpec.replicas'), doc('core.ReplicationControllerStatus.replicas'), doc('core.ReplicationControllerStatus.readyReplicas'), doc('core.ReplicationControllerSpec.selector')),
  cells(obj, now) {
    const rc = obj as ReplicationController;
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    return [name(obj), rc.spec?.replicas ?? 1, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, age(obj, now), names, images, formatLabels(rc.spec?.selector)];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Ready', 'string', READY_DESC), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(obj, now) {
    const s = obj as StatefulSet;
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [name(obj), `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, age(obj, now), names, images];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Desired', 'integer', doc('apps.DaemonSetStatus.desiredNumberScheduled')),
    col('Current', 'integer', doc('apps.DaemonSetStatus.currentNumberScheduled')), col('Ready', 'integer', doc('apps.DaemonSetStatus.numberReady')),
    col('Up-to-date', 'integer', doc('apps.DaemonSetStatus.updatedNumberScheduled')), col('Available', 'integer', doc('apps.DaemonSetStatus.numberAvailable')),
    col('Node Selector', 'string', doc('core.PodSpec.nodeSelector')), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    col('Selector', 'string', doc('apps.DaemonSetSpec.selector'), { priority: 1 })],
  cells(obj, now) {
    const ds = obj as DaemonSet;
    const st = ds.status;
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [name(obj), st?.desiredNumberScheduled ?? 0, st?.currentNumberScheduled ?? 0, st?.numberReady ?? 0, st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0, formatLabels(ds.spec?.template?.spec?.nodeSelector), age(obj, now), names, images, formatLabelSelector(ds.spec?.selector)];
  },
};

function hasJobCondition(conds: JobCondition[] | undefined, type: string): boolean {
  const c = (conds ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

/** The Job STATUS cell (1.30): Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Job): string {
  const conds = job.status?.conditions;
  if (hasJobCondition(conds, 'Complete')) return 'Complete';
  if (hasJobCondition(conds, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conds, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobPrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'string', 'Status of the job.'), col('Completions', 'string', doc('batch.JobStatus.succeeded')),
    col('Duration', 'string', 'Time required to complete the job.'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    col('Selector', 'string', doc('batch.JobSpec.selector'), { priority: 1 })],
  cells(obj, now) {
    const job = obj as Job;
    const succeeded = job.status?.succeeded ?? 0;
    let completions: string;
    if (job.spec?.completions !== undefined && job.spec.completions !== null) completions = `${succeeded}/${job.spec.completions}`;
    else {
      const parallelism = job.spec?.parallelism ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    let duration = '';
    const start = job.status?.startTime ? Date.parse(job.status.startTime) : undefined;
    if (start !== undefined) {
      const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
      duration = humanDuration(end - start);
    }
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [name(obj), jobStatus(job), completions, duration, age(obj, now), names, images, formatLabelSelector(job.spec?.selector)];
  },
};

export const cronJobPrinter: Printer = {
  columns: [NAME_COLUMN, col('Schedule', 'string', doc('batch.CronJobSpec.schedule')), col('Timezone', 'string', doc('batch.CronJobSpec.timeZone')),
    col('Suspend', 'boolean', doc('batch.CronJobSpec.suspend')), col('Active', 'integer', doc('batch.CronJobStatus.active')),
    col('Last Schedule', 'string', doc('batch.CronJobStatus.lastScheduleTime')), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    col('Selector', 'string', doc('batch.JobSpec.selector'), { priority: 1 })],
  cells(obj, now) {
    const cj = obj as CronJob;
    const last = cj.status?.lastScheduleTime ? humanDuration(now - Date.parse(cj.status.lastScheduleTime)) : '<none>';
    const suspend = cj.spec?.suspend === undefined || cj.spec.suspend === null ? '<unset>' : String(cj.spec.suspend);
    const [names, images] = containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers);
    return [name(obj), cj.spec?.schedule ?? '', cj.spec?.timeZone ?? '<none>', suspend, cj.status?.active?.length ?? 0, last, age(obj, now),
      names, images, formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector)];
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [NAME_COLUMN, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', doc('apps.ControllerRevision.revision')), AGE_COLUMN],
  cells(obj, now) {
    const cr = obj as unknown as ControllerRevision;
    const ref = (cr.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
    const controller = ref ? kindSlashName(ref.apiVersion, ref.kind, ref.name) : '<none>';
    return [name(obj), controller, cr.revision ?? 0, age(obj, now)];
  },
};

export const podTemplatePrinter: Printer = {
  columns: [NAME_COLUMN, col('Containers', 'string', 'Names of each container in the template.'),
    col('Images', 'string', 'Images referenced by each container in the template.'), col('Pod Labels', 'string', 'The labels for the pod template.')],
  cells(obj) {
    const pt = obj as PodTemplate;
    const [names, images] = containerCells(pt.template?.spec?.containers);
    return [name(obj), names, images, formatLabels(pt.template?.metadata?.labels)];
  },
};

export const podDisruptionBudgetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'), AGE_COLUMN],
  cells(obj, now) {
    const pdb = obj as PodDisruptionBudget;
    const min = pdb.spec?.minAvailable !== undefined ? intOrString(pdb.spec.minAvailable) : 'N/A';
    const max = pdb.spec?.maxUnavailable !== undefined ? intOrString(pdb.spec.maxUnavailable) : 'N/A';
    return [name(obj), min, max, pdb.status?.disruptionsAllowed ?? 0, age(obj, now)];
  },
};

/** formatHPAMetrics: up to two targets, `cpu: 40%/80%`, `<unknown>/80%`, `+ N more...`. */
export function formatHPAMetrics(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case 'External': {
        const t = spec.external?.target;
        if (t?.averageValue !== undefined) {
          const cur = st?.external?.current?.averageValue !== undefined ? quantityString(st.external.current.averageValue) : '<unknown>';
          list.push(`${cur}/${quantityString(t.averageValue)} (avg)`);
        } else {
          const cur = st?.external ? quantityString(st.external.current?.value) : '<unknown>';
          list.push(`${cur}/${quantityString(t?.value)}`);
        }
        break;
      }
      case 'Pods': {
        const cur = st?.pods ? quantityString(st.pods.current?.averageValue) : '<unknown>';
        list.push(`${cur}/${quantityString(spec.pods?.target?.averageValue)}`);
        break;
      }
      case 'Object': {
        const t = spec.object?.target;
        if (t?.averageValue !== undefined) {
          const cur = st?.object?.current?.averageValue !== undefined ? quantityString(st.object.current.averageValue) : '<unknown>';
          list.push(`${cur}/${quantityString(t.averageValue)} (avg)`);
        } else {
          const cur = st?.object ? quantityString(st.object.current?.value) : '<unknown>';
          list.push(`${cur}/${quantityString(t?.value)}`);
        }
        break;
      }
      case 'Resource': case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cst = spec.type === 'Resource' ? st?.resource : st?.containerResource;
        const t = src?.target;
        if (t?.averageValue !== undefined) {
          const cur = cst ? quantityString(cst.current?.averageValue) : '<unknown>';
          list.push(`${src?.name}: ${cur}/${quantityString(t.averageValue)}`);
        } else {
          const cur = cst?.current?.averageUtilization !== undefined ? `${cst.current.averageUtilization}%` : '<unknown>';
          const target = t?.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<auto>';
          list.push(`${src?.name}: ${cur}/${target}`);
        }
        break;
      }
      default: list.push('<unknown type>');
    }
  });
  const ret = list.slice(0, 2).join(', ');
  return list.length > 2 ? `${ret} + ${list.length - 2} more...` : ret;
}

interface HPAv1Fields { spec?: { targetCPUUtilizationPercentage?: number }; status?: { currentCPUUtilizationPercentage?: number } }

export const hpaPrinter: Printer = {
  columns: [NAME_COLUMN, col('Reference', 'string', doc('autoscaling.HorizontalPodAutoscalerSpec.scaleTargetRef')),
    col('Targets', 'string', doc('autoscaling.HorizontalPodAutoscalerSpec.metrics')), col('MinPods', 'string', doc('autoscaling.HorizontalPodAutoscalerSpec.minReplicas')),
    col('MaxPods', 'string', doc('autoscaling.HorizontalPodAutoscalerSpec.maxReplicas')), col('Replicas', 'string', doc('autoscaling.HorizontalPodAutoscalerStatus.currentReplicas')), AGE_COLUMN],
  cells(obj, now) {
    const hpa = obj as HorizontalPodAutoscaler & HPAv1Fields;
    let specs = hpa.spec?.metrics ?? [];
    let statuses = hpa.status?.currentMetrics ?? [];
    // autoscaling/v1 objects: one CPU utilization target, as the internal conversion produces.
    const v1 = obj as HPAv1Fields;
    if (!hpa.spec?.metrics && v1.spec?.targetCPUUtilizationPercentage !== undefined) {
      specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: v1.spec.targetCPUUtilizationPercentage } } }];
      statuses = v1.status?.currentCPUUtilizationPercentage !== undefined
        ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: v1.status.currentCPUUtilizationPercentage } } }] : [];
    }
    const ref = hpa.spec?.scaleTargetRef;
    const min = hpa.spec?.minReplicas !== undefined && hpa.spec?.minReplicas !== null ? String(hpa.spec.minReplicas) : '<unset>';
    return [name(obj), `${ref?.kind ?? ''}/${ref?.name ?? ''}`, formatHPAMetrics(specs, statuses), min, hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0, age(obj, now)];
  },
};

