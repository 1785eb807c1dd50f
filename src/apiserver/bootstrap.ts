// Objects every cluster starts with: the four system namespaces (each with its default ServiceAccount), the
// `kubernetes` Service and its Endpoints, the default RBAC policy and the system PriorityClasses. Idempotent: runs at
// every start and creates only what is missing.
import type { KObject } from '../api/types.js';
import type { ApiServer } from './server.js';
import { ApiError } from '../machinery/errors.js';
import { bootstrapClusterRoles, bootstrapClusterRoleBindings } from './auth/bootstrap-policy.js';
import { ensureDefaultServiceAccount } from './admission/serviceaccount.js';
import { intToIp, parseCIDR } from '../machinery/cidr.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

async function createIfMissing(s: ApiServer, group: string, version: string, resource: string, obj: KObject): Promise<void> {
  const store = s.entry(group, version, resource).store!;
  const ns = obj.metadata?.namespace ?? '';
  if (await store.tryGet(ns, obj.metadata!.name!)) return;
  try {
    await store.create(ns, obj);
  } catch (e) {
    if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
  }
}

export async function bootstrapCluster(s: ApiServer, opts: { advertiseAddress: string; port: number }): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await createIfMissing(s, '', 'v1', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  // every namespace (also ones created while another server was the writer) has its default ServiceAccount
  const nss = await s.entry('', 'v1', 'namespaces').store!.list({ namespace: '' });
  for (const ns of nss.items) if (!ns.metadata?.deletionTimestamp) await ensureDefaultServiceAccount(s, ns.metadata!.name!);
  for (const o of [...bootstrapClusterRoles(), ...bootstrapClusterRoleBindings()] as unknown as KObject[]) {
    const kind = o.kind as string;
    const resource = kind === 'ClusterRole' ? 'clusterroles' : kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : kind === 'Role' ? 'roles' : 'rolebindings';
    await createIfMissing(s, 'rbac.authorization.k8s.io', 'v1', resource, o as KObject);
  }
  for (const [name, value, description] of [
    ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
    ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
  ] as const) {
    await createIfMissing(s, 'scheduling.k8s.io', 'v1', 'priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, description, preemptionPolicy: 'PreemptLowerPriority', globalDefault: false });
  }
  const cidr = parseCIDR(s.opts.serviceCIDR);
  const firstIP = intToIp(cidr.base + 1);
  await createIfMissing(s, '', 'v1', 'services', {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: firstIP, clusterIPs: [firstIP], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.port }], sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' },
  });
  const endpoints: KObject = {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }] }],
  };
  const epStore = s.entry('', 'v1', 'endpoints').store!;
  const cur = await epStore.tryGet('default', 'kubernetes');
  if (!cur) await createIfMissing(s, '', 'v1', 'endpoints', endpoints);
  else if (JSON.stringify(cur.subsets) !== JSON.stringify(endpoints.subsets)) {
    await epStore.update('default', 'kubernetes', (c) => ({ ...c!, subsets: endpoints.subsets }));
  }
}
