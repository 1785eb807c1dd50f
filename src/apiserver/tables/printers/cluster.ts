// networking, storage, rbac, scheduling, coordination, discovery, admission and node kinds: columns and cells as printers.go.
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import type { RuntimeClass } from 'kubernetes-types/node/v1.js';
import { formatLabelSelector } from '../../../machinery/selectors/labels.js';
import { doc } from '../docs.js';
import { age, listWithMore, name } from '../cells.js';
import { loadBalancerIngress } from './core.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types.js';

/** HOSTS: first three rule hosts, `*` when none have a host. */
export function ingressHosts(ing: Ingress): string {
  const rules = ing.spec?.rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

export const ingressPrinter: Printer = {
  columns: [NAME_COLUMN, col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'), col('Ports', 'string', 'Ports of TLS configurations that open'), AGE_COLUMN],
  cells(obj, now) {
    const ing = obj as Ingress;
    return [name(obj), ing.spec?.ingressClassName ?? '<none>', ingressHosts(ing), loadBalancerIngress(ing.status?.loadBalancer?.ingress),
      (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80', age(obj, now)];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'), AGE_COLUMN],
  cells(obj, now) {
    const ic = obj as IngressClass;
    const p = ic.spec?.parameters;
    const params = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [name(obj), ic.spec?.controller ?? '', params, age(obj, now)];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME_COLUMN, col('Pod-Selector', 'string', doc('networking.NetworkPolicySpec.podSelector')), AGE_COLUMN],
  cells: (obj, now) => [name(obj), formatLabelSelector((obj as NetworkPolicy).spec?.podSelector ?? {}), age(obj, now)],
};

const DEFAULT_SC = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Provisioner', 'string', doc('storage.StorageClass.provisioner')), col('ReclaimPolicy', 'string', doc('storage.StorageClass.reclaimPolicy')),
    col('VolumeBindingMode', 'string', doc('storage.StorageClass.volumeBindingMode')), col('AllowVolumeExpansion', 'string', doc('storage.StorageClass.allowVolumeExpansion')), AGE_COLUMN],
  cells(obj, now) {
    const sc = obj as unknown as StorageClass;
    const isDefault = DEFAULT_SC.some((a) => sc.metadata?.annotations?.[a] === 'true');
    return [`${name(obj)}${isDefault ? ' (default)' : ''}`, sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false, age(obj, now)];
  },
};

export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, col('Holder', 'string', doc('coordination.LeaseSpec.holderIdentity')), AGE_COLUMN],
  cells: (obj, now) => [name(obj), (obj as Lease).spec?.holderIdentity ?? '', age(obj, now)],
};

export const endpointSlicePrinter: Printer = {
  columns: [NAME_COLUMN, col('AddressType', 'string', doc('discovery.EndpointSlice.addressType')), col('Ports', 'string', doc('discovery.EndpointSlice.ports')),
    col('Endpoints', 'string', doc('discovery.EndpointSlice.endpoints')), AGE_COLUMN],
  cells(obj, now) {
    const es = obj as unknown as EndpointSlice;
    const ports = (es.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'));
    const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [name(obj), es.addressType ?? '', listWithMore(ports, ports.length, 3), listWithMore(addrs, addrs.length, 3), age(obj, now)];
  },
};

export const priorityClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Value', 'integer', doc('scheduling.PriorityClass.value')), col('Global-Default', 'boolean', doc('scheduling.PriorityClass.globalDefault')),
    AGE_COLUMN, col('PreemptionPolicy', 'string', doc('scheduling.PriorityClass.preemptionPolicy'))],
  cells(obj, now) {
    const pc = obj as unknown as PriorityClass;
    return [name(obj), pc.value ?? 0, pc.globalDefault ?? false, age(obj, now), pc.preemptionPolicy ?? ''];
  },
};

/** rbac SubjectsStrings: users, groups, `namespace/name` service accounts, each joined by `, `. */
export function subjectsStrings(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(what: string, roleRefDoc: string): Printer {
  return {
    columns: [NAME_COLUMN, col('Role', 'string', roleRefDoc), AGE_COLUMN, col('Users', 'string', `Users in the ${what}`, { priority: 1 }),
      col('Groups', 'string', `Groups in the ${what}`, { priority: 1 }), col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, { priority: 1 })],
    cells(obj, now) {
      const b = obj as unknown as RoleBinding | ClusterRoleBinding;
      return [name(obj), `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(obj, now), ...subjectsStrings(b.subjects)];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding', doc('rbac.RoleBinding.roleRef'));
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', doc('rbac.ClusterRoleBinding.roleRef'));

export const webhookConfigurationPrinter: Printer = {
  columns: [NAME_COLUMN, col('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'), AGE_COLUMN],
  cells: (obj, now) => [name(obj), ((obj as { webhooks?: unknown[] }).webhooks ?? []).length, age(obj, now)],
};

export const runtimeClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Handler', 'string', ''), AGE_COLUMN],
  cells: (obj, now) => [name(obj), (obj as unknown as RuntimeClass).handler ?? '', age(obj, now)],
};
