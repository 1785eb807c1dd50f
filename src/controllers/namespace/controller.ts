// The namespace controller: for a namespace with a deletionTimestamp, discover every namespaced resource the server
// serves (built-ins, CRDs, aggregated), delete the namespace's content, write the deletion conditions, and when
// nothing is left PUT namespaces/{name}/finalize without `kubernetes` (the server then removes the namespace).
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/types.js';
import { apiErrorFromResponse, resources, type Client, type GVR, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { done, forObject, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { computeNamespaceDeletion, type NamespaceContent } from './actions.js';

export interface NamespaceControllerOptions {
  client: Client;
  namespaces: Informer<Namespace>;
  /** @default systemClock */
  clock?: Clock;
}

interface APIResource { name: string; namespaced: boolean; kind: string; verbs?: string[] }

export class NamespaceController implements Reconciler {
  readonly name = 'namespace';
  private readonly clock: Clock;
  /** Delete errors of the previous pass per namespace (reported in NamespaceDeletionContentFailure). */
  private readonly lastErrors = new Map<string, string[]>();

  constructor(private readonly o: NamespaceControllerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  watches(): WatchSpec[] { return [forObject(this.o.namespaces)]; }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const ns = this.o.namespaces.get(key);
    const name = key.name;
    if (!ns?.metadata?.deletionTimestamp) { this.lastErrors.delete(name); return done(); }
    const nsClient = this.o.client.resource(resources.namespaces);
    const { gvrs, failures } = await discoverNamespaced(this.o.client);
    const content: NamespaceContent[] = [];
    const listed = new Map<string, KObject[]>();
    const errors: string[] = [];
    for (const gvr of gvrs) {
      try {
        const items = (await this.o.client.resource(gvr).list(name)).items;
        listed.set(`${gvr.group}/${gvr.resource}`, items);
        content.push({
          group: gvr.group, resource: gvr.resource,
          items: items.map((i) => ({ name: i.metadata!.name!, finalizers: i.metadata?.finalizers, deletionTimestamp: i.metadata?.deletionTimestamp, gracePeriodSeconds: graceOf(i) })),
        });
      } catch (e) {
        if (e instanceof ApiError && (e.code === 404 || e.code === 405)) continue;
        errors.push(`${gvr.resource}.${gvr.group}: ${(e as Error).message}`);
      }
    }
    const plan = computeNamespaceDeletion({ namespace: ns, content, discoveryFailures: failures, deleteErrors: this.lastErrors.get(name), now: this.clock.now() });
    if (plan.deleteNamespace) {
      await nsClient.delete('', name, { preconditions: { uid: ns.metadata.uid } }).catch(ignore(404, 409));
      return done();
    }
    // Collections are cleared item by item from the list just read (one request per live object).
    const byResource = new Map(gvrs.map((g) => [`${g.group}/${g.resource}`, g] as const));
    const targets = [
      ...plan.deleteCollections.flatMap((c) => (listed.get(`${c.group}/${c.resource}`) ?? []).filter((i) => !i.metadata?.deletionTimestamp).map((i) => ({ ...c, name: i.metadata!.name! }))),
      ...plan.deleteItems,
    ];
    for (const t of targets) {
      const gvr = byResource.get(`${t.group}/${t.resource}`)!;
      await this.o.client.resource(gvr).delete(name, t.name, { propagationPolicy: 'Background' }).catch((e: unknown) => {
        if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) errors.push(`${t.resource}.${t.group} "${t.name}": ${(e as Error).message}`);
      });
    }
    if (errors.length) this.lastErrors.set(name, errors); else this.lastErrors.delete(name);
    if (plan.setTerminating || plan.conditions) {
      const status = { ...(ns.status ?? {}), phase: 'Terminating', ...(plan.conditions ? { conditions: plan.conditions } : {}) };
      // 409: a newer namespace is on its way to the informer and will reconcile again
      await nsClient.updateStatus('', { ...ns, status } as Namespace).catch(ignore(404, 409));
    }
    if (plan.finalize && !errors.length) {
      ctx.logger.debug('Finalizing namespace', { namespace: name });
      const body = { ...ns, metadata: { ...ns.metadata, resourceVersion: undefined }, spec: { ...(ns.spec ?? {}), finalizers: plan.finalize } };
      const res = await this.o.client.transport.request({ method: 'PUT', path: `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, body });
      if ((res.status < 200 || res.status > 299) && res.status !== 404) throw apiErrorFromResponse(res);
      return done();
    }
    if (errors.length) throw new Error(`Failed to delete all resource types, ${errors.length} remaining: ${errors.join(', ')}`);
    return requeueAfter(plan.requeueAfterMs ?? 1000);
  }
}

/** Every namespaced resource (preferred version of each group) that supports list and delete, via discovery. */
export async function discoverNamespaced(client: Client): Promise<{ gvrs: GVR[]; failures: Record<string, string> }> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await client.transport.request({ method: 'GET', path });
    if (res.status < 200 || res.status > 299) throw apiErrorFromResponse(res);
    return JSON.parse(res.body.toString('utf8')) as T;
  };
  const groups = await get<{ groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[] }>('/apis');
  const gvs: [string, string][] = [['', 'v1']];
  for (const g of groups.groups ?? []) {
    const v = g.preferredVersion?.version ?? g.versions?.[0]?.version;
    if (v) gvs.push([g.name, v]);
  }
  const gvrs: GVR[] = [];
  const failures: Record<string, string> = {};
  await Promise.all(gvs.map(async ([group, version]) => {
    const gv = group ? `${group}/${version}` : version;
    try {
      const list = await get<{ resources?: APIResource[] }>(group ? `/apis/${gv}` : `/api/${version}`);
      for (const r of list.resources ?? []) {
        if (!r.namespaced || r.name.includes('/') || !r.verbs?.includes('list') || !r.verbs.includes('delete')) continue;
        gvrs.push({ group, version, resource: r.name, kind: r.kind, namespaced: true });
      }
    } catch (e) {
      failures[gv] = (e as Error).message;
    }
  }));
  gvrs.sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`));
  return { gvrs, failures };
}

function graceOf(o: KObject): number | undefined {
  return o.metadata?.deletionGracePeriodSeconds ?? (o.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
}

function ignore(...codes: number[]): (e: unknown) => undefined {
  return (e) => {
    if (e instanceof ApiError && codes.includes(e.code)) return undefined;
    throw e;
  };
}
