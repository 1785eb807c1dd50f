// Public surface of src/agent/sync: the pod executor (PodSyncer) and the pieces the integrator may reuse.
export { PodSyncer, deadContainersToRemove, type PodSyncerOptions } from './syncer.js';
export { ClientLookups, requestServiceAccountToken, type ClientLookupsOptions } from './lookups.js';
export { podDnsConfig, parseResolvConf, type ClusterDns, type ResolvConf } from './dns.js';
export { buildSandboxConfig, podLogDirectory, podIdentityLabels, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from './sandbox-config.js';
export { effectivePullPolicy, ImagePuller, type PullPolicy } from './image-puller.js';
export { pullCredentials, imageRegistry } from './pull-secrets.js';
export { ANNOTATION_TERMINATION_MESSAGE_POLICY } from './runtime-state.js';
