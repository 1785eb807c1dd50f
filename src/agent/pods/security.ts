// Pod and container securityContext → CRI security contexts, as the kubelet does (kuberuntime security_context.go,
// pkg/securitycontext): the container's settings override the pod's; fsGroup and supplementalGroups become
// supplemental groups; allowPrivilegeEscalation=false sets no_new_privs; the pid namespace is per container unless
// the pod shares it (gotcha 3 in reference/runtime.md); /proc masking unless privileged or procMount Unmasked.
import type { Container, Pod, PodSecurityContext, SecurityContext, SeccompProfile, SELinuxOptions } from 'kubernetes-types/core/v1.js';
import type {
  LinuxContainerSecurityContext, LinuxSandboxSecurityContext, NamespaceOption, SecurityProfile, SELinuxOption,
} from './cri-types.js';
import { normalizeCapability } from './capabilities.js';

export const DEFAULT_MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const DEFAULT_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** The user an image runs as, from CRI ImageStatus (`image.uid.value`, `image.username`). Neither set = root. */
export interface ImageUser { uid?: number; username?: string }

export interface SecurityOptions {
  /** Capabilities the agent may grant (see readBoundingCapabilities). */
  capabilities: string[];
  /** @default root (uid 0), as the kubelet assumes when the image names no user */
  imageUser?: ImageUser;
  /** Directory that Localhost seccomp profiles are relative to. @default '/var/lib/kubelet/seccomp' */
  seccompProfileRoot?: string;
}

/** Pod settings overlaid with the container's (DetermineEffectiveSecurityContext). */
export function effectiveSecurityContext(pod: Pod, container: Container): SecurityContext {
  const p: PodSecurityContext = pod.spec?.securityContext ?? {};
  const c: SecurityContext = container.securityContext ?? {};
  const pick = <K extends keyof SecurityContext & keyof PodSecurityContext>(k: K) => (c[k] !== undefined ? c[k] : p[k]);
  return {
    seLinuxOptions: pick('seLinuxOptions'),
    runAsUser: pick('runAsUser'),
    runAsGroup: pick('runAsGroup'),
    runAsNonRoot: pick('runAsNonRoot'),
    seccompProfile: pick('seccompProfile'),
    capabilities: c.capabilities,
    privileged: c.privileged,
    readOnlyRootFilesystem: c.readOnlyRootFilesystem,
    allowPrivilegeEscalation: c.allowPrivilegeEscalation,
    procMount: c.procMount,
  };
}

/** `name_namespace(uid)`, the kubelet's format.Pod. */
export const formatPod = (pod: Pod): string => `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;

/** The runAsNonRoot check (verifyRunAsNonRoot); returns the kubelet's error message or undefined. */
export function verifyRunAsNonRoot(pod: Pod, container: Container, imageUser: ImageUser = {}): string | undefined {
  const sc = effectiveSecurityContext(pod, container);
  if (!sc.runAsNonRoot) return undefined;
  const where = `(pod: "${formatPod(pod)}", container: ${container.name})`;
  if (sc.runAsUser !== undefined) return sc.runAsUser === 0 ? `container's runAsUser breaks non-root policy ${where}` : undefined;
  const uid = imageUser.uid ?? (imageUser.username ? undefined : 0);
  if (uid === undefined) {
    return `container has runAsNonRoot and image has non-numeric user (${imageUser.username}), cannot verify user is non-root ${where}`;
  }
  if (uid === 0) return `container has runAsNonRoot and image will run as root ${where}`;
  return undefined;
}

/** NamespacesForPod: network/ipc per pod or node, pid per container unless shared or host. */
export function namespacesForPod(pod: Pod): NamespaceOption {
  const s = pod.spec ?? { containers: [] };
  return {
    network: s.hostNetwork ? 'NODE' : 'POD',
    pid: s.hostPID ? 'NODE' : s.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: s.hostIPC ? 'NODE' : 'POD',
  };
}

const selinux = (o: SELinuxOptions | undefined): SELinuxOption | undefined =>
  o ? { user: o.user ?? '', role: o.role ?? '', type: o.type ?? '', level: o.level ?? '' } : undefined;

