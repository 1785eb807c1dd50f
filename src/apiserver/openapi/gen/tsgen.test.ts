import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtinDefinitions } from '../definitions.js';
import { packagePrefix, resolveNear } from './tsgen.js';
import { numberFormat } from './formats.js';

const defs = builtinDefinitions();

test('generateDefinitions: DeploymentStrategy golden description and rollingUpdate ref', () => {
  const s = defs['io.k8s.api.apps.v1.DeploymentStrategy'];
  assert.equal(s.description, 'DeploymentStrategy describes how to replace existing pods with new ones.');
  assert.deepEqual(s.properties?.rollingUpdate, {
    description: 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
    $ref: '#/definitions/io.k8s.api.apps.v1.RollingUpdateDeployment',
  });
  assert.equal(s.properties?.type.type, 'string');
  assert.equal(s.required, undefined);
});

test('generateDefinitions: special types', () => {
  assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string');
  assert.deepEqual([defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].type, defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format], ['string', 'date-time']);
  const ios = defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'];
  assert.equal(ios['x-kubernetes-int-or-string'], true);
  assert.equal(defs['io.k8s.api.apps.v1.RollingUpdateDeployment'].properties?.maxSurge.$ref, '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
});

test('generateDefinitions: kinds carry x-kubernetes-group-version-kind, required and maps', () => {
  assert.deepEqual(defs['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
  assert.deepEqual(defs['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Pod' }]);
  assert.deepEqual(defs['io.k8s.api.apps.v1.DeploymentSpec'].required, ['selector', 'template']);
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties?.labels.additionalProperties, { type: 'string' });
  assert.equal(defs['io.k8s.api.apps.v1.DeploymentSpec'].properties?.replicas.format, 'int32');
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties?.generation.format, 'int64');
  assert.equal(defs['io.k8s.api.core.v1.Secret'].properties?.data.additionalProperties && (defs['io.k8s.api.core.v1.Secret'].properties.data.additionalProperties as { format?: string }).format, 'byte');
  assert.ok(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition']);
});

test('generateDefinitions: list extensions from the patch table', () => {
  const c = defs['io.k8s.api.core.v1.PodSpec'].properties?.containers;
  assert.equal(c?.['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(c?.['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(c?.['x-kubernetes-list-type'], 'map');
  assert.deepEqual(defs['io.k8s.api.core.v1.Container'].properties?.ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties?.ownerReferences['x-kubernetes-patch-merge-key'], 'uid');
});

test('generateDefinitions: every $ref resolves', () => {
  const missing: string[] = [];
  JSON.stringify(defs, (k, v) => {
    if (k === '$ref' && typeof v === 'string' && !defs[v.slice('#/definitions/'.length)]) missing.push(v);
    return v;
  });
  assert.deepEqual(missing, []);
});

test('packagePrefix: Kubernetes package names', () => {
  assert.equal(packagePrefix('apps/v1'), 'io.k8s.api.apps.v1');
  assert.equal(packagePrefix('meta/v1'), 'io.k8s.apimachinery.pkg.apis.meta.v1');
  assert.equal(packagePrefix('api/resource'), 'io.k8s.apimachinery.pkg.api.resource');
  assert.equal(packagePrefix('apiextensions/v1'), 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1');
});

test('numberFormat: agrees with the formats @kubernetes/client-node carries', async () => {
  let modelsDir: string;
  try {
    modelsDir = join(dirname(resolveNear('@kubernetes/client-node')), 'gen', 'models');
  } catch {
    return; // dev dependency absent: nothing to compare against
  }
  const mismatches: string[] = [];
  let compared = 0;
  for (const f of readdirSync(modelsDir).filter((n) => /^V1[A-Z].*\.js$/.test(n))) {
    const mod = (await import(join(modelsDir, f))) as Record<string, { attributeTypeMap?: { baseName: string; type: string; format: string }[] }>;
    for (const [cls, c] of Object.entries(mod)) {
      for (const a of c?.attributeTypeMap ?? []) {
        if (a.type !== 'number') continue;
        const typeName = cls.replace(/^V1/, '');
        const def = Object.entries(defs).find(([n, s]) => n.endsWith(`.v1.${typeName}`) && s.properties?.[a.baseName]);
        if (!def) continue; // field newer than the kubernetes-types release
        compared++;
        if (numberFormat(typeName, a.baseName).format !== a.format) mismatches.push(`${typeName}.${a.baseName}: ${a.format}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(compared > 100, `only ${compared} numeric fields compared`);
});
