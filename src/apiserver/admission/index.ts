// The admission chain: mutating then validating plugins run in order for every write; `committed` hooks run after
// a successful write (creating a namespace's default ServiceAccount).
import type { Admission, AdmissionAttributes } from '../handlers/env.js';
import type { ApiServer } from '../server.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { ServiceIPs } from './service-ips.js';
import { podPriority } from './priority.js';
import { defaultTolerations } from './tolerations.js';
import { ensureDefaultServiceAccount } from './serviceaccount.js';
import { limitRanger } from './limit-ranger.js';
import { serviceAccountAdmission } from './service-account-admission.js';
import { taintNodesByCondition } from './node-taint.js';
import { defaultIngressClass, defaultStorageClass } from './default-classes.js';
import { storageObjectInUseProtection } from './storage-protection.js';
import { rbacEscalation } from './rbac-escalation.js';

export interface AdmissionPlugin {
  readonly name: string;
  admit(a: AdmissionAttributes): Promise<void> | void;
}

export function createAdmission(opts: { server: ApiServer }): Admission {
  const s = opts.server;
  const serviceIPs = new ServiceIPs(s);
  // kube-apiserver's order (AllOrderedPlugins); the RBAC escalation check is part of Kubernetes' RBAC storage, which
  // runs after admission, so it comes last
  const plugins: AdmissionPlugin[] = [
    namespaceLifecycle(s),
    serviceIPs,
    limitRanger(s),
    serviceAccountAdmission(s),
    taintNodesByCondition(),
    podPriority(s),
    defaultTolerations(),
    defaultStorageClass(s),
    storageObjectInUseProtection(),
    defaultIngressClass(s),
    rbacEscalation(s),
  ];
  return {
    async admit(a) {
      for (const p of plugins) await p.admit(a);
    },
    async committed(a) {
      const i = a.entry.info;
      if (i.group === '' && i.resource === 'namespaces' && a.operation === 'CREATE') {
        await ensureDefaultServiceAccount(s, a.result.metadata!.name!);
      }
      if (i.group === '' && i.resource === 'services') serviceIPs.release(a);
    },
  };
}
