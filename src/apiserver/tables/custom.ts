// Printers without a printers.go handler: custom resources from their CRD's additionalPrinterColumns
// (apiextensions tableconvertor) and built-in kinds the real server renders with the default convertor.
import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { KObject } from '../../api/types.js';
import { ageSince } from '../../machinery/duration.js';
import { doc } from './docs.js';
import { compileJSONPath } from './jsonpath.js';
import { NAME_COLUMN, col, type Cell, type Printer } from './types.js';

/** The column a CRD version gets when it declares none (serveDefaultColumnsIfEmpty). */
export const DEFAULT_CRD_COLUMNS: CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', description: doc('meta.ObjectMeta.creationTimestamp'), jsonPath: '.metadata.creationTimestamp' },
];

/** cellForJSONValue: typed cells; dates become ages; mismatches are null, as the real server sends. */
function typedCell(type: string, v: unknown, now: number): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'string': return typeof v === 'string' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      const t = Date.parse(v);
      return Number.isNaN(t) ? '<invalid>' : ageSince(v, now);
    }
    default: return null;
  }
}

/** The text of a value printed by a `string` column (JSONPath printing): scalars as is, structures as JSON. */
function stringCell(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function customResourcePrinter(columns: CustomResourceColumnDefinition[] | undefined): Printer {
  const cols = columns && columns.length > 0 ? columns : DEFAULT_CRD_COLUMNS;
  const evals = cols.map((c) => {
    try { return compileJSONPath(c.jsonPath); } catch { return () => []; }
  });
  return {
    columns: [NAME_COLUMN, ...cols.map((c) => col(c.name, c.type as 'string', c.description ?? '', { format: c.format ?? '', priority: c.priority ?? 0 }))],
    cells(obj: KObject, now: number): Cell[] {
      return [obj.metadata?.name ?? '', ...cols.map((c, i) => {
        const found = evals[i]!(obj);
        if (found.length === 0 || found[0] === undefined) return null;
        const v = found[0];
        if (c.type === 'string') return v === null ? null : stringCell(v);
        return typedCell(c.type, v, now);
      })];
    },
  };
}

/** rest.DefaultTableConvertor: Name and `Created At` (RFC 3339, type date). Used for Roles, ClusterRoles, LimitRanges, CRDs... */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, col('Created At', 'date', doc('meta.ObjectMeta.creationTimestamp'))],
  cells(obj) {
    const ts = obj.metadata?.creationTimestamp;
    const t = ts ? Date.parse(ts) : NaN;
    return [obj.metadata?.name ?? '', Number.isNaN(t) ? '0001-01-01T00:00:00Z' : new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z')];
  },
};
