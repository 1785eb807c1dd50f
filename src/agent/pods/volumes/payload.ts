// What configMap, secret, downwardAPI and projected volumes contain: pure functions from the pod, the volume source
// and looked-up objects to a payload of files (configmap.MakePayload, secret.MakePayload, downwardapi.CollectData,
// projected collectData), with the kubelet's error messages.
import type {
  ConfigMap, ConfigMapProjection, ConfigMapVolumeSource, DownwardAPIVolumeFile, KeyToPath, Pod, ProjectedVolumeSource,
  Secret, SecretProjection, SecretVolumeSource,
} from 'kubernetes-types/core/v1.js';
import { metadataFieldValue, podResourceValue } from '../fieldpath.js';
import { decodeSecretValue, notFoundMessage, type VolumeLookups } from '../lookups.js';
import type { Payload } from './atomic-writer.js';

export const DEFAULT_MODE = 0o644;

/** utilerrors.NewAggregate's message: one error as is, several as `[a, b]`. */
export function aggregate(errors: string[]): string | undefined {
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

function keyedPayload(
  entries: Map<string, Buffer>, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, missing: (key: string) => string,
): Payload {
  const payload: Payload = new Map();
  if (!items || items.length === 0) {
    for (const [k, data] of entries) payload.set(k, { data, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const data = entries.get(item.key);
    if (!data) {
      if (optional) continue;
      throw new Error(missing(item.key));
    }
    payload.set(item.path, { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** configmap.MakePayload (data and binaryData). */
export function configMapPayload(cm: ConfigMap, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean): Payload {
  const entries = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) entries.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) if (!entries.has(k)) entries.set(k, Buffer.from(v, 'base64'));
  return keyedPayload(entries, items, defaultMode, optional, (k) => `configmap references non-existent config key: ${k}`);
}

/** secret.MakePayload. */
export function secretPayload(secret: Secret, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean): Payload {
  const entries = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(secret.data ?? {})) entries.set(k, decodeSecretValue(v));
  return keyedPayload(entries, items, defaultMode, optional, (k) => `references non-existent secret key: ${k}`);
}

/** downwardapi.CollectData; collects every item's error, then fails with their aggregate. */
export function downwardAPIPayload(pod: Pod, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number, allocatable?: Record<string, string>): Payload {
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const item of items ?? []) {
    try {
      let value = '';
      if (item.fieldRef) value = metadataFieldValue(pod, item.fieldRef.fieldPath);
      else if (item.resourceFieldRef) value = podResourceValue(item.resourceFieldRef, pod, item.resourceFieldRef.containerName ?? '', allocatable);
      payload.set(item.path, { data: Buffer.from(value, 'utf8'), mode: item.mode ?? defaultMode });
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const err = aggregate(errors);
  if (err) throw new Error(err);
  return payload;
}

type SourceOf<T extends { name?: string; optional?: boolean; items?: KeyToPath[] }> = T;

async function lookupConfigMap(pod: Pod, src: SourceOf<ConfigMapVolumeSource | ConfigMapProjection>, lookups: VolumeLookups): Promise<ConfigMap> {
  const name = src.name ?? '';
  const cm = await lookups.configMap(pod.metadata?.namespace ?? 'default', name);
  if (cm) return cm;
  if (src.optional) return { metadata: { name } };
  throw new Error(notFoundMessage('configmap', name));
}

async function lookupSecret(pod: Pod, name: string, optional: boolean | undefined, lookups: VolumeLookups): Promise<Secret> {
  const s = await lookups.secret(pod.metadata?.namespace ?? 'default', name);
  if (s) return s;
  if (optional) return { metadata: { name } };
  throw new Error(notFoundMessage('secret', name));
}

export async function configMapVolumePayload(pod: Pod, src: ConfigMapVolumeSource, lookups: VolumeLookups): Promise<Payload> {
  const cm = await lookupConfigMap(pod, src, lookups);
  return configMapPayload(cm, src.items, src.defaultMode ?? DEFAULT_MODE, src.optional === true);
}

export async function secretVolumePayload(pod: Pod, src: SecretVolumeSource, lookups: VolumeLookups): Promise<Payload> {
  const s = await lookupSecret(pod, src.secretName ?? '', src.optional, lookups);
  return secretPayload(s, src.items, src.defaultMode ?? DEFAULT_MODE, src.optional === true);
}

/** Fetches (or reuses) a service-account token for a projection. */
export type TokenSource = (audience: string | undefined, expirationSeconds: number, path: string) => Promise<string>;

export interface ProjectedContext {
  lookups: VolumeLookups;
  token: TokenSource;
  allocatable?: Record<string, string>;
  /** fsGroup or fsUser set: tokens are written 0600 and ownership widens them, as the kubelet does. */
  hasFsOwnership?: boolean;
}

/** projected collectData: each source in order; errors from all sources aggregated. */
export async function projectedPayload(pod: Pod, src: ProjectedVolumeSource, ctx: ProjectedContext): Promise<Payload> {
  const defaultMode = src.defaultMode ?? DEFAULT_MODE;
  const payload: Payload = new Map();
  const errors: string[] = [];
  const merge = (p: Payload) => p.forEach((v, k) => payload.set(k, v));
  for (const s of src.sources ?? []) {
    try {
      if (s.configMap) {
        const cm = await lookupConfigMap(pod, s.configMap, ctx.lookups);
        merge(configMapPayload(cm, s.configMap.items, defaultMode, s.configMap.optional === true));
      } else if (s.secret) {
        const sec = await lookupSecret(pod, s.secret.name ?? '', s.secret.optional, ctx.lookups);
        merge(secretPayload(sec, s.secret.items, defaultMode, s.secret.optional === true));
      } else if (s.downwardAPI) {
        merge(downwardAPIPayload(pod, s.downwardAPI.items, defaultMode, ctx.allocatable));
      } else if (s.serviceAccountToken) {
        const t = s.serviceAccountToken;
        const token = await ctx.token(t.audience || undefined, t.expirationSeconds ?? 3600, t.path);
        payload.set(t.path, { data: Buffer.from(token, 'utf8'), mode: ctx.hasFsOwnership ? 0o600 : defaultMode });
      }
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const err = aggregate(errors);
  if (err) throw new Error(err);
  return payload;
}
