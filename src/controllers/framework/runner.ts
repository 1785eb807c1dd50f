// Runner: owns one controller's queue and workers. Handlers only turn objects into keys; each worker loops
// get → reconcile → forget (or addRateLimited on a throw, or addAfter on requeueAfter) → done.
//
//   informer events ─toKeys─▶ WorkQueue (stingy, rate-limited) ─get─▶ worker × N ─▶ reconcile(key)
//                                   ▲            throw: addRateLimited / TerminalError: count, drop
//                                   └──── requeueAfter: addAfter ◀───────────────────────────┘
import type { KObject } from '../../api/types.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { noopLogger, type Logger } from '../../machinery/log.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { RateLimiter } from '../../client/ratelimit.js';
import type { EventRecorder } from '../../client/events.js';
import { Expectations } from './expectations.js';
import { TerminalError, keyString, parseKey, type ObjectKey, type Reconciler, type WatchSpec } from './reconciler.js';

export interface RunnerOptions {
  reconciler: Reconciler;
  /** @default 2 */
  workers?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default noopLogger */
  logger?: Logger;
  /** @default a new Expectations on the same clock */
  expectations?: Expectations;
  recorder?: EventRecorder;
  /** @default defaultControllerRateLimiter */
  rateLimiter?: RateLimiter<string>;
}

export interface RunnerStats { reconciles: number; errors: number; terminalErrors: number; requeues: number }

export class Runner {
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  readonly stats: RunnerStats = { reconciles: 0, errors: 0, terminalErrors: 0, requeues: 0 };
  private readonly log: Logger;
  private readonly removers: (() => void)[] = [];
  private workers: Promise<void>[] = [];
  private starting?: Promise<void>;

  constructor(private readonly opts: RunnerOptions) {
    const clock = opts.clock ?? systemClock;
    this.queue = new WorkQueue<string>({ clock, rateLimiter: opts.rateLimiter });
    this.expectations = opts.expectations ?? new Expectations({ clock });
    this.log = (opts.logger ?? noopLogger).with({ controller: opts.reconciler.name });
  }

  get name(): string { return this.opts.reconciler.name; }

  enqueue(key: ObjectKey): void { this.queue.add(keyString(key)); }

  /**
   * Registers the event handlers at once (keys queue up) and starts the workers once every watched informer has
   * synced, so reconcile never sees a half-filled cache. Resolves when the workers are running.
   */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    const watches = this.opts.reconciler.watches();
    for (const w of watches) this.removers.push(this.watch(w));
    this.starting = Promise.all(watches.map((w) => w.informer.waitForSync())).then(() => {
      if (this.queue.isShuttingDown()) return;
      const n = this.opts.workers ?? 2;
      for (let i = 0; i < n; i++) this.workers.push(this.work());
      this.log.info('Started workers', { workers: n });
    });
    return this.starting;
  }

  /** Removes handlers, lets in-flight reconciles finish, and resolves when the workers have exited. */
  async stop(): Promise<void> {
    for (const r of this.removers.splice(0)) r();
    this.queue.shutdown();
    await Promise.all(this.workers);
    this.workers = [];
  }

  /** Takes one key and reconciles it (what each worker loops on). Resolves false once the queue is shut down. */
  async processNext(): Promise<boolean> {
    const k = await this.queue.get();
    if (k === undefined) return false;
    const key = parseKey(k);
    const log = this.log.with({ key: k });
    const retries = this.queue.numRequeues(k);
    this.stats.reconciles++;
    try {
      const res = await this.opts.reconciler.reconcile(key, { logger: log, expectations: this.expectations, recorder: this.opts.recorder, retries });
      this.queue.forget(k);
      if (res.requeueAfterMs !== undefined && res.requeueAfterMs >= 0) { this.stats.requeues++; this.queue.addAfter(k, res.requeueAfterMs); }
    } catch (e) {
      if (e instanceof TerminalError) {
        this.stats.terminalErrors++;
        this.queue.forget(k);
        log.error('Reconcile failed with a terminal error', { err: e.message });
      } else {
        this.stats.errors++;
        log.error('Reconcile failed; will retry', { err: e instanceof Error ? e.message : String(e), retries });
        this.queue.addRateLimited(k);
      }
    } finally {
      this.queue.done(k);
    }
    return true;
  }

  private async work(): Promise<void> {
    while (await this.processNext());
  }

  private watch(w: WatchSpec): () => void {
    const add = (o: KObject, observe?: 'creation' | 'deletion') => {
      for (const k of w.toKeys(o)) {
        if (observe === 'creation' && w.observeExpectations) this.expectations.creationObserved(k);
        if (observe === 'deletion' && w.observeExpectations) this.expectations.deletionObserved(k);
        this.enqueue(k);
      }
    };
    const h = w.informer.addEventHandler({
      onAdd: (o: KObject) => add(o, 'creation'),
      onUpdate: (a: KObject, b: KObject) => {
        if (w.updateMatters && !w.updateMatters(a, b)) return;
        add(a); add(b);
      },
      onDelete: (o: KObject) => add(o, 'deletion'),
    });
    return () => h.remove();
  }
}
