// Watch streaming: newline-delimited JSON events over a chunked 200 response, headers flushed at once (kubectl's
// rollout status hangs otherwise), synthetic ADDED events for rv unset/0, resume from a resourceVersion, selector
// transitions (an object leaving the selection is DELETED for that watcher), bookmarks, timeouts, 410 as an ERROR event.
import type { KObject } from '../../api/types.js';
import type { RequestContext } from './context.js';
import { negotiateShape } from './negotiate.js';
import { buildFilter } from './filter.js';
import { toTable } from '../tables/index.js';
import { isStoreError } from '../../store/backend.js';
import type { HubEvent, Subscription } from '../watch/hub.js';
import { ApiError, badRequest, gone } from '../../machinery/errors.js';
import { isTrue } from '../http/requestinfo.js';
import { groupVersion } from '../resources.js';
import { partialObject } from './present.js';
import type { Clock } from '../../machinery/clock.js';

export interface WatchEnv {
  clock: Clock;
  /** @default 60000 */
  bookmarkIntervalMs?: number;
  /** Called when a watch starts/ends (metrics). */
  onOpen?(): void;
  onClose?(): void;
}

export async function handleWatch(ctx: RequestContext, env: WatchEnv): Promise<void> {
  const { entry, query, res } = ctx;
  const store = entry.store!;
  const hub = entry.hub!;
  const filter = buildFilter(query, store.strategy, ctx.info.name ? { name: ctx.info.name } : undefined);
  const rvParam = query.get('resourceVersion') ?? '';
  if (rvParam !== '' && !/^[0-9]+$/.test(rvParam)) throw badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`);
  const allowBookmarks = isTrue(query.get('allowWatchBookmarks'));
  const sendInitial = query.get('sendInitialEvents');
  if (sendInitial !== null && query.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw badRequest('sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan');
  }
  const timeoutParam = query.get('timeoutSeconds');
  let timeoutMs: number;
  if (timeoutParam !== null) {
    if (!/^[0-9]+$/.test(timeoutParam)) throw badRequest(`invalid value for timeoutSeconds: "${timeoutParam}"`);
    timeoutMs = Number(timeoutParam) * 1000;
  } else {
    timeoutMs = (1800 + Math.floor(Math.random() * 1800)) * 1000;
  }
  const shape = negotiateShape(ctx.req.headers.accept);
  const prefix = store.keyPrefix(ctx.info.namespace);
  const initial = rvParam === '' || rvParam === '0' || isTrue(sendInitial);

  let initialItems: KObject[] = [];
  let after: number;
  if (initial) {
    const l = await store.list({ namespace: ctx.info.namespace, filter, resourceVersion: isTrue(sendInitial) && rvParam !== '' && rvParam !== '0' ? rvParam : undefined });
    initialItems = l.items;
    after = Number(l.resourceVersion);
  } else {
    after = Number(rvParam);
  }

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  env.onOpen?.();

  let headersSent = false;
  let lastRv = after;
  const gv = groupVersion(entry.info.group, entry.info.version);
  const line = (type: string, obj: KObject, ev?: HubEvent): string => {
    if (shape === 'table') {
      const t = toTable({ group: entry.info.group, resource: entry.info.resource, objects: [obj], now: env.clock.now(), includeObject: (query.get('includeObject') as never) ?? 'Metadata', listMeta: { resourceVersion: obj.metadata?.resourceVersion }, withHeaders: !headersSent, printerColumns: entry.crd?.printerColumns as never });
      headersSent = true;
      return JSON.stringify({ type, object: t }) + '\n';
    }
    const body = shape === 'partial' ? partialObject(obj) : obj;
    if (ev) {
      const k = `${shape}:${type}`;
      let s = ev.cache.get(k);
      if (s === undefined) { s = JSON.stringify({ type, object: body }) + '\n'; ev.cache.set(k, s); }
      return s;
    }
    return JSON.stringify({ type, object: body }) + '\n';
  };

  let closed = false;
  let sub: Subscription | undefined;
  let bookmarkTimer: { cancel(): void } | undefined;
  let timeoutTimer: { cancel(): void } | undefined;
  const finish = () => {
    if (closed) return;
    closed = true;
    sub?.close();
    bookmarkTimer?.cancel();
    timeoutTimer?.cancel();
    env.onClose?.();
    if (!res.writableEnded) res.end();
  };
  res.on('close', finish);
  res.on('error', finish);

  const write = (s: string) => { if (!closed) res.write(s); };
  for (const o of initialItems) write(line('ADDED', o));
  if (initial && isTrue(sendInitial) && allowBookmarks) {
    write(JSON.stringify({ type: 'BOOKMARK', object: { kind: entry.info.kind, apiVersion: gv, metadata: { resourceVersion: String(after), annotations: { 'k8s.io/initial-events-end': 'true' } } } }) + '\n');
  }

  const onEvents = (events: HubEvent[]) => {
    let out = '';
    for (const ev of events) {
      if (ev.revision <= lastRv) continue;
      lastRv = ev.revision;
      if (!filter) { out += line(ev.type, ev.object, ev); continue; }
      if (ev.type === 'DELETED') {
        if (filter(ev.object)) out += line('DELETED', ev.object, ev);
        continue;
      }
      const nowMatch = filter(ev.object);
      const oldMatch = ev.type === 'MODIFIED' && ev.old ? filter(ev.old) : false;
      if (nowMatch && oldMatch) out += line('MODIFIED', ev.object, ev);
      else if (nowMatch) out += line('ADDED', ev.object);
      else if (oldMatch) out += line('DELETED', ev.object);
    }
    if (out) write(out);
  };

  const fail = (e: unknown) => {
    const err = isStoreError(e, 'Compacted')
      ? gone(`too old resource version: ${after} (${store.compactRevision()})`)
      : new ApiError(500, 'InternalError', `watch failed: ${(e as Error).message}`);
    write(JSON.stringify({ type: 'ERROR', object: err.toStatus() }) + '\n');
    finish();
  };
  try {
    sub = hub.subscribe(prefix, after, onEvents, fail);
  } catch (e) {
    fail(e);
    return;
  }

  if (allowBookmarks) {
    const every = env.bookmarkIntervalMs ?? 60000;
    const tick = () => {
      if (closed) return;
      const rv = Math.max(lastRv, sub?.progress() ?? 0);
      write(JSON.stringify({ type: 'BOOKMARK', object: { kind: entry.info.kind, apiVersion: gv, metadata: { resourceVersion: String(rv) } } }) + '\n');
      bookmarkTimer = env.clock.setTimeout(tick, every);
    };
    bookmarkTimer = env.clock.setTimeout(tick, every);
  }
  timeoutTimer = env.clock.setTimeout(finish, timeoutMs);
}
