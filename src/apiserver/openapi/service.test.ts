import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { OpenAPIService } from './service.js';
import { decodeV2 } from './v2.js';

const svc = new OpenAPIService();

function crontabCRD(replicasType = 'integer'): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com', scope: 'Namespaced', names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab' },
      versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: replicasType } } } } } } }],
    },
  };
}

test('OpenAPIService.v3Index: every built-in group-version with a hash', () => {
  const idx = svc.v3Index();
  for (const gv of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/autoscaling/v2', 'apis/apiextensions.k8s.io/v1']) {
    assert.match(idx.paths[gv]?.serverRelativeURL ?? '', new RegExp(`^/openapi/v3/${gv.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`));
  }
});

test('OpenAPIService.v3Document: PATCH carries gvk and the query parameters kubectl checks', () => {
  const doc = svc.v3Document('apis/apps/v1') as { paths: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: unknown; parameters?: { name: string }[]; requestBody?: { content: Record<string, unknown> } }>>; openapi: string };
  assert.equal(doc.openapi, '3.0.0');
  const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  assert.deepEqual(item.patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual(item.patch.parameters?.map((p) => p.name), ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  assert.equal('application/strategic-merge-patch+json' in (item.patch.requestBody?.content ?? {}), false);
  for (const verb of ['get', 'put', 'delete']) assert.ok(item[verb]['x-kubernetes-group-version-kind'], verb);
  assert.ok(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'].post);
  assert.deepEqual(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.equal(svc.v3Document('apis/nope/v1'), undefined);
});

test('OpenAPIService.v3Document: components hold real schemas in v3 spelling', () => {
  const doc = svc.v3Document('/apis/apps/v1/') as { components: { schemas: Record<string, { description?: string; properties?: Record<string, unknown>; oneOf?: unknown }> } };
  const strategy = doc.components.schemas['io.k8s.api.apps.v1.DeploymentStrategy'];
  assert.equal(strategy.description, 'DeploymentStrategy describes how to replace existing pods with new ones.');
  assert.deepEqual(strategy.properties?.rollingUpdate, {
    description: 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
    allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.RollingUpdateDeployment' }],
  });
  assert.ok(doc.components.schemas['io.k8s.api.core.v1.PodSpec']);
  assert.deepEqual(doc.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf, [{ type: 'integer' }, { type: 'string' }]);
  assert.equal(doc.components.schemas['io.k8s.api.batch.v1.Job'], undefined);
});

test('OpenAPIService.setCustomResourceSchemas: adds, replaces with a new hash, removes', () => {
  const s = new OpenAPIService();
  const appsHash = s.hash('apis/apps/v1');
  s.setCustomResourceSchemas(crontabCRD(), 'crontabs.stable.example.com');
  const h1 = s.hash('apis/stable.example.com/v1');
  assert.ok(h1 && s.v3Index().paths['apis/stable.example.com/v1'].serverRelativeURL.endsWith(h1));
  const doc = s.v3Document('apis/stable.example.com/v1') as { paths: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: unknown }>>; components: { schemas: Record<string, { properties: Record<string, unknown>; 'x-kubernetes-group-version-kind': unknown }> } };
  assert.deepEqual(doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch['x-kubernetes-group-version-kind'], { group: 'stable.example.com', version: 'v1', kind: 'CronTab' });
  assert.ok(doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/status']);
  const ct = doc.components.schemas['com.example.stable.v1.CronTab'];
  assert.deepEqual(ct['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }]);
  assert.deepEqual((ct.properties.metadata as { allOf: unknown }).allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
  assert.ok(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.equal(s.definitionFor({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }), 'com.example.stable.v1.CronTab');

  s.setCustomResourceSchemas(crontabCRD('string'), 'crontabs.stable.example.com');
  assert.notEqual(s.hash('apis/stable.example.com/v1'), h1);
  assert.equal(s.hash('apis/apps/v1'), appsHash);

  s.setCustomResourceSchemas(undefined, 'crontabs.stable.example.com');
  assert.equal(s.v3Index().paths['apis/stable.example.com/v1'], undefined);
  assert.equal(s.definitionFor({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }), undefined);
});

test('OpenAPIService.v2Protobuf: decodes back to the full swagger document', () => {
  const s = new OpenAPIService();
  s.setCustomResourceSchemas(crontabCRD(), 'crontabs.stable.example.com');
  const buf = s.v2Protobuf();
  assert.deepEqual([...buf.subarray(0, 5)], [0x0a, 0x03, 0x32, 0x2e, 0x30]); // swagger = "2.0"
  const doc = decodeV2(buf) as {
    swagger: string; info: { title: string; version: string };
    definitions: { additional_properties: { name: string; value: Record<string, unknown> }[] };
    paths: { path: { name: string; value: { patch?: { parameters: unknown[]; vendor_extension: { name: string; value: { yaml: string } }[] } } }[] };
  };
  assert.equal(doc.swagger, '2.0');
  assert.deepEqual([doc.info.title, doc.info.version], ['Kubernetes', 'v1.30.0']);
  const byName = new Map(doc.definitions.additional_properties.map((d) => [d.name, d.value]));
  const strategy = byName.get('io.k8s.api.apps.v1.DeploymentStrategy') as { description: string; properties: { additional_properties: { name: string; value: { _ref?: string } }[] } };
  assert.equal(strategy.description, 'DeploymentStrategy describes how to replace existing pods with new ones.');
  assert.equal(strategy.properties.additional_properties.find((p) => p.name === 'rollingUpdate')?.value._ref, '#/definitions/io.k8s.api.apps.v1.RollingUpdateDeployment');
  const dep = byName.get('io.k8s.api.apps.v1.Deployment') as { vendor_extension: { name: string; value: { yaml: string } }[]; type: { value: string[] } };
  assert.deepEqual(dep.type.value, ['object']);
  assert.match(dep.vendor_extension.find((e) => e.name === 'x-kubernetes-group-version-kind')!.value.yaml, /^- group: apps\n  version: v1\n  kind: Deployment\n$/);
  assert.ok(byName.has('com.example.stable.v1.CronTab'));
  const patch = doc.paths.path.find((p) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}')?.value.patch;
  assert.ok(JSON.stringify(patch?.parameters).includes('"fieldValidation"'));
  assert.ok(patch?.vendor_extension.some((e) => e.name === 'x-kubernetes-group-version-kind' && e.value.yaml.includes('kind: Deployment')));
});
