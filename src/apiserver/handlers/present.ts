// Turning stored objects into what the client asked for: the object, a list, a Table, or metadata only.
import type { KObject } from '../../api/types.js';
import { toTable } from '../tables/index.js';
import type { ResourceEntry } from '../registry/registry.js';
import type { Shape } from './negotiate.js';
import { groupVersion } from '../resources.js';

export interface ListMetaIn { resourceVersion?: string; continue?: string; remainingItemCount?: number }

export function partialObject(o: KObject): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function presentList(entry: ResourceEntry, items: KObject[], shape: Shape, listMeta: ListMetaIn, query: URLSearchParams, now: number): unknown {
  const i = entry.info;
  if (shape === 'table') {
    return toTable({
      group: i.group, resource: i.resource, objects: items, now,
      includeObject: (query.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? 'Metadata',
      listMeta, withHeaders: true, printerColumns: entry.crd?.printerColumns as never,
    });
  }
  const metadata: Record<string, unknown> = { resourceVersion: listMeta.resourceVersion };
  if (listMeta.continue) metadata.continue = listMeta.continue;
  if (listMeta.remainingItemCount !== undefined) metadata.remainingItemCount = listMeta.remainingItemCount;
  if (shape === 'partial') {
    return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialObject) };
  }
  return { kind: i.listKind, apiVersion: groupVersion(i.group, i.version), metadata, items };
}

export function presentObject(entry: ResourceEntry, obj: KObject, shape: Shape, query: URLSearchParams, now: number): unknown {
  if (shape === 'table') {
    const i = entry.info;
    return toTable({
      group: i.group, resource: i.resource, objects: [obj], now,
      includeObject: (query.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? 'Metadata',
      listMeta: { resourceVersion: obj.metadata?.resourceVersion }, withHeaders: true, printerColumns: entry.crd?.printerColumns as never,
    });
  }
  if (shape === 'partial') return partialObject(obj);
  return obj;
}
