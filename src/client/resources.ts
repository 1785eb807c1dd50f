// Well-known resources the control plane talks to. A GVR is all the REST client needs to build paths.
import type { Pod, Node, Namespace, Event, ConfigMap, Secret, Service, Endpoints, ServiceAccount, PersistentVolumeClaim, PersistentVolume } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Job, CronJob } from 'kubernetes-types/batch/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

export interface GVR {
  group: string;
  version: string;
  /** Plural, lower case. */
  resource: string;
  namespaced: boolean;
  /** Used by fakes and for list kinds; optional for the REST client. */
  kind?: string;
}

/** A GVR carrying the object type it serves, so `client.resource(resources.pods)` is typed. */
export type TypedGVR<T> = GVR & { readonly __type?: T };

const g = <T>(group: string, version: string, resource: string, kind: string, namespaced: boolean): TypedGVR<T> => ({ group, version, resource, kind, namespaced });

export const resources = {
  pods: g<Pod>('', 'v1', 'pods', 'Pod', true),
  nodes: g<Node>('', 'v1', 'nodes', 'Node', false),
  namespaces: g<Namespace>('', 'v1', 'namespaces', 'Namespace', false),
  events: g<Event>('', 'v1', 'events', 'Event', true),
  configMaps: g<ConfigMap>('', 'v1', 'configmaps', 'ConfigMap', true),
  secrets: g<Secret>('', 'v1', 'secrets', 'Secret', true),
  services: g<Service>('', 'v1', 'services', 'Service', true),
  endpoints: g<Endpoints>('', 'v1', 'endpoints', 'Endpoints', true),
  serviceAccounts: g<ServiceAccount>('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  persistentVolumeClaims: g<PersistentVolumeClaim>('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true),
  persistentVolumes: g<PersistentVolume>('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  deployments: g<Deployment>('apps', 'v1', 'deployments', 'Deployment', true),
  replicaSets: g<ReplicaSet>('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  statefulSets: g<StatefulSet>('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  daemonSets: g<DaemonSet>('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  controllerRevisions: g<ControllerRevision>('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  jobs: g<Job>('batch', 'v1', 'jobs', 'Job', true),
  cronJobs: g<CronJob>('batch', 'v1', 'cronjobs', 'CronJob', true),
  leases: g<Lease>('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  podDisruptionBudgets: g<PodDisruptionBudget>('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true),
  priorityClasses: g<PriorityClass>('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false),
  endpointSlices: g<EndpointSlice>('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
} as const;

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(gvr: GVR): string {
  return gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`;
}

/** `apps/v1` or `v1`. */
export function apiVersionOf(gvr: GVR): string {
  return gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version;
}

/**
 * The REST path of a collection, an object, or an object's subresource. `namespace` '' (or undefined) on a namespaced
 * resource means all namespaces (collections only).
 */
export function resourcePath(gvr: GVR, namespace: string | undefined, name?: string, subresource?: string): string {
  let p = groupVersionPath(gvr);
  if (gvr.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${gvr.resource}`;
  if (name !== undefined) {
    if (name === '') throw new Error(`Cannot build path for ${gvr.resource}: resource name may not be empty`);
    p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
  }
  return p;
}
