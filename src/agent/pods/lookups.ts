// What the pod translation reads from the cluster. Implementations usually sit on informer caches (sync) or the
// typed client (async); both shapes are accepted. "Not found" is `undefined`; any other failure is thrown.
import type { ConfigMap, Node, Pod, Secret, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';

export type MaybePromise<T> = T | Promise<T>;

export interface ObjectLookups {
  configMap(namespace: string, name: string): MaybePromise<ConfigMap | undefined>;
  secret(namespace: string, name: string): MaybePromise<Secret | undefined>;
  /** This node (for allocatable, the default of resourceFieldRef limits). */
  node?(): MaybePromise<Node | undefined>;
}

export interface VolumeLookups extends ObjectLookups {
  persistentVolumeClaim?(namespace: string, name: string): MaybePromise<PersistentVolumeClaim | undefined>;
  persistentVolume?(name: string): MaybePromise<PersistentVolume | undefined>;
  /** A bound service-account token (TokenRequest for the pod's account, bound to the pod). */
  requestToken?(audience: string | undefined, expirationSeconds: number, pod: Pod): Promise<string>;
}

/** apimachinery's NotFound message for the kubelet's lookups (`configmap "x" not found`, `secret "x" not found`). */
export const notFoundMessage = (resource: 'configmap' | 'secret' | 'persistentvolumeclaims' | 'persistentvolumes', name: string): string =>
  `${resource} "${name}" not found`;

/** Secret data is base64 on the wire. */
export const decodeSecretValue = (b64: string): Buffer => Buffer.from(b64, 'base64');
