// ControllerManager: starts the shared informers, waits for their caches, and runs one Runner per controller —
// optionally only while holding the leader Lease. Losing the lease stops the workers (the caches stay warm) and the
// manager campaigns again; a clean stop releases the lease.
import { systemClock, type Clock } from '../../machinery/clock.js';
import { noopLogger, type Logger } from '../../machinery/log.js';
import type { SharedInformerFactory } from '../../client/factory.js';
import { LeaderElector, type LeaderElectorOptions } from '../../client/leaderelection.js';
import type { EventRecorder } from '../../client/events.js';
import type { Reconciler } from './reconciler.js';
import { Runner } from './runner.js';
import type { Expectations } from './expectations.js';

export interface ControllerSpec { reconciler: Reconciler; /** @default options.workers */ workers?: number; recorder?: EventRecorder; expectations?: Expectations }

export interface ControllerManagerOptions {
  factory: SharedInformerFactory;
  controllers: (Reconciler | ControllerSpec)[];
  /** Workers per controller. @default 2 */
  workers?: number;
  /** Run controllers only while holding this lease. */
  leaderElection?: Omit<LeaderElectorOptions, 'onStartedLeading' | 'onStoppedLeading' | 'clock' | 'logger'>;
  clock?: Clock;
  logger?: Logger;
  /** How long a lost term waits for in-flight reconciles before campaigning again. @default 5000 */
  stopTimeoutMs?: number;
}

export class ControllerManager {
  private readonly clock: Clock;
  private readonly log: Logger;
  private runners: Runner[] = [];
  private generation = 0;
  private stopped = false;
  private elector?: LeaderElector;
  private electionLoop?: Promise<void>;
  private running?: Promise<void>;

  constructor(private readonly opts: ControllerManagerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? noopLogger;
  }

  /** The runners of the current term (empty while standby), e.g. for stats. */
  get activeRunners(): readonly Runner[] { return this.runners; }

  isLeader(): boolean { return this.opts.leaderElection ? this.elector?.isLeader() ?? false : !this.stopped; }

  /** Without leader election: resolves once caches synced and workers run. With it: resolves at once; work starts when elected. */
  async start(): Promise<void> {
    this.stopped = false;
    if (!this.opts.leaderElection) { await this.startControllers(); return; }
    this.electionLoop = (async () => {
      while (!this.stopped) {
        this.elector = new LeaderElector({
          ...this.opts.leaderElection!, clock: this.clock, logger: this.log,
          onStartedLeading: () => { this.running = this.startControllers(); },
          onStoppedLeading: () => { this.running = this.stopControllers(); },
        });
        await this.elector.run();
        await this.running;
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.elector) await this.elector.stop();
    await this.electionLoop;
    await this.stopControllers();
    this.opts.factory.stop();
  }

  private async startControllers(): Promise<void> {
    const gen = ++this.generation;
    const runners = this.opts.controllers.map((c) => {
      const spec: ControllerSpec = 'reconciler' in c ? c : { reconciler: c };
      return new Runner({ reconciler: spec.reconciler, workers: spec.workers ?? this.opts.workers, recorder: spec.recorder, expectations: spec.expectations, clock: this.clock, logger: this.log });
    });
    // Handlers are registered before the informers start so that no initial add is missed.
    this.runners = runners;
    const started = runners.map((r) => r.start());
    this.opts.factory.start();
    await Promise.all(started);
    if (gen !== this.generation) return;
    this.log.info('Controllers running', { controllers: runners.length });
  }

  /**
   * Stops the workers. Waiting for in-flight reconciles is capped (default 5 s): under load they can take minutes,
   * and the manager must campaign again promptly; a late write from the old term is safe (optimistic concurrency).
   */
  private async stopControllers(): Promise<void> {
    this.generation++;
    const rs = this.runners;
    this.runners = [];
    const all = Promise.all(rs.map((r) => r.stop()));
    let timer: { cancel(): void } | undefined;
    const capped = new Promise<'timeout'>((res) => { timer = this.clock.setTimeout(() => res('timeout'), this.opts.stopTimeoutMs ?? 5000); });
    const outcome = await Promise.race([all.then(() => 'stopped' as const), capped]);
    timer?.cancel();
    if (rs.length) this.log.info(outcome === 'stopped' ? 'Controllers stopped' : 'Controllers stopping in the background', { controllers: rs.length });
  }
}
