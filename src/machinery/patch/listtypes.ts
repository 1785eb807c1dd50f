// Which lists in built-in kinds merge by key, which are sets and which are atomic (the patchStrategy /
// patchMergeKey / listType / listMapKey tags of the Go types). Shared by strategic merge patch and server-side apply.
//
// The table is type-aware: a type's fields are listed once and reached by walking the path from the kind's root
// type, so PodSpec's lists are found at `spec` (Pod), `template.spec` (PodTemplate), `spec.template.spec`
// (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController) and `spec.jobTemplate.spec.template.spec`
// (CronJob) alike. Facts taken from kubernetes/api and apimachinery at v0.30 (the types.go tags); only types on a
// path to a merge or set list are listed, and explicitly atomic lists of those types are kept for documentation.
// Anything not listed is atomic (replaced whole), which is also what both patch mechanisms do with untagged lists.

export interface GVK { group: string; version: string; kind: string }

export interface ListInfo {
  /** 'map': merge elements by mergeKey; 'set': union of scalars; 'atomic': replace whole list. */
  type: 'map' | 'set' | 'atomic';
  /** For 'map': the key field(s) (e.g. ['name'], or ['containerPort','protocol'] for SSA). The first is the SMP patchMergeKey. */
  keys?: string[];
  /** The field also carries `patchStrategy: retainKeys` (e.g. volumes[*]). */
  retainKeys?: boolean;
}

interface FieldSpec {
  /** The list's semantics as server-side apply sees them (listType/listMapKey, else derived from patchStrategy). */
  list?: ListInfo;
  /** Strategic merge patch semantics, only where they differ from `list` ('replace' = no patchStrategy tag). */
  smp?: ListInfo | 'replace';
  retainKeys?: boolean;
  /** The field's (element) type, when the walk can continue below it. */
  of?: string;
}

const map = (...keys: string[]): ListInfo => ({ type: 'map', keys });
const SET: ListInfo = { type: 'set' };
const ATOMIC: ListInfo = { type: 'atomic' };
const REPLACE = 'replace' as const;
const META_ONLY = 'meta-only';

