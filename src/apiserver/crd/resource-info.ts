// ResourceInfo for each served version of a CustomResourceDefinition.
import type { KObject } from '../../api/types.js';
import type { ResourceInfo, SubresourceInfo } from '../resources.js';

export interface CRDVersion {
  name: string; served?: boolean; storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: unknown[];
}

export interface CRDSpec {
  group: string;
  names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  scope: 'Namespaced' | 'Cluster';
  versions: CRDVersion[];
}

export function crdSpec(crd: KObject): CRDSpec {
  return crd.spec as CRDSpec;
}

export function resourceInfoFor(spec: CRDSpec, v: CRDVersion): ResourceInfo {
  const subs: SubresourceInfo[] = [];
  if (v.subresources?.status) subs.push({ name: 'status', verbs: ['get', 'patch', 'update'] });
  if (v.subresources?.scale) subs.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  const n = spec.names;
  return {
    group: spec.group, version: v.name, resource: n.plural, singular: n.singular || n.kind.toLowerCase(), kind: n.kind,
    listKind: n.listKind || `${n.kind}List`, namespaced: spec.scope !== 'Cluster',
    shortNames: n.shortNames, categories: n.categories,
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    subresources: subs,
  };
}
