// NamespaceLifecycle: no new content in a namespace that does not exist or is terminating; the system namespaces
// cannot be deleted.
import type { AdmissionPlugin } from './index.js';
import type { ApiServer } from '../server.js';
import { ApiError, forbidden, notFound } from '../../machinery/errors.js';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export function namespaceLifecycle(s: ApiServer): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async admit(a) {
      const i = a.entry.info;
      if (i.group === '' && i.resource === 'namespaces') {
        if (a.operation === 'DELETE' && IMMORTAL.has(a.name)) {
          throw forbidden(`namespaces "${a.name}" is forbidden: this namespace may not be deleted`, { group: '', resource: 'namespaces' }, a.name);
        }
        return;
      }
      if (!i.namespaced || a.operation !== 'CREATE') return;
      let ns = s.cache('', 'v1', 'namespaces').get('', a.namespace);
      if (!ns) {
        ns = await s.entry('', 'v1', 'namespaces').store!.tryGet('', a.namespace);
        if (!ns) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      }
      if (ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
        const qr = i.group ? `${i.resource}.${i.group}` : i.resource;
        throw new ApiError(403, 'Forbidden', `${qr} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`,
          { name: a.name, kind: i.resource, ...(i.group ? { group: i.group } : {}), causes: [{ reason: 'NamespaceTerminating' as never, message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }] });
      }
    },
  };
}
