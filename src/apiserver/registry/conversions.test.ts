import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coreToEventsV1, eventsV1ToCore, hpaV1ToV2, hpaV2ToV1, storageFor } from './conversions.js';
import { BUILTIN_RESOURCES } from '../resources.js';
import type { KObject } from '../../api/types.js';

const info = (group: string, version: string, resource: string) => {
  const i = BUILTIN_RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
  assert.ok(i, `${group}/${version}/${resource} is served`);
  return i;
};

test('storageFor stores events.k8s.io events with core events and maps HPA v1 onto v2', () => {
  const ev = storageFor(info('events.k8s.io', 'v1', 'events'));
  assert.deepEqual(ev.storage, { group: '', resource: 'events' });
  assert.equal(ev.toStorage, eventsV1ToCore);
  assert.equal(ev.fromStorage, coreToEventsV1);
  const h1 = storageFor(info('autoscaling', 'v1', 'horizontalpodautoscalers'));
  assert.equal(h1.toStorage, hpaV1ToV2);
  assert.equal(h1.fromStorage, hpaV2ToV1);
  assert.deepEqual(storageFor(info('', 'v1', 'configmaps')), {});
});

const v1Event: KObject = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'web.17a', namespace: 'default' },
  regarding: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' }, note: 'Pulled image', reason: 'Pulled', type: 'Normal',
  eventTime: '2024-05-01T10:00:00.000000Z', reportingController: 'skiff/agent', reportingInstance: 'node-1', action: 'Pull',
  deprecatedCount: 3, deprecatedFirstTimestamp: '2024-05-01T09:00:00Z', deprecatedLastTimestamp: '2024-05-01T10:00:00Z', deprecatedSource: { component: 'kubelet' },
};

test('eventsV1ToCore renames fields to their core/v1 names', () => {
  const core = eventsV1ToCore(v1Event) as Record<string, unknown>;
  assert.equal(core.apiVersion, 'v1');
  assert.deepEqual(core.involvedObject, v1Event.regarding);
  assert.equal(core.message, 'Pulled image');
  assert.equal(core.reportingComponent, 'skiff/agent');
  assert.equal(core.count, 3);
  assert.equal(core.firstTimestamp, '2024-05-01T09:00:00Z');
  assert.deepEqual(core.source, { component: 'kubelet' });
  for (const k of ['regarding', 'note', 'reportingController', 'deprecatedCount']) assert.equal(k in core, false, k);
});

test('eventsV1ToCore fills the fields core/v1 requires', () => {
  const core = eventsV1ToCore({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' } }) as Record<string, unknown>;
  assert.deepEqual(core.involvedObject, {});
  assert.equal(core.reportingComponent, '');
  assert.equal(core.reportingInstance, '');
});

test('events round-trip events.k8s.io/v1 → core/v1 → events.k8s.io/v1 unchanged', () => {
  assert.deepEqual(coreToEventsV1(eventsV1ToCore(v1Event)), v1Event);
});

test('HPA v1 targetCPUUtilizationPercentage round-trips through the v2 storage form', () => {
  const v1: KObject = {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 55 },
  };
  const v2 = hpaV1ToV2(v1);
  assert.equal(v2.apiVersion, 'autoscaling/v2');
  assert.deepEqual((v2.spec as { metrics: unknown }).metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  assert.deepEqual((v2.status as { currentMetrics: unknown }).currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 55 } } }]);
  assert.deepEqual(hpaV2ToV1(v2), v1);
});

test('HPA without a CPU target has no metrics and no status when none was given', () => {
  const v2 = hpaV1ToV2({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { maxReplicas: 3 } });
  assert.deepEqual(v2.spec, { maxReplicas: 3 });
  assert.equal('status' in v2, false);
});

test('HPA v2 fields v1 cannot express survive a v1 read-modify-write', () => {
  const stored: KObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: {
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    },
  };
  const back = hpaV1ToV2(hpaV2ToV1(stored)) as { spec: { metrics: unknown[]; behavior?: unknown } };
  assert.equal(back.spec.metrics.length, 2);
  assert.deepEqual(back.spec.behavior, { scaleDown: { stabilizationWindowSeconds: 60 } });
});
