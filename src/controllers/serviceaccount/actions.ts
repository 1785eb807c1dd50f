// ServiceAccounts controller decisions (pkg/controller/serviceaccount): every active namespace has `default`.
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';

export const DEFAULT_SERVICE_ACCOUNTS = ['default'] as const;

/** The service accounts to create: each of `names` missing from an active (not terminating) namespace. */
export function computeServiceAccountsToCreate(
  namespaces: readonly Namespace[], serviceAccounts: readonly ServiceAccount[], names: readonly string[] = DEFAULT_SERVICE_ACCOUNTS,
): ServiceAccount[] {
  const existing = new Set(serviceAccounts.map((sa) => `${sa.metadata?.namespace}/${sa.metadata?.name}`));
  const out: ServiceAccount[] = [];
  for (const ns of namespaces) {
    const name = ns.metadata?.name;
    if (!name || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') continue;
    for (const sa of names) {
      if (!existing.has(`${name}/${sa}`)) out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: name } });
    }
  }
  return out;
}
