// strategyFor(group, resource): the registry strategy for each built-in resource, and a generic one for the rest.
import { BUILTIN_RESOURCES } from '../../resources.js';
import { defineStrategy } from './base.js';
import type { Strategy } from './types.js';
import * as apps from './kinds/apps.js';
import * as batch from './kinds/batch.js';
import * as config from './kinds/config.js';
import * as core from './kinds/core.js';
import * as crd from './kinds/crd.js';
import * as misc from './kinds/misc.js';
import * as net from './kinds/networking.js';
import * as rbac from './kinds/rbac.js';
import { serviceStrategy } from './kinds/service.js';
import { podStrategy } from './pod/strategy.js';

export type { Strategy } from './types.js';
export { defineStrategy, specChanged, metaFields, type KindSpec } from './base.js';
export { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaRules } from './validation/meta.js';
export * as names from './validation/names.js';
export { defaultPodSpec, defaultPodTemplate, defaultPullPolicy } from './pod/defaults.js';
export { podQOSClass } from './pod/strategy.js';

const STRATEGIES: Record<string, Strategy> = {
  'namespaces': core.namespaceStrategy,
  'pods': podStrategy,
  'services': serviceStrategy,
  'endpoints': core.endpointsStrategy,
  'configmaps': config.configMapStrategy,
  'secrets': config.secretStrategy,
  'serviceaccounts': core.serviceAccountStrategy,
  'events': core.eventStrategy,
  'nodes': core.nodeStrategy,
  'persistentvolumes': core.persistentVolumeStrategy,
  'persistentvolumeclaims': core.persistentVolumeClaimStrategy,
  'limitranges': core.limitRangeStrategy,
  'resourcequotas': core.resourceQuotaStrategy,
  'replicationcontrollers': core.replicationControllerStrategy,
  'podtemplates': core.podTemplateStrategy,
  'deployments.apps': apps.deploymentStrategy,
  'replicasets.apps': apps.replicaSetStrategy,
  'statefulsets.apps': apps.statefulSetStrategy,
  'daemonsets.apps': apps.daemonSetStrategy,
  'controllerrevisions.apps': apps.controllerRevisionStrategy,
  'jobs.batch': batch.jobStrategy,
  'cronjobs.batch': batch.cronJobStrategy,
  'horizontalpodautoscalers.autoscaling': misc.horizontalPodAutoscalerStrategy,
  'leases.coordination.k8s.io': misc.leaseStrategy,
  'endpointslices.discovery.k8s.io': net.endpointSliceStrategy,
  'ingresses.networking.k8s.io': net.ingressStrategy,
  'ingressclasses.networking.k8s.io': net.ingressClassStrategy,
  'networkpolicies.networking.k8s.io': net.networkPolicyStrategy,
  'poddisruptionbudgets.policy': misc.podDisruptionBudgetStrategy,
  'roles.rbac.authorization.k8s.io': rbac.roleStrategy,
  'rolebindings.rbac.authorization.k8s.io': rbac.roleBindingStrategy,
  'clusterroles.rbac.authorization.k8s.io': rbac.clusterRoleStrategy,
  'clusterrolebindings.rbac.authorization.k8s.io': rbac.clusterRoleBindingStrategy,
  'priorityclasses.scheduling.k8s.io': misc.priorityClassStrategy,
  'storageclasses.storage.k8s.io': misc.storageClassStrategy,
  'csidrivers.storage.k8s.io': misc.csiDriverStrategy,
  'csinodes.storage.k8s.io': misc.csiNodeStrategy,
  'volumeattachments.storage.k8s.io': misc.volumeAttachmentStrategy,
  'events.events.k8s.io': core.eventsV1Strategy,
  'customresourcedefinitions.apiextensions.k8s.io': crd.customResourceDefinitionStrategy,
};

const generic = new Map<string, Strategy>();

/** The strategy for `resource` in `group` ('' for core); anything not listed gets metadata-only validation. */
export function strategyFor(group: string, resource: string): Strategy {
  const key = group ? `${resource}.${group}` : resource;
  const known = STRATEGIES[key];
  if (known) return known;
  let s = generic.get(key);
  if (!s) {
    const info = BUILTIN_RESOURCES.find((r) => r.group === group && r.resource === resource);
    s = defineStrategy({
      namespaced: info?.namespaced ?? true,
      statusSubresource: info?.subresources.some((x) => x.name === 'status') ?? false,
    });
    generic.set(key, s);
  }
  return s;
}

/** Every resource key with a dedicated strategy (`deployments.apps`, `pods`, ...). */
export function strategyKeys(): string[] {
  return Object.keys(STRATEGIES);
}
