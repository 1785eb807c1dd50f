// EventRecorder: writes core/v1 Events about objects, what a user sees in `kubectl describe`. Identical events (same
// object, type, reason, message, source) are aggregated into one Event whose count and lastTimestamp go up, a
// simplified form of client-go's EventCorrelator. Writes are asynchronous and never throw at the caller.
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../api/types.js';
import { isApiError } from '../machinery/errors.js';
import { rfc3339, systemClock, type Clock } from '../machinery/clock.js';
import { noopLogger, type Logger } from '../machinery/log.js';
import type { Client, ResourceClient } from './rest.js';
import { resources } from './resources.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: Client;
  /** source.component, e.g. `deployment-controller`, `default-scheduler`. */
  component: string;
  /** source.host (node name for node components). */
  host?: string;
  /** Aggregation entries kept (least recently used dropped). @default 4096 */
  cacheSize?: number;
  clock?: Clock;
  logger?: Logger;
}

interface Seen { namespace: string; name: string; count: number; firstTimestamp: string }

export class EventRecorder {
  private readonly events: ResourceClient<Event>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly seen = new Map<string, Seen>();
  private readonly chains = new Map<string, Promise<void>>();
  private seq = 0;

  constructor(private readonly opts: EventRecorderOptions) {
    this.events = opts.client.resource(resources.events);
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? noopLogger).with({ component: opts.component });
  }

  /** Records `reason` (CamelCase) and `message` about `obj`. */
  event(obj: KObject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata ?? {};
    const involved = { kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: obj.apiVersion, resourceVersion: m.resourceVersion };
    const key = [this.opts.component, this.opts.host ?? '', involved.kind, involved.namespace, involved.name, involved.uid, involved.apiVersion, type, reason, message].join('\u0000');
    const prev = this.chains.get(key) ?? Promise.resolve();
    const at = this.clock.now();
    const next = prev.then(() => this.write(key, involved, type, reason, message, at)).catch((e: unknown) => {
      this.log.error('Failed to write event', { reason, object: `${involved.namespace ?? ''}/${involved.name ?? ''}`, err: (e as Error).message });
    }).finally(() => { if (this.chains.get(key) === next) this.chains.delete(key); });
    this.chains.set(key, next);
  }

  /** Resolves once every event recorded so far has been written (or failed). */
  async flush(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  private async write(key: string, involved: Event['involvedObject'], type: EventType, reason: string, message: string, at: number): Promise<void> {
    const now = rfc3339(at);
    const s = this.seen.get(key);
    if (s) {
      this.seen.delete(key);
      this.seen.set(key, s); // most recently used
      try {
        await this.events.patch(s.namespace, s.name, 'merge', { count: s.count + 1, lastTimestamp: now, message });
        s.count++;
        return;
      } catch (e) {
        if (!isApiError(e) || e.code !== 404) throw e;
        this.seen.delete(key);
      }
    }
    const namespace = involved.namespace || 'default';
    const name = `${involved.name ?? 'unknown'}.${(BigInt(at) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16)}`;
    const ev: Event = {
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace },
      involvedObject: Object.fromEntries(Object.entries(involved).filter(([, v]) => v !== undefined)) as Event['involvedObject'],
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: this.opts.host ? { component: this.opts.component, host: this.opts.host } : { component: this.opts.component },
      reportingComponent: this.opts.component, reportingInstance: this.opts.host ?? '',
    };
    await this.events.create(namespace, ev);
    this.seen.set(key, { namespace, name, count: 1, firstTimestamp: now });
    if (this.seen.size > (this.opts.cacheSize ?? 4096)) this.seen.delete(this.seen.keys().next().value!);
  }
}
