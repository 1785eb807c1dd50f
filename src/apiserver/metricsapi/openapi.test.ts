import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAPIService } from '../openapi/service.js';
import { refName, type Definitions, type Schema } from '../openapi/schema.js';
import { METRICS_DEFINITIONS } from './openapi.js';

/** The built-in definitions the metrics ones point at (all present in the kubernetes-types generated set). */
const EXTERNAL = ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', 'io.k8s.apimachinery.pkg.api.resource.Quantity'];

function refs(s: unknown, out: Set<string>): Set<string> {
  if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string') out.add(refName(v));
      else refs(v, out);
    }
  }
  return out;
}

test('METRICS_DEFINITIONS refer only to themselves and to known built-in definitions', () => {
  for (const r of refs(METRICS_DEFINITIONS, new Set())) assert.ok(r in METRICS_DEFINITIONS || EXTERNAL.includes(r), r);
});

test('METRICS_DEFINITIONS give the metrics.k8s.io paths typed responses in an OpenAPIService', () => {
  const stubs: Definitions = Object.fromEntries(EXTERNAL.map((n) => [n, { type: 'object' } as Schema]));
  const svc = new OpenAPIService({ definitions: { ...stubs, ...METRICS_DEFINITIONS } });
  assert.equal(svc.definitionFor({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics' }), 'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics');
  const doc = svc.v3Document('apis/metrics.k8s.io/v1beta1') as { paths: Record<string, any>; components: { schemas: Record<string, unknown> } };
  const list = doc.paths['/apis/metrics.k8s.io/v1beta1/nodes'].get.responses['200'].content['application/json'].schema;
  assert.equal(list.$ref, '#/components/schemas/io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList');
  assert.ok(doc.components.schemas['io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics']);
  assert.ok(doc.paths['/apis/metrics.k8s.io/v1beta1/pods'], 'pods across namespaces');
});
