// Lease-based leader election (client-go's leaderelection with a coordination.k8s.io/v1 Lease lock).
// Candidates poll every retryPeriod; a lease whose holder has not renewed it within leaseDuration — measured on OUR
// clock from the moment we last saw the record change, so clock skew between machines does not matter — may be taken.
// Writes are compare-and-swap on the Lease's resourceVersion. The leader renews every retryPeriod and gives up if it
// could not renew for renewDeadline.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { isApiError } from '../machinery/errors.js';
import { systemClock, type Clock } from '../machinery/clock.js';
import { noopLogger, type Logger } from '../machinery/log.js';
import type { Client, ResourceClient } from './rest.js';
import { resources } from './resources.js';

export interface LeaderElectorOptions {
  client: Client;
  /** Lease name, e.g. `skiff-controller-manager`. */
  name: string;
  /** Unique per candidate, e.g. `hostname_uuid`. */
  identity: string;
  /** @default 'kube-system' */
  namespace?: string;
  /** @default 15000 */
  leaseDurationMs?: number;
  /** @default 10000 */
  renewDeadlineMs?: number;
  /** @default 2000 */
  retryPeriodMs?: number;
  /** Give the lease up (holder cleared) when stop() is called while leading. @default true */
  releaseOnCancel?: boolean;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  /** Called when the observed holder changes (including to us). */
  onNewLeader?(identity: string): void;
  clock?: Clock;
  logger?: Logger;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly leases: ResourceClient<Lease>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly ns: string;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private observedRaw = '';
  private observedTime = 0;
  private observedLease?: Lease;
  private leader = '';
  private leading = false;
  private stopped = false;
  private wake?: () => void;
  private running?: Promise<void>;

  constructor(private readonly opts: LeaderElectorOptions) {
    this.leases = opts.client.resource(resources.leases);
    this.clock = opts.clock ?? systemClock;
    this.ns = opts.namespace ?? 'kube-system';
    this.leaseMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryMs = opts.retryPeriodMs ?? 2_000;
    this.log = (opts.logger ?? noopLogger).with({ lease: `${this.ns}/${opts.name}`, identity: opts.identity });
    if (this.renewDeadlineMs >= this.leaseMs) throw new Error('Cannot create leader elector: leaseDuration must be greater than renewDeadline');
  }

  isLeader(): boolean { return this.leading; }
  /** The holder we last observed ('' if none). */
  getLeader(): string { return this.leader; }

  /** Campaigns until elected, leads until the lease is lost or stop() is called; resolves after onStoppedLeading. */
  run(): Promise<void> {
    this.running ??= this.loop().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Stops campaigning or leading; releases the lease if held (releaseOnCancel). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    this.stopped = false;
    while (!this.stopped) {
      if (await this.tryAcquireOrRenew()) break;
      await this.sleep(this.retryMs);
    }
    if (this.stopped) return;
    this.leading = true;
    this.log.info('Became leader');
    this.opts.onStartedLeading();
    let lastRenew = this.clock.now();
    while (!this.stopped) {
      await this.sleep(this.retryMs);
      if (this.stopped) break;
      const ok = await this.withTimeout(this.tryAcquireOrRenew(), this.renewDeadlineMs);
      if (ok) { lastRenew = this.clock.now(); continue; }
      if (this.clock.now() - lastRenew >= this.renewDeadlineMs) { this.log.error('Failed to renew lease; stopped leading', { renewDeadlineMs: this.renewDeadlineMs }); break; }
    }
    if (this.stopped && this.opts.releaseOnCancel !== false) await this.release();
    this.leading = false;
    this.opts.onStoppedLeading();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    let lease: Lease;
    try {
      lease = await this.leases.get(this.ns, this.opts.name);
    } catch (e) {
      if (!isApiError(e) || e.code !== 404) { this.log.debug('Cannot get lease', { err: (e as Error).message }); return false; }
      try {
        const created = await this.leases.create(this.ns, {
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.opts.name, namespace: this.ns },
          spec: { holderIdentity: this.opts.identity, leaseDurationSeconds: Math.round(this.leaseMs / 1000), acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
        });
        this.observe(created, now);
        return true;
      } catch (err) {
        this.log.debug('Cannot create lease', { err: (err as Error).message });
        return false;
      }
    }
    this.observe(lease, now);
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const durationMs = (spec.leaseDurationSeconds ?? Math.round(this.leaseMs / 1000)) * 1000;
    if (holder && holder !== this.opts.identity && this.observedTime + durationMs > now) return false;
    const mine = holder === this.opts.identity;
    const next: Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: this.opts.identity,
        leaseDurationSeconds: Math.round(this.leaseMs / 1000),
        renewTime: microTime(now),
        acquireTime: mine && spec.acquireTime ? spec.acquireTime : microTime(now),
        leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
      },
    };
    try {
      this.observe(await this.leases.update(this.ns, next), now);
      return true;
    } catch (e) {
      this.log.debug('Cannot update lease', { err: (e as Error).message });
      return false;
    }
  }

  private async release(): Promise<void> {
    const l = this.observedLease;
    if (!l || l.spec?.holderIdentity !== this.opts.identity) return;
    const now = this.clock.now();
    try {
      await this.leases.update(this.ns, { ...l, spec: { ...l.spec, holderIdentity: undefined, leaseDurationSeconds: 1, renewTime: microTime(now), acquireTime: microTime(now) } });
      this.log.info('Released lease');
    } catch (e) {
      this.log.error('Failed to release lease', { err: (e as Error).message });
    }
  }

  private observe(lease: Lease, now: number): void {
    const raw = JSON.stringify(lease.spec ?? {});
    if (raw !== this.observedRaw) { this.observedRaw = raw; this.observedTime = now; }
    this.observedLease = lease;
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== this.leader) {
      this.leader = holder;
      if (holder) this.opts.onNewLeader?.(holder);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.clock.setTimeout(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { t.cancel(); this.wake = undefined; resolve(); };
    });
  }

  private withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = this.clock.setTimeout(() => resolve(false), ms);
      void p.then((v) => { t.cancel(); resolve(v); }, () => { t.cancel(); resolve(false); });
    });
  }
}
