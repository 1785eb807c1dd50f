// meta.k8s.io/v1 Table wire types and the shape of one kind's printer.
import type { KObject } from '../../api/types.js';
import { doc } from './docs.js';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumnDefinition {
  name: string;
  type: ColumnType | string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export type Cell = string | number | boolean | null;

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** Columns and the cells of one object; the server always renders wide (priority 1) cells too. */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KObject, now: number): Cell[];
  conditions?(obj: KObject): TableRowCondition[] | undefined;
}

export interface ColumnOptions { priority?: number; format?: string }

export function col(name: string, type: ColumnType, description: string, opts: ColumnOptions = {}): TableColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** The Name column every kind starts with. */
export const NAME_COLUMN = col('Name', 'string', doc('meta.ObjectMeta.name'), { format: 'name' });
export const AGE_COLUMN = col('Age', 'string', doc('meta.ObjectMeta.creationTimestamp'));
export const CONTAINERS_COLUMN = col('Containers', 'string', 'Names of each container in the template.', { priority: 1 });
export const IMAGES_COLUMN = col('Images', 'string', 'Images referenced by each container in the template.', { priority: 1 });