const TYPES: Record<string, Record<string, FieldSpec>> = {
  [META_ONLY]: {
    metadata: { of: 'meta/v1.ObjectMeta' },
  },
  'core/v1.Namespace': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    status: { of: 'core/v1.NamespaceStatus' },
  },
  'meta/v1.ObjectMeta': {
    ownerReferences: { list: map('uid') },
    finalizers: { list: SET },
    managedFields: { list: ATOMIC },
  },
  'core/v1.NamespaceStatus': {
    conditions: { list: map('type') },
  },
  'core/v1.Pod': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'core/v1.PodSpec' },
    status: { of: 'core/v1.PodStatus' },
  },
  'core/v1.PodSpec': {
    volumes: { list: map('name'), retainKeys: true, of: 'core/v1.Volume' },
    initContainers: { list: map('name'), of: 'core/v1.Container' },
    containers: { list: map('name'), of: 'core/v1.Container' },
    ephemeralContainers: { list: map('name'), of: 'core/v1.EphemeralContainer' },
    imagePullSecrets: { list: map('name') },
    tolerations: { list: ATOMIC },
    hostAliases: { list: map('ip') },
    readinessGates: { list: ATOMIC },
    topologySpreadConstraints: { list: map('topologyKey', 'whenUnsatisfiable') },
    schedulingGates: { list: map('name') },
    resourceClaims: { list: map('name'), retainKeys: true },
  },
  'core/v1.Volume': {
    ephemeral: { of: 'core/v1.EphemeralVolumeSource' },
  },
  'core/v1.EphemeralVolumeSource': {
    volumeClaimTemplate: { of: META_ONLY },
  },
  'core/v1.Container': {
    command: { list: ATOMIC },
    args: { list: ATOMIC },
    ports: { list: map('containerPort', 'protocol') },
    envFrom: { list: ATOMIC },
    env: { list: map('name') },
    resources: { of: 'core/v1.ResourceRequirements' },
    resizePolicy: { list: ATOMIC },
    volumeMounts: { list: map('mountPath') },
    volumeDevices: { list: map('devicePath') },
  },
  'core/v1.ResourceRequirements': {
    claims: { list: map('name'), smp: REPLACE },
  },
  'core/v1.EphemeralContainer': {
    command: { list: ATOMIC },
    args: { list: ATOMIC },
    ports: { list: map('containerPort', 'protocol') },
    envFrom: { list: ATOMIC },
    env: { list: map('name') },
    resources: { of: 'core/v1.ResourceRequirements' },
    resizePolicy: { list: ATOMIC },
    volumeMounts: { list: map('mountPath') },
    volumeDevices: { list: map('devicePath') },
  },
  'core/v1.PodStatus': {
    conditions: { list: map('type') },
    hostIPs: { list: ATOMIC, smp: map('ip') },
    podIPs: { list: map('ip') },
    initContainerStatuses: { list: ATOMIC },
    containerStatuses: { list: ATOMIC },
    ephemeralContainerStatuses: { list: ATOMIC },
    resourceClaimStatuses: { list: map('name'), retainKeys: true },
  },
  'core/v1.Service': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'core/v1.ServiceSpec' },
    status: { of: 'core/v1.ServiceStatus' },
  },
  'core/v1.ServiceSpec': {
    ports: { list: map('port', 'protocol') },
    clusterIPs: { list: ATOMIC },
    externalIPs: { list: ATOMIC },
    loadBalancerSourceRanges: { list: ATOMIC },
    ipFamilies: { list: ATOMIC },
  },
  'core/v1.ServiceStatus': {
    conditions: { list: map('type') },
  },
  'core/v1.Endpoints': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    subsets: { list: ATOMIC },
  },
  'core/v1.ServiceAccount': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    secrets: { list: map('name') },
    imagePullSecrets: { list: ATOMIC },
  },
  'core/v1.Node': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'core/v1.NodeSpec' },
    status: { of: 'core/v1.NodeStatus' },
  },
  'core/v1.NodeSpec': {
    podCIDRs: { list: SET },
    taints: { list: ATOMIC },
  },
  'core/v1.NodeStatus': {
    conditions: { list: map('type') },
    addresses: { list: map('type') },
    images: { list: ATOMIC },
    volumesInUse: { list: ATOMIC },
    volumesAttached: { list: ATOMIC },
    runtimeHandlers: { list: ATOMIC },
  },
  'core/v1.PersistentVolumeClaim': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    status: { of: 'core/v1.PersistentVolumeClaimStatus' },
  },
  'core/v1.PersistentVolumeClaimStatus': {
    accessModes: { list: ATOMIC },
    conditions: { list: map('type') },
  },
  'core/v1.ReplicationController': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'core/v1.ReplicationControllerSpec' },
    status: { of: 'core/v1.ReplicationControllerStatus' },
  },
  'core/v1.ReplicationControllerSpec': {
    template: { of: 'core/v1.PodTemplateSpec' },
  },
  'core/v1.PodTemplateSpec': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'core/v1.PodSpec' },
  },
  'core/v1.ReplicationControllerStatus': {
    conditions: { list: map('type') },
  },
  'core/v1.PodTemplate': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    template: { of: 'core/v1.PodTemplateSpec' },
  },
  'core/v1.ComponentStatus': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    conditions: { list: map('type') },
  },
  'apps/v1.Deployment': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'apps/v1.DeploymentSpec' },
    status: { of: 'apps/v1.DeploymentStatus' },
  },
  'apps/v1.DeploymentSpec': {
    template: { of: 'core/v1.PodTemplateSpec' },
  },
  'apps/v1.DeploymentStatus': {
    conditions: { list: map('type') },
  },
  'apps/v1.ReplicaSet': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'apps/v1.ReplicaSetSpec' },
    status: { of: 'apps/v1.ReplicaSetStatus' },
  },
  'apps/v1.ReplicaSetSpec': {
    template: { of: 'core/v1.PodTemplateSpec' },
  },
  'apps/v1.ReplicaSetStatus': {
    conditions: { list: map('type') },
  },
  'apps/v1.StatefulSet': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'apps/v1.StatefulSetSpec' },
    status: { of: 'apps/v1.StatefulSetStatus' },
  },
  'apps/v1.StatefulSetSpec': {
    template: { of: 'core/v1.PodTemplateSpec' },
    volumeClaimTemplates: { list: ATOMIC },
  },
  'apps/v1.StatefulSetStatus': {
    conditions: { list: map('type') },
  },
  'apps/v1.DaemonSet': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'apps/v1.DaemonSetSpec' },
    status: { of: 'apps/v1.DaemonSetStatus' },
  },
  'apps/v1.DaemonSetSpec': {
    template: { of: 'core/v1.PodTemplateSpec' },
  },
  'apps/v1.DaemonSetStatus': {
    conditions: { list: map('type') },
  },
  'batch/v1.Job': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'batch/v1.JobSpec' },
    status: { of: 'batch/v1.JobStatus' },
  },
  'batch/v1.JobSpec': {
    template: { of: 'core/v1.PodTemplateSpec' },
  },
  'batch/v1.JobStatus': {
    conditions: { list: ATOMIC, smp: map('type') },
    uncountedTerminatedPods: { of: 'batch/v1.UncountedTerminatedPods' },
  },
  'batch/v1.UncountedTerminatedPods': {
    succeeded: { list: SET, smp: REPLACE },
    failed: { list: SET, smp: REPLACE },
  },
  'batch/v1.CronJob': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'batch/v1.CronJobSpec' },
  },
  'batch/v1.CronJobSpec': {
    jobTemplate: { of: 'batch/v1.JobTemplateSpec' },
  },
  'batch/v1.JobTemplateSpec': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'batch/v1.JobSpec' },
  },
  'autoscaling/v2.HorizontalPodAutoscaler': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    status: { of: 'autoscaling/v2.HorizontalPodAutoscalerStatus' },
  },
  'autoscaling/v2.HorizontalPodAutoscalerStatus': {
    currentMetrics: { list: ATOMIC },
    conditions: { list: map('type') },
  },
  'discovery/v1.EndpointSlice': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    endpoints: { list: ATOMIC },
    ports: { list: ATOMIC },
  },
  'policy/v1.PodDisruptionBudget': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    status: { of: 'policy/v1.PodDisruptionBudgetStatus' },
  },
  'policy/v1.PodDisruptionBudgetStatus': {
    conditions: { list: map('type') },
  },
  'rbac/v1.Role': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    rules: { list: ATOMIC },
  },
  'rbac/v1.RoleBinding': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    subjects: { list: ATOMIC },
  },
  'rbac/v1.ClusterRole': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    rules: { list: ATOMIC },
  },
  'rbac/v1.ClusterRoleBinding': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    subjects: { list: ATOMIC },
  },
  'storage/v1.StorageClass': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    mountOptions: { list: ATOMIC },
    allowedTopologies: { list: ATOMIC },
  },
  'storage/v1.CSIDriver': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'storage/v1.CSIDriverSpec' },
  },
  'storage/v1.CSIDriverSpec': {
    volumeLifecycleModes: { list: SET, smp: REPLACE },
    tokenRequests: { list: ATOMIC },
  },
  'storage/v1.CSINode': {
    metadata: { of: 'meta/v1.ObjectMeta' },
    spec: { of: 'storage/v1.CSINodeSpec' },
  },
  'storage/v1.CSINodeSpec': {
    drivers: { list: map('name') },
  },
};

