// Cell helpers shared by the printers: ages, container lists, quantities, `<none>` handling.
import type { KObject } from '../../api/types.js';
import { ageSince } from '../../machinery/duration.js';
import { tryParseQuantity, formatQuantity } from '../../machinery/quantity.js';

/** AGE cell: humanDuration since creationTimestamp, `<unknown>` when unset. */
export function age(obj: KObject, now: number): string {
  return ageSince(obj.metadata?.creationTimestamp, now);
}

export function name(obj: KObject): string {
  return obj.metadata?.name ?? '';
}

/** layoutContainerCells: names and images joined by commas. */
export function containerCells(containers: { name: string; image?: string }[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** Quantity.String(): canonical form; odd input is shown as written; absent is `0` like a zero Quantity. */
export function quantityString(q: string | number | undefined | null): string {
  if (q === undefined || q === null) return '0';
  const parsed = tryParseQuantity(String(q));
  return parsed ? formatQuantity(parsed) : String(q);
}

/** IntOrString.String(). */
export function intOrString(v: string | number | undefined | null): string {
  return v === undefined || v === null ? '' : String(v);
}

export function orNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

/** Items as `a,b,c + N more...` (listWithMoreString); `<unset>` when empty. */
export function listWithMore(list: string[], count: number, max: number): string {
  const ret = list.slice(0, max).join(',');
  if (count > max) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** GroupKind.String() lower-cased plus name, as printers' formatResourceName: `statefulset.apps/web`. */
export function kindSlashName(apiVersion: string | undefined, kind: string, objName: string): string {
  const group = (apiVersion ?? '').includes('/') ? (apiVersion ?? '').split('/')[0] : '';
  if (!kind) return objName;
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${objName}`;
}
