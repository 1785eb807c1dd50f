// GET of one object and LIST of a collection.
import type { RequestContext } from './context.js';
import { negotiateShape } from './negotiate.js';
import { presentList, presentObject } from './present.js';
import { buildFilter } from './filter.js';
import { sendJson, sendRaw } from '../http/respond.js';
import { badRequest } from '../../machinery/errors.js';

export async function handleGet(ctx: RequestContext, now: number): Promise<void> {
  const store = ctx.entry.store!;
  const obj = await store.get(ctx.info.namespace, ctx.info.name);
  sendJson(ctx.res, 200, presentObject(ctx.entry, obj, negotiateShape(ctx.req.headers.accept), ctx.query, now));
}

export function parseLimit(query: URLSearchParams): number | undefined {
  const l = query.get('limit');
  if (l === null || l === '') return undefined;
  if (!/^-?[0-9]+$/.test(l)) throw badRequest(`invalid value for limit: "${l}": must be an integer`);
  const n = Number(l);
  return n > 0 ? n : undefined;
}

export async function handleList(ctx: RequestContext, now: number): Promise<void> {
  const store = ctx.entry.store!;
  const filter = buildFilter(ctx.query, store.strategy);
  const rv = ctx.query.get('resourceVersion') ?? undefined;
  const rvMatch = ctx.query.get('resourceVersionMatch') ?? undefined;
  if (rvMatch && !['Exact', 'NotOlderThan'].includes(rvMatch)) {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`);
  }
  if (rvMatch && !rv) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  const limit = parseLimit(ctx.query);
  const cont = ctx.query.get('continue') ?? undefined;
  if (cont && rv) throw badRequest('specifying resource version is not allowed when using continue');
  const shape = negotiateShape(ctx.req.headers.accept);
  const result = await store.list({
    namespace: ctx.info.namespace, filter, limit, continue: cont,
    resourceVersion: rv, resourceVersionMatch: rvMatch, raw: shape === 'object',
  });
  if (result.rawItems) {
    // fast path: stored JSON is spliced into the response without parsing each object
    const i = ctx.entry.info;
    const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
    if (result.continue) meta.continue = result.continue;
    const head = `{"kind":${JSON.stringify(i.listKind)},"apiVersion":${JSON.stringify(i.group ? `${i.group}/${i.version}` : i.version)},"metadata":${JSON.stringify(meta)},"items":[`;
    return sendRaw(ctx.res, 200, head + result.rawItems.join(',') + ']}');
  }
  sendJson(ctx.res, 200, presentList(ctx.entry, result.items, shape, { resourceVersion: result.resourceVersion, continue: result.continue, remainingItemCount: result.remainingItemCount }, ctx.query, now));
}