/** `group/version/Kind` → root type. */
const ROOTS: Record<string, string> = {
  '/v1/Namespace': 'core/v1.Namespace',
  '/v1/Pod': 'core/v1.Pod',
  '/v1/Service': 'core/v1.Service',
  '/v1/Endpoints': 'core/v1.Endpoints',
  '/v1/ConfigMap': META_ONLY,
  '/v1/Secret': META_ONLY,
  '/v1/ServiceAccount': 'core/v1.ServiceAccount',
  '/v1/Event': META_ONLY,
  '/v1/Node': 'core/v1.Node',
  '/v1/PersistentVolume': META_ONLY,
  '/v1/PersistentVolumeClaim': 'core/v1.PersistentVolumeClaim',
  '/v1/LimitRange': META_ONLY,
  '/v1/ResourceQuota': META_ONLY,
  '/v1/ReplicationController': 'core/v1.ReplicationController',
  '/v1/PodTemplate': 'core/v1.PodTemplate',
  '/v1/Binding': META_ONLY,
  '/v1/ComponentStatus': 'core/v1.ComponentStatus',
  'apps/v1/Deployment': 'apps/v1.Deployment',
  'apps/v1/ReplicaSet': 'apps/v1.ReplicaSet',
  'apps/v1/StatefulSet': 'apps/v1.StatefulSet',
  'apps/v1/DaemonSet': 'apps/v1.DaemonSet',
  'apps/v1/ControllerRevision': META_ONLY,
  'batch/v1/Job': 'batch/v1.Job',
  'batch/v1/CronJob': 'batch/v1.CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling/v2.HorizontalPodAutoscaler',
  'autoscaling/v1/HorizontalPodAutoscaler': META_ONLY,
  'coordination.k8s.io/v1/Lease': META_ONLY,
  'discovery.k8s.io/v1/EndpointSlice': 'discovery/v1.EndpointSlice',
  'networking.k8s.io/v1/Ingress': META_ONLY,
  'networking.k8s.io/v1/IngressClass': META_ONLY,
  'networking.k8s.io/v1/NetworkPolicy': META_ONLY,
  'policy/v1/PodDisruptionBudget': 'policy/v1.PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/Role': 'rbac/v1.Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac/v1.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac/v1.ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac/v1.ClusterRoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': META_ONLY,
  'storage.k8s.io/v1/StorageClass': 'storage/v1.StorageClass',
  'storage.k8s.io/v1/CSIDriver': 'storage/v1.CSIDriver',
  'storage.k8s.io/v1/CSINode': 'storage/v1.CSINode',
  'storage.k8s.io/v1/VolumeAttachment': META_ONLY,
  'events.k8s.io/v1/Event': META_ONLY,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': META_ONLY,
};

