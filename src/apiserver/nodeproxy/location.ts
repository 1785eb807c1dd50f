// Where a pod's log/exec/attach/portforward request goes on its node's agent, with kube-apiserver's validation
// (pkg/registry/core/pod/strategy.go: LogLocation, ExecLocation, AttachLocation, PortForwardLocation).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../../machinery/errors.js';

export type StreamSubresource = 'log' | 'exec' | 'attach' | 'portforward';

export interface AgentLocation {
  nodeName: string;
  /** Path and query on the node agent (kubelet paths). */
  path: string;
}

/** Query parameters the agent understands, per subresource (everything else is dropped). */
const PASS: Record<StreamSubresource, string[]> = {
  log: ['follow', 'previous', 'tailLines', 'sinceSeconds', 'sinceTime', 'timestamps', 'limitBytes', 'insecureSkipTLSVerifyBackend'],
  exec: ['command', 'stdin', 'stdout', 'stderr', 'tty'],
  attach: ['stdin', 'stdout', 'stderr', 'tty'],
  portforward: ['ports'],
};

function allContainerNames(pod: Pod): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c) => c.name);
}

/** The container a request addresses: the named one, or the only one (kube's validateContainer). */
export function resolveContainer(pod: Pod, container: string | null): string {
  const name = pod.metadata?.name ?? '';
  if (!container) {
    const cs = pod.spec?.containers ?? [];
    if (cs.length === 1) return cs[0]!.name;
    if (cs.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${allContainerNames(pod).join(' ')}]`);
  }
  if (!allContainerNames(pod).includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

export function agentLocation(pod: Pod, sub: StreamSubresource, query: URLSearchParams): AgentLocation {
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const q = new URLSearchParams();
  for (const k of PASS[sub]) for (const v of query.getAll(k)) q.append(k, v);
  if (sub === 'exec' && q.getAll('command').length === 0) throw badRequest('you must specify at least 1 command');
  const qs = q.toString() ? `?${q.toString()}` : '';
  const seg = (s: string) => encodeURIComponent(s);
  if (sub === 'portforward') return { nodeName, path: `/portForward/${seg(ns)}/${seg(name)}${qs}` };
  const container = resolveContainer(pod, query.get('container'));
  const base = sub === 'log' ? 'containerLogs' : sub;
  return { nodeName, path: `/${base}/${seg(ns)}/${seg(name)}/${seg(container)}${qs}` };
}
