// Local copies of the CRI runtime.v1 message shapes this folder produces, in the camelCase that @grpc/proto-loader
// gives with keepCase:false and enums as strings. Structurally identical to src/agent/runtime/types.ts (owned by
// the CRI engineer) but stricter: every field we always fill is required. `_Compatible` below makes the compiler
// prove each one is assignable to the runtime's type. int64 fields are plain numbers.
import type * as R from '../runtime/types.js';

export interface KeyValue { key: string; value: string }

export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  selinuxRelabel: boolean;
  propagation: MountPropagation;
}

export interface HugepageLimit { pageSize: string; limit: number }

export interface LinuxContainerResources {
  cpuPeriod: number;
  cpuQuota: number;
  cpuShares: number;
  memoryLimitInBytes: number;
  oomScoreAdj: number;
  cpusetCpus: string;
  cpusetMems: string;
  hugepageLimits?: HugepageLimit[];
}

export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

export interface NamespaceOption { network: NamespaceMode; pid: NamespaceMode; ipc: NamespaceMode; targetId?: string }

export interface Int64Value { value: number }

export interface Capability { addCapabilities: string[]; dropCapabilities: string[] }

export type SecurityProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';

export interface SecurityProfile { profileType: SecurityProfileType; localhostRef?: string }

export interface SELinuxOption { user: string; role: string; type: string; level: string }

export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged: boolean;
  namespaceOptions: NamespaceOption;
  selinuxOptions?: SELinuxOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  runAsUsername?: string;
  readonlyRootfs: boolean;
  supplementalGroups: number[];
  noNewPrivs: boolean;
  maskedPaths: string[];
  readonlyPaths: string[];
  seccomp?: SecurityProfile;
}

export interface LinuxSandboxSecurityContext {
  namespaceOptions: NamespaceOption;
  selinuxOptions?: SELinuxOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  readonlyRootfs: boolean;
  supplementalGroups: number[];
  privileged: boolean;
  seccomp?: SecurityProfile;
}

type Assignable<A extends B, B> = A;
/** Compile-time proof that what this folder produces can be passed to the Runtime as is. */
export type _Compatible = [
  Assignable<KeyValue, R.KeyValue>,
  Assignable<Mount, R.Mount>,
  Assignable<LinuxContainerResources, R.LinuxContainerResources>,
  Assignable<LinuxContainerSecurityContext, R.LinuxContainerSecurityContext>,
  Assignable<LinuxSandboxSecurityContext, R.LinuxSandboxSecurityContext>,
];
