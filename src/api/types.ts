// Wire types. Re-exported from `kubernetes-types` (plain interfaces that match the JSON) plus the few the package lacks.
// No node: imports here: the web UI may use this folder.
export type { ObjectMeta, ListMeta, Status, StatusCause, StatusDetails, OwnerReference, ManagedFieldsEntry, LabelSelector, DeleteOptions, Time } from 'kubernetes-types/meta/v1.js';

/** Any Kubernetes object as stored: apiVersion, kind, metadata and whatever else. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: import('kubernetes-types/meta/v1.js').ObjectMeta;
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
