// Serves CustomResourceDefinitions: for every CRD it registers the custom resource's versions (discovery, REST,
// watch, OpenAPI), marks the CRD NamesAccepted and Established, and on deletion removes every custom object before
// releasing the CRD's `customresourcecleanup.apiextensions.k8s.io` finalizer.
import type { KObject } from '../../api/types.js';
import type { ApiServer } from '../server.js';
import type { Subscription } from '../watch/hub.js';
import { rfc3339 } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import { crdSpec, resourceInfoFor } from './resource-info.js';
import { customResourceStrategy } from './strategy.js';

export const CRD_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export class CRDManager {
  private sub?: Subscription;
  /** crd name → the group/version/resource keys registered for it */
  private readonly registered = new Map<string, { group: string; version: string; resource: string }[]>();
  private readonly fingerprints = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: { server: ApiServer }) {}

  private get entry() { return this.o.server.entry('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'); }

  async start(): Promise<void> {
    const store = this.entry.store!;
    const l = await store.list({ namespace: '' });
    for (const crd of l.items) await this.sync(crd);
    this.sub = this.entry.hub!.subscribe(store.keyPrefix(''), Number(l.resourceVersion), (evs) => {
      for (const e of evs) {
        const crd = e.object;
        this.queue = this.queue.then(() => (e.type === 'DELETED' ? this.unregister(crd.metadata!.name!) : this.sync(crd))).catch(() => undefined);
      }
    });
  }

  stop(): void { this.sub?.close(); }

  /** Wait until every CRD event seen so far has been handled (tests, and the create handler for Established). */
  idle(): Promise<void> { return this.queue; }

  private async sync(crd: KObject): Promise<void> {
    const name = crd.metadata!.name!;
    if (crd.metadata?.deletionTimestamp) {
      await this.finalize(crd);
      return;
    }
    this.register(crd);
    await this.updateStatus(crd);
  }

  private register(crd: KObject): void {
    const s = this.o.server;
    const name = crd.metadata!.name!;
    const spec = crdSpec(crd);
    const fp = JSON.stringify(spec);
    if (this.fingerprints.get(name) === fp) return;
    this.unregisterEntries(name);
    const keys: { group: string; version: string; resource: string }[] = [];
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      const info = resourceInfoFor(spec, v);
      const schema = v.schema?.openAPIV3Schema;
      const strategy = customResourceStrategy({ namespaced: info.namespaced, schema, hasStatus: !!v.subresources?.status });
      const entry = s.makeEntry(info, {
        crd: { crdName: name, schema, printerColumns: v.additionalPrinterColumns, scale: v.subresources?.scale, served: true, storage: !!v.storage },
      }, strategy);
      s.registry.add(entry);
      keys.push({ group: info.group, version: info.version, resource: info.resource });
    }
    this.registered.set(name, keys);
    this.fingerprints.set(name, fp);
    s.openapi.setCustomResourceSchemas(crd as never, name);
  }

  private unregisterEntries(name: string): void {
    for (const k of this.registered.get(name) ?? []) {
      const e = this.o.server.registry.remove(k.group, k.version, k.resource);
      e?.hub?.close();
    }
    this.registered.delete(name);
    this.fingerprints.delete(name);
  }

  private async unregister(name: string): Promise<void> {
    this.unregisterEntries(name);
    this.o.server.openapi.setCustomResourceSchemas(undefined, name);
  }

  private async updateStatus(crd: KObject): Promise<void> {
    const spec = crdSpec(crd);
    const now = rfc3339(this.o.server.clock.now());
    const n = spec.names;
    const accepted: Record<string, unknown> = { plural: n.plural, singular: n.singular || n.kind.toLowerCase(), kind: n.kind, listKind: n.listKind || `${n.kind}List` };
    if (n.shortNames?.length) accepted.shortNames = n.shortNames;
    if (n.categories?.length) accepted.categories = n.categories;
    const storageVersion = spec.versions.find((v) => v.storage)?.name;
    try {
      await this.entry.store!.update('', crd.metadata!.name!, (cur) => {
        const c = cur!;
        const st = (c.status ?? {}) as { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[]; acceptedNames?: unknown; storedVersions?: string[] };
        const conds = st.conditions ?? [];
        const set = (type: string, reason: string, message: string) => {
          const ex = conds.find((x) => x.type === type);
          if (ex && ex.status === 'True') { ex.reason = reason; ex.message = message; return; }
          if (ex) { Object.assign(ex, { status: 'True', reason, message, lastTransitionTime: now }); return; }
          conds.push({ type, status: 'True', reason, message, lastTransitionTime: now });
        };
        set('NamesAccepted', 'NoConflicts', 'no conflicts found');
        set('Established', 'InitialNamesAccepted', 'the initial names have been accepted');
        st.conditions = conds;
        st.acceptedNames = accepted;
        const stored = new Set(st.storedVersions ?? []);
        if (storageVersion) stored.add(storageVersion);
        st.storedVersions = [...stored];
        c.status = st;
        return c;
      }, { subresource: 'status' });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  private async finalize(crd: KObject): Promise<void> {
    const name = crd.metadata!.name!;
    if (!(crd.metadata?.finalizers ?? []).includes(CRD_FINALIZER)) return;
    for (const k of this.registered.get(name) ?? []) {
      const e = this.o.server.registry.get(k.group, k.version, k.resource);
      if (!e?.store || !e.crd?.storage) continue;
      const l = await e.store.list({ namespace: '' });
      for (const o of l.items) {
        try { await e.store.delete(o.metadata?.namespace ?? '', o.metadata!.name!, {}); } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
      const left = await e.store.list({ namespace: '', limit: 1 });
      if (left.items.length) return; // instances with finalizers of their own: try again on their next change
    }
    try {
      await this.entry.store!.update('', name, (cur) => {
        const c = cur!;
        c.metadata!.finalizers = (c.metadata!.finalizers ?? []).filter((f) => f !== CRD_FINALIZER);
        return c;
      }, { subresource: 'finalize' });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
}
