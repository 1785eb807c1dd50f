// toTable: meta.k8s.io/v1 Table for `kubectl get` (list, single GET and each watch event).
import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { KObject } from '../../api/types.js';
import { customResourcePrinter, defaultPrinter } from './custom.js';
import { DEFAULT_CONVERTOR_RESOURCES, PRINTERS } from './printers/index.js';
import type { Printer, Table, TableRow } from './types.js';

export interface ToTableInput {
  group: string;
  resource: string;
  objects: KObject[];
  /** Wall-clock ms used for ages; inject it. */
  now: number;
  /** @default 'Metadata' */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** Copied to Table.metadata; without it a single object's resourceVersion is used. */
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** false for watch events after the first: columnDefinitions are then empty. @default true */
  withHeaders?: boolean;
  /** The CRD version's additionalPrinterColumns; pass it (even `[]`) for custom resources. */
  printerColumns?: CustomResourceColumnDefinition[];
}

/** The printer for a resource: built-in handler, CRD columns, or the default convertor. */
export function printerFor(group: string, resource: string, printerColumns?: CustomResourceColumnDefinition[]): Printer {
  const key = `${group}/${resource}`;
  const builtin = PRINTERS[key];
  if (builtin) return builtin;
  if (printerColumns !== undefined) return customResourcePrinter(printerColumns);
  if (DEFAULT_CONVERTOR_RESOURCES.has(key)) return defaultPrinter;
  // Unknown group: a custom resource whose CRD declares no columns (served with the default Age column).
  return customResourcePrinter(undefined);
}

function rowObject(obj: KObject, mode: 'None' | 'Metadata' | 'Object'): unknown {
  if (mode === 'None') return undefined;
  if (mode === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

export function toTable(input: ToTableInput): Table {
  const printer = printerFor(input.group, input.resource, input.printerColumns);
  const mode = input.includeObject ?? 'Metadata';
  const rows: TableRow[] = input.objects.map((obj) => {
    const row: TableRow = { cells: printer.cells(obj, input.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    const o = rowObject(obj, mode);
    if (o !== undefined) row.object = o;
    return row;
  });
  const metadata: Table['metadata'] = {};
  const lm = input.listMeta ?? (input.objects.length === 1 ? { resourceVersion: input.objects[0]!.metadata?.resourceVersion } : {});
  if (lm.resourceVersion) metadata.resourceVersion = lm.resourceVersion;
  if (lm.continue) metadata.continue = lm.continue;
  if (lm.remainingItemCount !== undefined && lm.remainingItemCount !== null) metadata.remainingItemCount = lm.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: input.withHeaders === false ? [] : printer.columns,
    rows,
  };
}