function fieldSpec(gvk: GVK, path: string[]): FieldSpec | undefined {
  let type: string | undefined = ROOTS[`${gvk.group}/${gvk.version}/${gvk.kind}`];
  let spec: FieldSpec | undefined;
  for (const seg of path) {
    if (type === undefined) return undefined;
    spec = TYPES[type]?.[seg];
    if (!spec) return undefined;
    type = spec.of;
  }
  return spec;
}

function withRetainKeys(info: ListInfo, spec: FieldSpec): ListInfo {
  return spec.retainKeys ? { ...info, retainKeys: true } : info;
}

/**
 * The list semantics of the field at `path` (object field names from the root of the object, no list indices;
 * e.g. ['spec','template','spec','containers']). Undefined = not a known list (treat as atomic/replace).
 * This is the server-side-apply view (listType/listMapKey); see smpListInfo for strategic merge patch.
 */
export function listInfo(gvk: GVK, path: string[]): ListInfo | undefined {
  const spec = fieldSpec(gvk, path);
  return spec?.list ? withRetainKeys(spec.list, spec) : undefined;
}

/**
 * The list semantics strategic merge patch uses at `path`: `map` with the patchMergeKey as the only key, `set` for
 * scalar lists with patchStrategy=merge, undefined for lists it replaces. Differs from listInfo for a handful of
 * fields whose SSA listType disagrees with their SMP tags (e.g. Job status.conditions: atomic for SSA, merged by
 * type for SMP; resources.claims: a map for SSA, replaced by SMP).
 */
export function smpListInfo(gvk: GVK, path: string[]): ListInfo | undefined {
  const spec = fieldSpec(gvk, path);
  if (!spec) return undefined;
  const info = spec.smp === REPLACE ? undefined : spec.smp ?? spec.list;
  if (!info || info.type === 'atomic') return undefined;
  const smp: ListInfo = info.type === 'map' ? { type: 'map', keys: [info.keys![0]!] } : { type: 'set' };
  return withRetainKeys(smp, spec);
}

/** The strategic-merge-patch merge key of the list at `path` (e.g. 'name' for containers), if it merges by key. */
export function mergeKeyFor(gvk: GVK, path: string[]): string | undefined {
  const info = smpListInfo(gvk, path);
  return info?.type === 'map' ? info.keys?.[0] : undefined;
}

/** Whether `gvk` is a built-in kind this table knows (strategic merge patch is refused for others). */
export function isKnownKind(gvk: GVK): boolean {
  return ROOTS[`${gvk.group}/${gvk.version}/${gvk.kind}`] !== undefined;
}
