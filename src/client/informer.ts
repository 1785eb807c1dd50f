// Informer: list (paged) then watch from the list's resourceVersion, keeping a local read-only cache and calling
// handlers on changes (client-go's Reflector + DeltaFIFO + Indexer + sharedProcessor, collapsed into one class).
//
//   list ──replace──▶ cache ◀──apply── watch(rv, bookmarks) ──end──▶ re-watch from last rv
//                       │                 └─ 410 (HTTP or ERROR event) ──▶ relist (deletes found → finalStateUnknown)
//                       └─▶ handlers: onAdd / onUpdate(old, new) / onDelete(obj, {finalStateUnknown}); resync re-delivers updates
import type { KObject, WatchEvent, Status } from '../api/types.js';
import { isApiError } from '../machinery/errors.js';
import { systemClock, type Clock } from '../machinery/clock.js';
import { noopLogger, type Logger } from '../machinery/log.js';
import { apiErrorFromStatus } from './status.js';
import { IndexedCache, NAMESPACE_INDEX, deepFreeze, joinKey, keyOf, type IndexFunc, type ObjectKey } from './cache.js';
import type { ResourceClient, WatchHandle } from './rest.js';

export interface ResourceEventHandler<T> {
  /** `initialList` is true for objects delivered by the first list (or replayed to a late handler). */
  onAdd?(obj: T, initialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** `finalStateUnknown`: the delete was noticed by a relist, so `obj` is the last state the cache saw. */
  onDelete?(obj: T, info: { finalStateUnknown: boolean }): void;
}

export interface InformerOptions {
  /** Only this namespace. @default '' (all) */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver onUpdate(obj, obj) for every cached object this often; 0 disables. @default 0 */
  resyncMs?: number;
  /** @default 500 */
  pageSize?: number;
  /** Deep-freeze cached objects so accidental mutation throws. @default true */
  freeze?: boolean;
  /** @default systemClock */
  clock?: Clock;
  /** @default noopLogger */
  logger?: Logger;
  /** First retry delay after a failed list or watch, doubling up to maxBackoffMs. @default 800 */
  initialBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
}

export class Informer<T extends object = KObject> {
  private readonly cache = new IndexedCache<T>();
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private rv = '';
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private started = false;
  private stopped = false;
  private watch?: WatchHandle;
  private sleeping?: { cancel(): void; wake(): void };
  private resyncTimer?: { cancel(): void };
  private backoffMs: number;

  constructor(readonly resource: ResourceClient<T>, private readonly opts: InformerOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    const g = resource.gvr;
    this.log = (opts.logger ?? noopLogger).with({ resource: g.group ? `${g.resource}.${g.group}` : g.resource });
    this.backoffMs = opts.initialBackoffMs ?? 800;
  }

  /** Registers handlers; if the cache already has objects they are replayed as adds. Returns a remover. */
  addEventHandler(h: ResourceEventHandler<T>): { remove(): void } {
    this.handlers.add(h);
    if (this.cache.size) for (const o of this.cache.values()) this.call(() => h.onAdd?.(o, true));
    return { remove: () => { this.handlers.delete(h); } };
  }

  addIndexer(name: string, fn: IndexFunc<T>): void { this.cache.addIndexer(name, fn); }
  byIndex(name: string, value: string): T[] { return this.cache.byIndex(name, value); }

  /** By key object, by `namespace, name`, or by a `ns/name` string. The result is read-only. */
  get(key: ObjectKey | string, name?: string): T | undefined {
    if (typeof key === 'object') return this.cache.get(joinKey(key.namespace, key.name));
    return this.cache.get(name === undefined ? key : joinKey(key, name));
  }

  /** All cached objects, or those of one namespace. Read-only. */
  list(namespace?: string): T[] {
    return namespace ? this.cache.byIndex(NAMESPACE_INDEX, namespace) : [...this.cache.values()];
  }

