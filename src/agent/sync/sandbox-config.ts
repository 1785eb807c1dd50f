// Pod → CRI PodSandboxConfig (the kubelet's generatePodSandboxConfig): metadata with the attempt, hostname (empty
// for hostNetwork, runtime.md gotcha 4), log directory, DNS, host ports, labels and annotations, Linux security
// context (pid per container: gotcha 3), sysctls and pod-level resources.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { LABEL_POD_UID } from '../kubelet/cri.js';
import { podHostnameAndDomain } from '../pods/volumes/hosts.js';
import { sandboxResources } from '../pods/resources.js';
import { sandboxSecurityContext, sandboxSysctls } from '../pods/security.js';
import type { DNSConfig, Labels, PodSandboxConfig, PortMapping } from '../runtime/types.js';

import { LABEL_POD_NAME, LABEL_POD_NAMESPACE } from '../kubelet/cri.js';
export { LABEL_POD_NAME, LABEL_POD_NAMESPACE };
export { LABEL_POD_UID };

/** `<podLogsDir>/<namespace>_<name>_<uid>`, where the runtime writes the container log files. */
export function podLogDirectory(podLogsDir: string, pod: Pod): string {
  const m = pod.metadata ?? {};
  return `${podLogsDir.replace(/\/+$/, '')}/${m.namespace ?? 'default'}_${m.name ?? ''}_${m.uid ?? ''}`;
}

/** The labels every sandbox and container of the pod carries (how a restarted agent finds them). */
export function podIdentityLabels(pod: Pod): Labels {
  const m = pod.metadata ?? {};
  return { [LABEL_POD_NAME]: m.name ?? '', [LABEL_POD_NAMESPACE]: m.namespace ?? 'default', [LABEL_POD_UID]: m.uid ?? '' };
}

/** hostPort entries of every container (init containers included, as the kubelet does). */
export function portMappings(pod: Pod): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      out.push({ protocol: (p.protocol ?? 'TCP') as PortMapping['protocol'], containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP ?? '' });
    }
  }
  return out;
}

export interface SandboxConfigOptions {
  attempt: number;
  podLogsDir: string;
  dns: DNSConfig;
  /** @default 'cluster.local' */
  clusterDomain?: string;
}

export function buildSandboxConfig(pod: Pod, o: SandboxConfigOptions): PodSandboxConfig {
  const m = pod.metadata ?? {};
  const hostNetwork = !!pod.spec?.hostNetwork;
  return {
    metadata: { name: m.name ?? '', namespace: m.namespace ?? 'default', uid: m.uid ?? '', attempt: o.attempt },
    hostname: hostNetwork ? '' : podHostnameAndDomain(pod, o.clusterDomain).hostname,
    logDirectory: podLogDirectory(o.podLogsDir, pod),
    dnsConfig: o.dns,
    portMappings: portMappings(pod),
    labels: { ...(m.labels ?? {}), ...podIdentityLabels(pod) },
    annotations: { ...(m.annotations ?? {}) },
    linux: {
      cgroupParent: '',
      securityContext: sandboxSecurityContext(pod),
      sysctls: sandboxSysctls(pod),
      resources: sandboxResources(pod),
    },
  };
}
