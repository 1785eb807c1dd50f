// The kubelet's pure pod-lifecycle logic: decide here, execute elsewhere (see README.md).
export * from './types.js';
export { computePodActions, recordBackOff, type PodActionsContext } from './actions.js';
export { BackOff, goDuration, type BackOffOptions } from './backoff.js';
export { generatePodStatus, type PodStatusContext } from './status.js';
export { containerStatuses, type ContainerStatusContext } from './container-status.js';
export { podConditions, KUBELET_CONDITIONS } from './conditions.js';
export { getPhase, type PodPhase } from './phase.js';
export { podQOSClass } from './qos.js';
export { ProbeTracker, compileProbe, trackerResults, type CompiledProbe } from './probe-tracker.js';
export { runProbe, resolvePort, httpProbe, tcpProbe, execProbe, type ExecFn, type ProbeOutcome, type ProbeTarget } from './probe-run.js';
export {
  podGracePeriodSeconds, containerGracePeriodSeconds, preStopHook, stopTimeoutSeconds, killStage, killAll,
  findContainerSpec, MINIMUM_GRACE_PERIOD_SECONDS,
} from './termination.js';
export { containerHash } from './hash.js';
export * from './cri.js';
export { isRestartableInitContainer, shouldContainerBeRestarted, podSandboxChanged, formatPod, backOffKey } from './podutil.js';
