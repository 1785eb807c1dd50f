// Public surface of src/agent/pods: Pod → CRI translation (env, resources, security, volumes and mounts).
export type * from './cri-types.js';
export type { ObjectLookups, VolumeLookups, MaybePromise } from './lookups.js';
export { resolveEnv, expandCommandAndArgs, isEnvVarName, type EnvOptions, type EnvResult, type PodEvent } from './env.js';
export { expand } from './expansion.js';
export { podFieldValue, metadataFieldValue, containerResourceValue, podResourceValue, formatMap, type PodRuntimeFacts } from './fieldpath.js';
export { linuxResources, sandboxResources, calculateLinuxResources, milliCPUToShares, milliCPUToQuota, podTotals, type NodeFacts } from './resources.js';
export { qosClass, computeQosClass, containerOomScoreAdj, type QOSClass } from './qos.js';
export {
  linuxSecurityContext, sandboxSecurityContext, sandboxSysctls, verifyRunAsNonRoot, namespacesForPod, effectiveSecurityContext,
  DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS, type ImageUser, type SecurityOptions,
} from './security.js';
export { readBoundingCapabilities, normalizeCapability, CAPABILITY_NAMES } from './capabilities.js';
export {
  VolumeManager, VolumeSetUpError, type VolumeManagerOptions, type ContainerFiles, type PrepareContainerOptions, type MountedVolume,
} from './volumes/manager.js';
export { containerMounts, translatePropagation } from './volumes/mounts.js';
export { writePayloadAtomically, type Payload, type FileProjection } from './volumes/atomic-writer.js';
export { systemMounter, type Mounter } from './volumes/mounter.js';
export { podHostnameAndDomain, managedHostsContent } from './volumes/hosts.js';
