// What pod translation reads from the cluster, through the client (never the store): configMaps, secrets, PVCs,
// PVs and this Node with a short TTL cache (one sync of a pod with ten env references makes one GET per object),
// and bound service-account tokens via POST serviceaccounts/<name>/token.
import type { ConfigMap, Node, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { isApiError } from '../../machinery/errors.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import type { Client } from '../../client/rest.js';
import { resources, type GVR } from '../../client/resources.js';
import type { VolumeLookups } from '../pods/lookups.js';

export interface ClientLookupsOptions {
  client: Client;
  nodeName: string;
  /** @default 5000 */
  ttlMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

interface Entry { at: number; value: Promise<unknown> }

/** How long a 404 is remembered (a found object is remembered for ttlMs). */
const NOT_FOUND_TTL_MS = 500;

/** VolumeLookups over the client with a TTL cache; `invalidate()` drops everything (e.g. on a watch event). */
export class ClientLookups implements VolumeLookups {
  private readonly cache = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(private readonly o: ClientLookupsOptions) {
    this.clock = o.clock ?? systemClock;
    this.ttlMs = o.ttlMs ?? 5000;
  }

  configMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return this.get(resources.configMaps, namespace, name);
  }

  secret(namespace: string, name: string): Promise<Secret | undefined> {
    return this.get(resources.secrets, namespace, name);
  }

  node(): Promise<Node | undefined> {
    return this.get(resources.nodes, '', this.o.nodeName);
  }

  persistentVolumeClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    return this.get(resources.persistentVolumeClaims, namespace, name);
  }

  persistentVolume(name: string): Promise<PersistentVolume | undefined> {
    return this.get(resources.persistentVolumes, '', name);
  }

  requestToken(audience: string | undefined, expirationSeconds: number, pod: Pod): Promise<string> {
    return requestServiceAccountToken(this.o.client, pod, audience, expirationSeconds);
  }

  invalidate(): void {
    this.cache.clear();
  }

  private get<T>(gvr: GVR, namespace: string, name: string): Promise<T | undefined> {
    const key = `${gvr.resource}/${namespace}/${name}`;
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T | undefined>;
    const value = this.o.client.resource<T & object>(gvr).get(namespace, name).then(
      (v) => v as T,
      (e: unknown) => {
        if (isApiError(e) && e.code === 404) {
          // an object that does not exist yet (kube-root-ca.crt on a fresh cluster) is looked up again soon
          const entry = this.cache.get(key);
          if (entry) entry.at = Math.min(entry.at, this.clock.now() - this.ttlMs + NOT_FOUND_TTL_MS);
          return undefined;
        }
        this.cache.delete(key); // do not cache failures
        throw e;
      },
    );
    this.cache.set(key, { at: now, value });
    return value;
  }
}

/** A token for the pod's service account, bound to the pod (TokenRequest API). */
export async function requestServiceAccountToken(client: Client, pod: Pod, audience: string | undefined, expirationSeconds: number): Promise<string> {
  const ns = pod.metadata?.namespace ?? 'default';
  const sa = pod.spec?.serviceAccountName || 'default';
  const body = {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
    spec: {
      audiences: audience ? [audience] : [],
      expirationSeconds,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid },
    },
  };
  const res = await client.resource(resources.serviceAccounts).createSubresource<{ status?: { token?: string } }>(ns, sa, 'token', body);
  const token = res.status?.token;
  if (!token) throw new Error(`Cannot request a token for service account "${ns}/${sa}": the response has no status.token`);
  return token;
}
