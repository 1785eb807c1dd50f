// DefaultTolerationSeconds: pods tolerate node.kubernetes.io/not-ready and /unreachable (NoExecute) for 300 s unless
// they say otherwise, so taint-based eviction waits five minutes as in Kubernetes.
import type { AdmissionPlugin } from './index.js';

interface Toleration { key?: string; operator?: string; effect?: string; tolerationSeconds?: number; value?: string }

export function defaultTolerations(seconds = 300): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    admit(a) {
      const i = a.entry.info;
      if (!(i.group === '' && i.resource === 'pods' && a.operation === 'CREATE' && !a.subresource) || !a.object) return;
      const spec = (a.object.spec ?? {}) as { tolerations?: Toleration[] };
      const tols = spec.tolerations ?? [];
      const has = (key: string) => tols.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'));
      for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        if (!has(key)) tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
      }
      spec.tolerations = tols;
      a.object.spec = spec;
    },
  };
}
