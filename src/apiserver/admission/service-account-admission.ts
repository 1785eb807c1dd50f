// ServiceAccount admission (plugin/pkg/admission/serviceaccount): a new pod runs as `default` unless it names a
// ServiceAccount, which must exist; unless the pod or the account opts out, every container mounts a projected
// `kube-api-access-xxxxx` volume (bound token, cluster CA, namespace) at /var/run/secrets/kubernetes.io/serviceaccount;
// the account's imagePullSecrets are copied to pods without any. Mirror pods may reference no accounts or secrets.
import type { Pod, PodSpec, Container, Volume } from 'kubernetes-types/core/v1.js';
import type { AdmissionPlugin } from './index.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { ApiError } from '../../machinery/errors.js';
import { admissionForbidden, isWriteOf } from './forbidden.js';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour and seven seconds. */
export const TOKEN_EXPIRATION_SECONDS = 3607;

export interface ServiceAccountAdmissionOptions {
  /** Live reads of the `default` account before giving up (the controller may be about to create it). @default 10 */
  defaultAttempts?: number;
  /** Wait between those reads; Kubernetes waits a random 100-199 ms. */
  retryDelayMs?: () => number;
  /** @default a real timer */
  sleep?: (ms: number) => Promise<void>;
  /** The 5-character suffix of the token volume's name. @default random, as names.SimpleNameGenerator */
  suffix?: () => string;
}

interface ServiceAccount { metadata?: { name?: string }; automountServiceAccountToken?: boolean; imagePullSecrets?: { name?: string }[] }

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export const randomSuffix = (): string => Array.from({ length: 5 }, () => ALPHANUMS[Math.floor(Math.random() * ALPHANUMS.length)]).join('');

/** The projected volume kube-apiserver adds (TokenVolumeSource), with the projected default mode 0644. */
export function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** Pod's choice first, then the account's, then true. */
export function shouldAutomount(sa: ServiceAccount, spec: PodSpec): boolean {
  return spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
}

/** Mounts the token volume in every (init) container that has nothing at the mount path; adds the volume if used. */
export function mountServiceAccountToken(spec: PodSpec, suffix: () => string): void {
  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const name = existing?.name ?? TOKEN_VOLUME_PREFIX + suffix();
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Container[]) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    (c.volumeMounts ??= []).push({ name, readOnly: true, mountPath: TOKEN_MOUNT_PATH });
    needed = true;
  }
  if (!existing && needed) (spec.volumes ??= []).push(tokenVolume(name));
}

/** Whether the pod references any Secret (VisitPodSecretNames, for the common sources). */
export function referencesSecrets(spec: PodSpec): boolean {
  if (spec.imagePullSecrets?.length) return true;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers ?? []) as Container[])];
  for (const c of containers) {
    if ((c.envFrom ?? []).some((e) => e.secretRef)) return true;
    if ((c.env ?? []).some((e) => e.valueFrom?.secretKeyRef)) return true;
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret || (v.projected?.sources ?? []).some((p) => p.secret)) return true;
    // cephfs, cinder, flexVolume, iscsi, rbd, scaleIO, storageos: secretRef; csi: nodePublishSecretRef; azureFile: secretName
    for (const [k, src] of Object.entries(v)) {
      if (k === 'name' || !src || typeof src !== 'object') continue;
      const o = src as Record<string, unknown>;
      if (o.secretRef || o.nodePublishSecretRef || (k === 'azureFile' && o.secretName)) return true;
    }
  }
  return false;
}

function mirrorPodViolation(spec: PodSpec): string | undefined {
  if (spec.serviceAccountName) return 'a mirror pod may not reference service accounts';
  if (referencesSecrets(spec)) return 'a mirror pod may not reference secrets';
  if ((spec.volumes ?? []).some((v) => (v.projected?.sources ?? []).some((p) => p.serviceAccountToken))) return 'a mirror pod may not use ServiceAccountToken volume projections';
  return undefined;
}

export function serviceAccountAdmission(s: ApiServer, opts: ServiceAccountAdmissionOptions = {}): AdmissionPlugin {
  const attempts = opts.defaultAttempts ?? 10;
  const delay = opts.retryDelayMs ?? (() => 100 + Math.floor(Math.random() * 100));
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const suffix = opts.suffix ?? randomSuffix;
  const cache = s.cache('', 'v1', 'serviceaccounts');
  let started: Promise<void> | undefined;

  /** getServiceAccount: the cache, then live reads (several for `default`); 404 `serviceaccount "x" not found`. */
  async function lookup(namespace: string, name: string): Promise<ServiceAccount> {
    await (started ??= cache.start());
    const cached = cache.get(namespace, name);
    if (cached) return cached as ServiceAccount;
    const store = s.entry('', 'v1', 'serviceaccounts').store!;
    const n = name === DEFAULT_SERVICE_ACCOUNT ? attempts : 1;
    for (let i = 0; i < n; i++) {
      if (i > 0) await sleep(delay());
      const live = await store.tryGet(namespace, name);
      if (live) return live as ServiceAccount;
    }
    throw new ApiError(404, 'NotFound', `serviceaccount ${JSON.stringify(name)} not found`, { name, kind: 'serviceaccount' });
  }

  return {
    name: 'ServiceAccount',
    async admit(a: AdmissionAttributes) {
      if (!isWriteOf(a, '', 'pods')) return;
      const pod = a.object as KObject & Pod;
      const spec = (pod.spec ??= {} as PodSpec);
      if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
        const why = mirrorPodViolation(spec);
        if (why) throw admissionForbidden(a, why);
        return;
      }
      // v1 conversion (which Kubernetes runs before admission): the deprecated field stands in for the name
      if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || DEFAULT_SERVICE_ACCOUNT;
      let sa: ServiceAccount;
      try {
        sa = await lookup(a.namespace, spec.serviceAccountName);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw admissionForbidden(a, `error looking up service account ${a.namespace}/${spec.serviceAccountName}: ${msg}`);
      }
      if (shouldAutomount(sa, spec)) mountServiceAccountToken(spec, suffix);
      if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) {
        spec.imagePullSecrets = sa.imagePullSecrets.map((r) => ({ name: r.name ?? '' }));
      }
    },
  };
}
