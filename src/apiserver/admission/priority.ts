// Priority admission: resolve a pod's priorityClassName to spec.priority (and preemptionPolicy); pods without a class
// get the global default class's value, or 0.
import type { AdmissionPlugin } from './index.js';
import type { ApiServer } from '../server.js';
import { forbidden } from '../../machinery/errors.js';

export function podPriority(s: ApiServer): AdmissionPlugin {
  return {
    name: 'Priority',
    admit(a) {
      const i = a.entry.info;
      if (!(i.group === '' && i.resource === 'pods' && a.operation === 'CREATE' && !a.subresource) || !a.object) return;
      const spec = (a.object.spec ?? {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
      const classes = s.cache('scheduling.k8s.io', 'v1', 'priorityclasses').list();
      // with several global defaults, Kubernetes uses the one with the lowest value
      const defaults = classes.filter((c) => (c as { globalDefault?: boolean }).globalDefault)
        .sort((a, b) => Number((a as { value?: number }).value ?? 0) - Number((b as { value?: number }).value ?? 0));
      let pc = spec.priorityClassName ? classes.find((c) => c.metadata?.name === spec.priorityClassName) : defaults[0];
      if (spec.priorityClassName && !pc) {
        if (spec.priorityClassName === 'system-node-critical') pc = { metadata: { name: spec.priorityClassName }, value: 2000001000 } as never;
        else if (spec.priorityClassName === 'system-cluster-critical') pc = { metadata: { name: spec.priorityClassName }, value: 2000000000 } as never;
        else throw forbidden(`pods "${a.name}" is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`, { group: '', resource: 'pods' }, a.name);
      }
      const value = pc ? Number((pc as { value?: number }).value ?? 0) : 0;
      if (spec.priority !== undefined && spec.priority !== value) {
        throw forbidden(`pods "${a.name}" is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`, { group: '', resource: 'pods' }, a.name);
      }
      spec.priority = value;
      if (pc && spec.priorityClassName === undefined && (pc as { globalDefault?: boolean }).globalDefault) spec.priorityClassName = pc.metadata!.name;
      const policy = (pc as { preemptionPolicy?: string } | undefined)?.preemptionPolicy;
      if (!spec.preemptionPolicy) spec.preemptionPolicy = policy ?? 'PreemptLowerPriority';
      a.object.spec = spec;
    },
  };
}