function seccomp(profile: SeccompProfile | undefined, root: string): SecurityProfile {
  switch (profile?.type) {
    case 'RuntimeDefault': return { profileType: 'RuntimeDefault' };
    case 'Localhost': return { profileType: 'Localhost', localhostRef: `${root}/${profile.localhostProfile ?? ''}` };
    default: return { profileType: 'Unconfined' };
  }
}

function podGroups(pod: Pod): number[] {
  const p = pod.spec?.securityContext ?? {};
  return [...(p.fsGroup !== undefined ? [p.fsGroup] : []), ...(p.supplementalGroups ?? [])];
}

/** ContainerConfig.linux.securityContext; throws the kubelet's runAsNonRoot error when the check fails. */
export function linuxSecurityContext(pod: Pod, container: Container, opts: SecurityOptions): LinuxContainerSecurityContext {
  const refusal = verifyRunAsNonRoot(pod, container, opts.imageUser);
  if (refusal) throw new Error(refusal);
  const sc = effectiveSecurityContext(pod, container);
  const bounding = new Set(opts.capabilities.map(normalizeCapability));
  const add = new Set<string>();
  for (const c of (sc.capabilities?.add ?? []).map(normalizeCapability)) {
    if (c === 'ALL') bounding.forEach((b) => add.add(b));
    else if (bounding.has(c)) add.add(c);
  }
  const drop = (sc.capabilities?.drop ?? []).map(normalizeCapability);
  const privileged = sc.privileged === true;
  const masked = !privileged && sc.procMount !== 'Unmasked';
  const imageUser = opts.imageUser ?? {};
  const out: LinuxContainerSecurityContext = {
    capabilities: { addCapabilities: [...add], dropCapabilities: drop },
    privileged,
    namespaceOptions: namespacesForPod(pod),
    readonlyRootfs: sc.readOnlyRootFilesystem === true,
    supplementalGroups: podGroups(pod),
    noNewPrivs: sc.allowPrivilegeEscalation === false,
    maskedPaths: masked ? [...DEFAULT_MASKED_PATHS] : [],
    readonlyPaths: masked ? [...DEFAULT_READONLY_PATHS] : [],
    seccomp: seccomp(sc.seccompProfile, opts.seccompProfileRoot ?? '/var/lib/kubelet/seccomp'),
  };
  const se = selinux(sc.seLinuxOptions);
  if (se) out.selinuxOptions = se;
  if (sc.runAsUser !== undefined) out.runAsUser = { value: sc.runAsUser };
  else if (imageUser.uid !== undefined) out.runAsUser = { value: imageUser.uid };
  else if (imageUser.username) out.runAsUsername = imageUser.username;
  if (sc.runAsGroup !== undefined) out.runAsGroup = { value: sc.runAsGroup };
  return out;
}

const allContainers = (pod: Pod): Container[] => [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];

/** PodSandboxConfig.linux.securityContext (generatePodSandboxLinuxConfig). */
export function sandboxSecurityContext(pod: Pod): LinuxSandboxSecurityContext {
  const p = pod.spec?.securityContext ?? {};
  const out: LinuxSandboxSecurityContext = {
    namespaceOptions: namespacesForPod(pod),
    readonlyRootfs: false,
    supplementalGroups: podGroups(pod),
    privileged: allContainers(pod).some((c) => c.securityContext?.privileged === true),
    seccomp: { profileType: 'RuntimeDefault' },
  };
  if (p.runAsUser !== undefined) out.runAsUser = { value: p.runAsUser };
  if (p.runAsGroup !== undefined) out.runAsGroup = { value: p.runAsGroup };
  const se = selinux(p.seLinuxOptions);
  if (se) out.selinuxOptions = se;
  return out;
}

/** PodSandboxConfig.linux.sysctls. */
export const sandboxSysctls = (pod: Pod): Record<string, string> =>
  Object.fromEntries((pod.spec?.securityContext?.sysctls ?? []).map((s) => [s.name, s.value]));
