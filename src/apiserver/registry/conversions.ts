// Resources served in more than one version share one storage form, as in Kubernetes: events.k8s.io/v1 Events are
// core/v1 Events, autoscaling/v1 HorizontalPodAutoscalers are stored as autoscaling/v2.
import type { KObject } from '../../api/types.js';
import type { ResourceInfo } from '../resources.js';

export interface StorageMapping {
  storage?: { group: string; resource: string };
  toStorage?: (obj: KObject) => KObject;
  fromStorage?: (obj: KObject) => KObject;
}

export function storageFor(info: ResourceInfo): StorageMapping {
  if (info.group === 'events.k8s.io' && info.resource === 'events') {
    return { storage: { group: '', resource: 'events' }, toStorage: eventsV1ToCore, fromStorage: coreToEventsV1 };
  }
  if (info.group === 'autoscaling' && info.version === 'v1' && info.resource === 'horizontalpodautoscalers') {
    return { toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 };
  }
  if (info.group === 'autoscaling' && info.version === 'v2' && info.resource === 'horizontalpodautoscalers') {
    return { fromStorage: (o) => o };
  }
  return {};
}

type R = Record<string, unknown>;

function pick(src: R, map: Record<string, string>): R {
  const out: R = {};
  for (const [from, to] of Object.entries(map)) if (src[from] !== undefined) out[to] = src[from];
  return out;
}

export function eventsV1ToCore(o: KObject): KObject {
  const e = o as R;
  const out: R = {
    apiVersion: 'v1', kind: 'Event', metadata: o.metadata,
    ...pick(e, { regarding: 'involvedObject', note: 'message', reason: 'reason', type: 'type', eventTime: 'eventTime', series: 'series', action: 'action', related: 'related', reportingController: 'reportingComponent', reportingInstance: 'reportingInstance', deprecatedFirstTimestamp: 'firstTimestamp', deprecatedLastTimestamp: 'lastTimestamp', deprecatedCount: 'count', deprecatedSource: 'source' }),
  };
  if (!out.involvedObject) out.involvedObject = {};
  if (out.reportingComponent === undefined) out.reportingComponent = '';
  if (out.reportingInstance === undefined) out.reportingInstance = '';
  return out as KObject;
}

export function coreToEventsV1(o: KObject): KObject {
  const e = o as R;
  return {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: o.metadata,
    ...pick(e, { involvedObject: 'regarding', message: 'note', reason: 'reason', type: 'type', eventTime: 'eventTime', series: 'series', action: 'action', related: 'related', reportingComponent: 'reportingController', reportingInstance: 'reportingInstance', firstTimestamp: 'deprecatedFirstTimestamp', lastTimestamp: 'deprecatedLastTimestamp', count: 'deprecatedCount', source: 'deprecatedSource' }),
  } as KObject;
}

interface HpaV1Spec { scaleTargetRef?: unknown; minReplicas?: number; maxReplicas?: number; targetCPUUtilizationPercentage?: number }
type Metric = { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number }; current?: { averageUtilization?: number } } };

/** Where autoscaling/v1 keeps what it cannot express (as Kubernetes' v1 conversion does). */
export const HPA_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
};

const isCpuUtilization = (m: Metric) => m.type === 'Resource' && m.resource?.name === 'cpu' && (m.resource?.target?.type === 'Utilization' || m.resource?.target?.averageUtilization !== undefined || m.resource?.current?.averageUtilization !== undefined);

function takeJson(ann: Record<string, string>, key: string): unknown {
  const raw = ann[key];
  delete ann[key];
  if (raw === undefined) return undefined;
  try { return JSON.parse(raw); } catch { return undefined; }
}

export function hpaV1ToV2(o: KObject): KObject {
  const spec = (o.spec ?? {}) as HpaV1Spec;
  const { targetCPUUtilizationPercentage, ...rest } = spec;
  const ann = { ...((o.metadata?.annotations ?? {}) as Record<string, string>) };
  const extraMetrics = takeJson(ann, HPA_ANNOTATIONS.metrics);
  const extraCurrent = takeJson(ann, HPA_ANNOTATIONS.currentMetrics);
  const behavior = takeJson(ann, HPA_ANNOTATIONS.behavior);
  const conditions = takeJson(ann, HPA_ANNOTATIONS.conditions);
  const v2spec: R = { ...rest };
  const metrics: unknown[] = [];
  if (targetCPUUtilizationPercentage !== undefined) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } });
  if (Array.isArray(extraMetrics)) metrics.push(...extraMetrics);
  if (metrics.length) v2spec.metrics = metrics;
  if (behavior && typeof behavior === 'object') v2spec.behavior = behavior;
  const st = (o.status ?? {}) as R;
  const { currentCPUUtilizationPercentage, ...srest } = st as R & { currentCPUUtilizationPercentage?: number };
  const v2status: R = { ...srest };
  const current: unknown[] = [];
  if (currentCPUUtilizationPercentage !== undefined) current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } });
  if (Array.isArray(extraCurrent)) current.push(...extraCurrent);
  if (current.length) v2status.currentMetrics = current;
  if (Array.isArray(conditions)) v2status.conditions = conditions;
  const { annotations: _old, ...metaRest } = o.metadata ?? {};
  const metadata = Object.keys(ann).length ? { ...metaRest, annotations: ann } : metaRest;
  return { ...o, apiVersion: 'autoscaling/v2', metadata, spec: v2spec, ...(o.status || current.length || conditions ? { status: v2status } : {}) };
}

export function hpaV2ToV1(o: KObject): KObject {
  const spec = (o.spec ?? {}) as R & { metrics?: Metric[]; behavior?: unknown };
  const { metrics, behavior, ...rest } = spec;
  const v1spec: R = { ...rest };
  const ann = { ...((o.metadata?.annotations ?? {}) as Record<string, string>) };
  const cpu = metrics?.find(isCpuUtilization);
  if (cpu?.resource?.target?.averageUtilization !== undefined) v1spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const others = (metrics ?? []).filter((m) => m !== cpu);
  if (others.length) ann[HPA_ANNOTATIONS.metrics] = JSON.stringify(others);
  if (behavior !== undefined) ann[HPA_ANNOTATIONS.behavior] = JSON.stringify(behavior);
  const st = (o.status ?? {}) as R & { currentMetrics?: Metric[]; conditions?: unknown[] };
  const { currentMetrics, conditions, ...srest } = st;
  const v1status: R = { ...srest };
  const ccpu = currentMetrics?.find(isCpuUtilization);
  if (ccpu?.resource?.current?.averageUtilization !== undefined) v1status.currentCPUUtilizationPercentage = ccpu.resource.current.averageUtilization;
  const otherCurrent = (currentMetrics ?? []).filter((m) => m !== ccpu);
  if (otherCurrent.length) ann[HPA_ANNOTATIONS.currentMetrics] = JSON.stringify(otherCurrent);
  if (conditions?.length) ann[HPA_ANNOTATIONS.conditions] = JSON.stringify(conditions);
  const metadata = { ...(o.metadata ?? {}), ...(Object.keys(ann).length ? { annotations: ann } : {}) };
  return { ...o, apiVersion: 'autoscaling/v1', metadata, spec: v1spec, ...(o.status ? { status: v1status } : {}) };
}
