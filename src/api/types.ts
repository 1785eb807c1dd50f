// Wire types. Re-exported from `kubernetes-types` (plain interfaces that match the JSON) plus the few the package lacks.
// No node: imports here: the web UI may use this folder.
export type { ObjectMeta, ListMeta, Status, StatusCause, StatusDetails, OwnerReference, ManagedFieldsEntry, LabelSelector, DeleteOptions, Time } from 'kubernetes-types/meta/v1.js';

type DeepMutable<T> = T extends (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
/** ObjectMeta with writable fields (kubernetes-types marks server-set fields readonly). */
export type Meta = DeepMutable<import('kubernetes-types/meta/v1.js').ObjectMeta>;

/** Any Kubernetes object as stored: apiVersion, kind, metadata and whatever else. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: Meta;
  [key: string]: unknown;
}

export interface KList<T = KObject> {
  apiVersion: string;
  kind: string;
  metadata: import('kubernetes-types/meta/v1.js').ListMeta;
  items: T[];
}

export interface WatchEvent<T = KObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}
