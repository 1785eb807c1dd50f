// One informer per (resource, namespace, selectors), shared by every controller that asks for it.
import type { KObject } from '../api/types.js';
import type { Clock } from '../machinery/clock.js';
import type { Logger } from '../machinery/log.js';
import { Informer, type InformerOptions } from './informer.js';
import type { Client } from './rest.js';
import type { GVR, TypedGVR } from './resources.js';

export interface SharedInformerFactoryOptions {
  client: Client;
  /** Default resync for informers created here. @default 0 */
  resyncMs?: number;
  /** @default true */
  freeze?: boolean;
  clock?: Clock;
  logger?: Logger;
}

export type InformerFilter = Pick<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector' | 'resyncMs'>;

export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer<object>>();
  private started = false;

  constructor(private readonly opts: SharedInformerFactoryOptions) {}

  /** The shared informer for a resource (created on first use; started by start(), or at once if already started). */
  forResource<T extends object = KObject>(gvr: TypedGVR<T> | GVR, filter: InformerFilter = {}): Informer<T> {
    const key = [gvr.group, gvr.version, gvr.resource, filter.namespace ?? '', filter.labelSelector ?? '', filter.fieldSelector ?? ''].join('|');
    let inf = this.informers.get(key) as Informer<T> | undefined;
    if (!inf) {
      inf = new Informer<T>(this.opts.client.resource<T>(gvr), {
        resyncMs: this.opts.resyncMs, freeze: this.opts.freeze, clock: this.opts.clock, logger: this.opts.logger, ...filter,
      });
      this.informers.set(key, inf as unknown as Informer<object>);
      if (this.started) inf.start();
    }
    return inf;
  }

  start(): void {
    this.started = true;
    for (const i of this.informers.values()) i.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  hasSynced(): boolean { return [...this.informers.values()].every((i) => i.hasSynced()); }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
