// root-ca-cert-publisher: every active namespace has the ConfigMap kube-root-ca.crt holding the cluster CA, which the
// kube-api-access projected volume of every pod mounts. Pure decision.
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export type RootCAAction = { kind: 'none' } | { kind: 'create'; configMap: ConfigMap } | { kind: 'update'; configMap: ConfigMap };

export function desiredConfigMap(namespace: string, caPem: string): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { 'kubernetes.io/description': DESCRIPTION } }, data: { 'ca.crt': caPem } };
}

export function decideRootCA(ns: Namespace | undefined, current: ConfigMap | undefined, caPem: string): RootCAAction {
  if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return { kind: 'none' };
  const name = ns.metadata!.name!;
  if (!current) return { kind: 'create', configMap: desiredConfigMap(name, caPem) };
  if (current.data?.['ca.crt'] === caPem && current.metadata?.annotations?.['kubernetes.io/description'] === DESCRIPTION) return { kind: 'none' };
  return {
    kind: 'update',
    configMap: { ...current, metadata: { ...current.metadata, annotations: { ...(current.metadata?.annotations ?? {}), 'kubernetes.io/description': DESCRIPTION } }, data: { ...(current.data ?? {}), 'ca.crt': caPem } },
  };
}
