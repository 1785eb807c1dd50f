// Turns a CustomResourceDefinition into OpenAPI definitions (one per served version, plus its List) and the
// resources whose paths the v3 document lists. Definition names follow the real server: the group reversed,
// then version and kind (`stable.example.com/v1 CronTab` → `com.example.stable.v1.CronTab`).
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { Definitions, Schema } from './schema.js';
import { V2_REF_PREFIX } from './schema.js';
import type { PathResource } from './paths.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const API_VERSION_DOC = 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC = 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export const CRUD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function crdDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

export interface CRDOpenAPI {
  definitions: Definitions;
  resources: PathResource[];
  /** `apis/<group>/<version>` of every served version. */
  gvPaths: string[];
}

/** The schema of one served version as the documents show it (the stored CRD is not modified). */
export function customResourceSchema(openAPIV3Schema: Schema | undefined, group: string, version: string, kind: string): Schema {
  const base: Schema = openAPIV3Schema ? structuredClone(openAPIV3Schema) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  base.type ??= 'object';
  base.properties = {
    ...base.properties,
    apiVersion: { description: API_VERSION_DOC, type: 'string' },
    kind: { description: KIND_DOC, type: 'string' },
    metadata: { description: METADATA_DOC, $ref: `${V2_REF_PREFIX}${META}.ObjectMeta` },
  };
  base['x-kubernetes-group-version-kind'] = [{ group, version, kind }];
  return base;
}

export function crdOpenAPI(crd: CustomResourceDefinition): CRDOpenAPI {
  const { group, names, scope } = crd.spec;
  const out: CRDOpenAPI = { definitions: {}, resources: [], gvPaths: [] };
  for (const v of crd.spec.versions) {
    if (!v.served) continue;
    const name = crdDefinitionName(group, v.name, names.kind);
    const listKind = names.listKind ?? `${names.kind}List`;
    out.definitions[name] = customResourceSchema(v.schema?.openAPIV3Schema as Schema | undefined, group, v.name, names.kind);
    out.definitions[crdDefinitionName(group, v.name, listKind)] = {
      description: `${listKind} is a list of ${names.kind}`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { description: API_VERSION_DOC, type: 'string' },
        items: { description: `List of ${names.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: 'array', items: { $ref: V2_REF_PREFIX + name } },
        kind: { description: KIND_DOC, type: 'string' },
        metadata: { description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds', $ref: `${V2_REF_PREFIX}${META}.ListMeta` },
      },
      'x-kubernetes-group-version-kind': [{ group, version: v.name, kind: listKind }],
    };
    const subresources: PathResource['subresources'] = [];
    if (v.subresources?.status) subresources.push({ name: 'status', verbs: ['get', 'patch', 'update'] });
    if (v.subresources?.scale) subresources.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    out.resources.push({ group, version: v.name, resource: names.plural, kind: names.kind, namespaced: scope === 'Namespaced', verbs: CRUD_VERBS, subresources });
    out.gvPaths.push(`apis/${group}/${v.name}`);
  }
  return out;
}
