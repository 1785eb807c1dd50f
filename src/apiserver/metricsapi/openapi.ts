// OpenAPI definitions for metrics.k8s.io/v1beta1 (k8s.io/metrics), which kubernetes-types does not carry, in the
// v2 spelling the built-in definitions use. Merged into the OpenAPI service they give `kubectl explain nodemetrics`
// and typed response schemas; without them the group is served with untyped (`type: object`) responses.
import type { Definitions, Schema } from '../openapi/schema.js';

const P = 'io.k8s.metrics.pkg.apis.metrics.v1beta1.';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const gvk = (kind: string) => [{ group: 'metrics.k8s.io', version: 'v1beta1', kind }];
const typeMeta = {
  apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
  kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
};
const usage: Schema = {
  type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
  description: 'The resource usage: cpu (cores) and memory (working set bytes).',
};
const sampled = {
  timestamp: { ...ref(`${META}Time`), description: 'When the usage was measured: the end of the window [timestamp-window, timestamp].' },
  window: { type: 'string', description: 'The length of the interval over which the usage was measured.' },
};
const list = (kind: string, item: string): Schema => ({
  type: 'object', required: ['items'], description: `A list of ${item}.`,
  properties: { ...typeMeta, metadata: ref(`${META}ListMeta`), items: { type: 'array', items: ref(P + item), description: `List of ${item}.` } },
  'x-kubernetes-group-version-kind': gvk(kind),
});

export const METRICS_DEFINITIONS: Definitions = {
  [`${P}ContainerMetrics`]: {
    type: 'object', required: ['name', 'usage'], description: 'Resource usage of one container.',
    properties: { name: { type: 'string', description: 'The container name, as in pod.spec.containers.' }, usage },
  },
  [`${P}NodeMetrics`]: {
    type: 'object', required: ['timestamp', 'window', 'usage'], description: 'Resource usage of a node.',
    properties: { ...typeMeta, metadata: ref(`${META}ObjectMeta`), ...sampled, usage },
    'x-kubernetes-group-version-kind': gvk('NodeMetrics'),
  },
  [`${P}NodeMetricsList`]: list('NodeMetricsList', 'NodeMetrics'),
  [`${P}PodMetrics`]: {
    type: 'object', required: ['timestamp', 'window', 'containers'], description: 'Resource usage of a pod, per container.',
    properties: {
      ...typeMeta, metadata: ref(`${META}ObjectMeta`), ...sampled,
      containers: { type: 'array', items: ref(`${P}ContainerMetrics`), description: 'Usage of each container of the pod.' },
    },
    'x-kubernetes-group-version-kind': gvk('PodMetrics'),
  },
  [`${P}PodMetricsList`]: list('PodMetricsList', 'PodMetrics'),
};
