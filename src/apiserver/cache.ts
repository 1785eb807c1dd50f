// An in-process, read-only cache of one resource inside the API server (RBAC rules, namespaces, priority classes):
// listed once, then kept current from the resource's watch hub. Readers get the cached objects; never mutate them.
import type { KObject } from '../api/types.js';
import type { ResourceEntry } from './registry/registry.js';
import type { Subscription } from './watch/hub.js';

export class ResourceCache {
  private readonly items = new Map<string, KObject>();
  private sub?: Subscription;
  private ready?: Promise<void>;

  constructor(private readonly entry: ResourceEntry) {}

  start(): Promise<void> {
    if (!this.ready) this.ready = this.run();
    return this.ready;
  }

  private async run(): Promise<void> {
    const store = this.entry.store!;
    const l = await store.list({ namespace: '' });
    for (const o of l.items) this.items.set(keyOf(o), o);
    this.sub = this.entry.hub!.subscribe(store.keyPrefix(''), Number(l.resourceVersion), (evs) => {
      for (const e of evs) {
        if (e.type === 'DELETED') this.items.delete(keyOf(e.object));
        else this.items.set(keyOf(e.object), e.object);
      }
    });
  }

  stop(): void { this.sub?.close(); }

  get(namespace: string, name: string): KObject | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  list(namespace?: string): KObject[] {
    const all = [...this.items.values()];
    return namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? '') === namespace);
  }
}

function keyOf(o: KObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
