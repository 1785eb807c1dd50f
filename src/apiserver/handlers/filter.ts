// Label and field selectors from the query string, turned into one predicate over decoded objects.
import type { KObject } from '../../api/types.js';
import { parseLabelSelector, matchesLabels, parseFieldSelector, matchesFields } from '../../machinery/selectors/index.js';
import { badRequest } from '../../machinery/errors.js';
import type { Strategy } from '../registry/strategy.js';

export type ObjectFilter = (obj: KObject) => boolean;

export function buildFilter(query: URLSearchParams, strategy: Strategy, extra?: { name?: string }): ObjectFilter | undefined {
  const ls = query.get('labelSelector');
  const fs = query.get('fieldSelector');
  const preds: ObjectFilter[] = [];
  if (ls) {
    const sel = parseLabelSelector(ls);
    preds.push((o) => matchesLabels(sel, (o.metadata?.labels ?? {}) as Record<string, string>));
  }
  if (fs) {
    const sel = parseFieldSelector(fs);
    // reject unsupported field labels up front, as the real server does
    const probe = strategy.selectableFields({ metadata: { name: '', namespace: '' } });
    for (const r of sel.requirements) {
      if (!(r.field in probe)) throw badRequest(`field label not supported: ${r.field}`);
    }
    preds.push((o) => matchesFields(sel, strategy.selectableFields(o)));
  }
  if (extra?.name !== undefined) {
    const n = extra.name;
    preds.push((o) => o.metadata?.name === n);
  }
  if (!preds.length) return undefined;
  return (o) => preds.every((p) => p(o));
}
