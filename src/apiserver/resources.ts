// The catalog of built-in resources Skiff serves: one row per group/version/resource, with what discovery needs
// (kind, names, scope, verbs, subresources). Registry strategies, tables, OpenAPI and discovery all key off this.

export interface SubresourceInfo {
  name: 'status' | 'scale' | 'log' | 'exec' | 'attach' | 'portforward' | 'binding' | 'eviction' | 'token' | 'finalize' | 'ephemeralcontainers' | 'proxy';
  /** Kind served by the subresource (defaults to the parent kind). */
  group?: string; version?: string; kind?: string;
  verbs: string[];
}

export interface ResourceInfo {
  group: string;           // '' for core
  version: string;
  resource: string;        // plural
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  /** Only create is served (reviews); nothing is stored. */
  virtual?: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS: SubresourceInfo = { name: 'status', verbs: ['get', 'patch', 'update'] };
const SCALE: SubresourceInfo = { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };

function r(group: string, version: string, kind: string, resource: string, namespaced: boolean, extra: Partial<ResourceInfo> = {}): ResourceInfo {
  return {
    group, version, kind, resource, namespaced,
    singular: kind.toLowerCase(),
    listKind: `${kind}List`,
    verbs: CRUD,
    subresources: [],
    ...extra,
  };
}

export const BUILTIN_RESOURCES: ResourceInfo[] = [
  // core/v1
  r('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: [STATUS, { name: 'finalize', verbs: ['update'] }] }),
  r('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'], categories: ['all'],
    subresources: [
      STATUS,
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      { name: 'ephemeralcontainers', verbs: ['get', 'patch', 'update'] },
    ],
  }),
  r('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], categories: ['all'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: [STATUS] }),
  r('', 'v1', 'Endpoints', 'endpoints', true, { singular: 'endpoints', shortNames: ['ep'] }),
  r('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'], subresources: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }] }),
  r('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: [STATUS] }),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], subresources: [STATUS] }),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, { shortNames: ['pvc'], subresources: [STATUS] }),
  r('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  r('', 'v1', 'ResourceQuota', 'resourcequotas', true, { shortNames: ['quota'], subresources: [STATUS] }),
  r('', 'v1', 'ReplicationController', 'replicationcontrollers', true, { shortNames: ['rc'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('', 'v1', 'PodTemplate', 'podtemplates', true),
  r('', 'v1', 'Binding', 'bindings', true, { verbs: ['create'], virtual: true }),
  r('', 'v1', 'ComponentStatus', 'componentstatuses', false, { shortNames: ['cs'], verbs: ['get', 'list'], virtual: true }),
  // apps/v1
  r('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ['all'], subresources: [STATUS] }),
  r('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  // batch/v1
  r('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'], subresources: [STATUS] }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ['all'], subresources: [STATUS] }),
  // autoscaling
  r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { shortNames: ['hpa'], categories: ['all'], subresources: [STATUS] }),
  r('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { shortNames: ['hpa'], categories: ['all'], subresources: [STATUS] }),
  // coordination
  r('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  // discovery
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  // networking
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], subresources: [STATUS] }),
  r('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  r('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'] }),
  // policy
  r('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, { shortNames: ['pdb'], subresources: [STATUS] }),
  // rbac
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  // scheduling
  r('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, { shortNames: ['pc'] }),
  // storage
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'] }),
  r('storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', false),
  r('storage.k8s.io', 'v1', 'CSINode', 'csinodes', false),
  r('storage.k8s.io', 'v1', 'VolumeAttachment', 'volumeattachments', false),
  // events
  r('events.k8s.io', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  // apiextensions
  r('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: [STATUS] }),
  // reviews (create only, not stored)
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: ['create'], virtual: true }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, { verbs: ['create'], virtual: true }),
  r('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, { verbs: ['create'], virtual: true }),
  r('authorization.k8s.io', 'v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, { verbs: ['create'], virtual: true }),
  r('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: ['create'], virtual: true }),
  r('authentication.k8s.io', 'v1', 'TokenReview', 'tokenreviews', false, { verbs: ['create'], virtual: true }),
  r('authentication.k8s.io', 'v1beta1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: ['create'], virtual: true }),
  // resource metrics (served from the node agents' /stats/summary by metricsapi/, not stored)
  r('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false, { verbs: ['get', 'list'], virtual: true }),
  r('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true, { verbs: ['get', 'list'], virtual: true }),
];

/** `apps/v1` or `v1`. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Preferred versions per group, first is preferred. */
export const GROUP_VERSION_PREFERENCE: Record<string, string[]> = {
  autoscaling: ['v2', 'v1'],
  'authentication.k8s.io': ['v1', 'v1beta1'],
};
