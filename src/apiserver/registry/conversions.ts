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

export function hpaV1ToV2(o: KObject): KObject {
  const spec = (o.spec ?? {}) as HpaV1Spec;
  const { targetCPUUtilizationPercentage, ...rest } = spec;
  const v2spec: R = { ...rest };
  if (targetCPUUtilizationPercentage !== undefined) {
    v2spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }];
  }
  const st = (o.status ?? {}) as R;
  const { currentCPUUtilizationPercentage, ...srest } = st as R & { currentCPUUtilizationPercentage?: number };
  const v2status: R = { ...srest };
  if (currentCPUUtilizationPercentage !== undefined) {
    v2status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } }];
  }
  return { ...o, apiVersion: 'autoscaling/v2', spec: v2spec, ...(o.status ? { status: v2status } : {}) };
}

export function hpaV2ToV1(o: KObject): KObject {
  const spec = (o.spec ?? {}) as R & { metrics?: { type?: string; resource?: { name?: string; target?: { averageUtilization?: number } } }[] };
  const { metrics, behavior: _b, ...rest } = spec;
  const v1spec: R = { ...rest };
  const cpu = metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  if (cpu?.resource?.target?.averageUtilization !== undefined) v1spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const st = (o.status ?? {}) as R & { currentMetrics?: { type?: string; resource?: { name?: string; current?: { averageUtilization?: number } } }[]; conditions?: unknown };
  const { currentMetrics, conditions: _c, ...srest } = st;
  const v1status: R = { ...srest };
  const ccpu = currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  if (ccpu?.resource?.current?.averageUtilization !== undefined) v1status.currentCPUUtilizationPercentage = ccpu.resource.current.averageUtilization;
  return { ...o, apiVersion: 'autoscaling/v1', spec: v1spec, ...(o.status ? { status: v1status } : {}) };
}
