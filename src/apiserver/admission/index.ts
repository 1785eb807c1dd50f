// The admission chain: mutating then validating plugins run in order for every write; `committed` hooks run after
// a successful write (creating a namespace's default ServiceAccount).
import type { Admission, AdmissionAttributes } from '../handlers/env.js';
import type { ApiServer } from '../server.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { ServiceIPs } from './service-ips.js';
import { podPriority } from './priority.js';
import { defaultTolerations } from './tolerations.js';
import { ensureDefaultServiceAccount } from './serviceaccount.js';

export interface AdmissionPlugin {
  readonly name: string;
  admit(a: AdmissionAttributes): Promise<void> | void;
}

export function createAdmission(opts: { server: ApiServer }): Admission {
  const s = opts.server;
  const serviceIPs = new ServiceIPs(s);
  const plugins: AdmissionPlugin[] = [
    namespaceLifecycle(s),
    serviceIPs,
    podPriority(s),
    defaultTolerations(),
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