  keys(): string[] { return [...this.cache.keys()]; }
  hasSynced(): boolean { return this.synced; }
  /** The resourceVersion of the last list, watch event or bookmark applied. */
  lastResourceVersion(): string { return this.rv; }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((r) => this.syncWaiters.push(r));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.sleeping?.wake();
    this.resyncTimer?.cancel();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndReplace();
        this.backoffMs = this.opts.initialBackoffMs ?? 800;
        await this.watchUntilRelist();
      } catch (e) {
        if (this.stopped) return;
        this.log.error('List failed; will retry', { err: (e as Error).message, backoffMs: this.backoffMs });
        await this.backoff();
      }
    }
  }

  private async listAndReplace(): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    let limit: number | undefined = this.opts.pageSize ?? 500;
    do {
      let page;
      try {
        page = await this.resource.list(this.opts.namespace ?? '', { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, limit, continue: cont });
      } catch (e) {
        if (cont && isApiError(e) && e.code === 410) { items.length = 0; cont = undefined; limit = undefined; continue; }
        throw e;
      }
      items.push(...page.items);
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?.continue || undefined;
    } while (cont && !this.stopped);
    if (this.stopped) return;
    this.replace(items, rv);
  }

  private replace(items: T[], rv: string): void {
    const seen = new Set<string>();
    const initial = !this.synced;
    for (const raw of items) {
      const obj = this.prepare(raw);
      const k = keyOf(obj as KObject);
      seen.add(k);
      const old = this.cache.set(k, obj);
      if (!old) this.dispatch((h) => h.onAdd?.(obj, initial));
      else if (rvOf(old) !== rvOf(obj)) this.dispatch((h) => h.onUpdate?.(old, obj));
    }
    for (const k of [...this.cache.keys()]) {
      if (seen.has(k)) continue;
      const old = this.cache.delete(k)!;
      this.dispatch((h) => h.onDelete?.(old, { finalStateUnknown: true }));
    }
    this.rv = rv;
    if (!this.synced) {
      this.synced = true;
      this.log.debug('Informer synced', { objects: this.cache.size, resourceVersion: rv });
      const w = this.syncWaiters;
      this.syncWaiters = [];
      for (const r of w) r();
      this.scheduleResync();
    }
  }

  /** Watches (re-watching after normal ends and transient errors) until a 410 asks for a relist or stop(). */
  private async watchUntilRelist(): Promise<void> {
    while (!this.stopped) {
      let relist = false;
      let events = 0;
      const startedAt = this.clock.now();
      try {
        this.watch = await this.resource.watch(this.opts.namespace ?? '', {
          resourceVersion: this.rv, labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector,
          allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300),
        }, (ev) => {
          events++;
          if (this.apply(ev) === 'relist') { relist = true; this.watch?.stop(); }
        });
      } catch (e) {
        if (isApiError(e) && e.code === 410) return;
        if (this.stopped) return;
        this.log.error('Watch failed; will retry', { err: (e as Error).message, resourceVersion: this.rv, backoffMs: this.backoffMs });
        await this.backoff();
        continue;
      }
      if (this.stopped) { this.watch.stop(); return; }
      const { error } = await this.watch.ended;
      this.watch = undefined;
      if (relist) return;
      if (this.stopped) return;
      if (error || (events === 0 && this.clock.now() - startedAt < 1000)) {
        if (error) this.log.debug('Watch ended with error; will retry', { err: error.message, resourceVersion: this.rv });
        await this.backoff();
      } else {
        this.backoffMs = this.opts.initialBackoffMs ?? 800;
      }
    }
  }

  private apply(ev: WatchEvent<T>): 'relist' | undefined {
    if (ev.type === 'ERROR') {
      const err = apiErrorFromStatus(ev.object as unknown as Status);
      if (err.code === 410) { this.log.debug('Watch expired; relisting', { resourceVersion: this.rv, err: err.message }); return 'relist'; }
      this.log.error('Watch error event', { err: err.message, code: err.code });
      return undefined;
    }
    const rv = rvOf(ev.object);
    if (ev.type === 'BOOKMARK') { if (rv) this.rv = rv; return undefined; }
    const obj = this.prepare(ev.object);
    const k = keyOf(obj as KObject);
    if (ev.type === 'DELETED') {
      const old = this.cache.delete(k);
      this.dispatch((h) => h.onDelete?.(obj, { finalStateUnknown: false }));
      void old;
    } else {
      const old = this.cache.set(k, obj);
      if (old) this.dispatch((h) => h.onUpdate?.(old, obj));
      else this.dispatch((h) => h.onAdd?.(obj, false));
    }
    if (rv) this.rv = rv;
    return undefined;
  }

  private prepare(o: T): T {
    return this.opts.freeze === false ? o : deepFreeze(o);
  }

  private scheduleResync(): void {
    const ms = this.opts.resyncMs ?? 0;
    if (ms <= 0 || this.stopped) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      for (const o of this.cache.values()) this.dispatch((h) => h.onUpdate?.(o, o));
      this.scheduleResync();
    }, ms);
  }

  private dispatch(fn: (h: ResourceEventHandler<T>) => void): void {
    for (const h of this.handlers) this.call(() => fn(h));
  }

  private call(fn: () => void): void {
    try { fn(); } catch (e) { this.log.error('Event handler threw', { err: (e as Error).message }); }
  }

  private backoff(): Promise<void> {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(ms * 2, this.opts.maxBackoffMs ?? 30_000);
    return new Promise((resolve) => {
      const t = this.clock.setTimeout(() => { this.sleeping = undefined; resolve(); }, ms);
      this.sleeping = { cancel: t.cancel, wake: () => { t.cancel(); this.sleeping = undefined; resolve(); } };
    });
  }
}

function rvOf(o: object): string | undefined {
  return (o as KObject).metadata?.resourceVersion;
}
