// CRI runtime.v1 messages, in the shape @grpc/proto-loader gives them with
// { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true }:
// - field names are camelCase (`log_directory` → `logDirectory`);
// - int64/uint64 are JS numbers (nanosecond timestamps lose sub-microsecond precision; fine for us);
// - enums are their names ('CONTAINER_RUNNING');
// - in *decoded* messages every scalar, repeated and map field is present (defaults '' / 0 / false / [] / {}),
//   and an absent nested message is `null`.
// Messages the agent *sends* (configs, requests, filters) have optional fields: proto3 fills the defaults.
// Messages the agent *receives* have required fields, nested messages typed `T | null`.
// Only what Skiff uses is declared; see src/agent/cri/api.proto for the field numbers.

export type Labels = Record<string, string>;

// ---- enums ----

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
export type SecurityProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';

// ---- shared pieces ----

export interface Int64Value { value: number }
export interface UInt64Value { value: number }
/** An environment variable. The 1.26-era shape: `value` is a string (cri-api ≥ 1.33 made it bytes). */
export interface KeyValue { key: string; value: string }

export interface ImageSpec {
  /** A reference (`docker.io/library/busybox:1.36`), a digest reference or an image id (`sha256:…`). */
  image: string;
  annotations?: Labels;
}

export interface DNSConfig { servers?: string[]; searches?: string[]; options?: string[] }

export interface PortMapping {
  protocol?: Protocol;
  containerPort?: number;
  hostPort?: number;
  hostIp?: string;
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  selinuxRelabel?: boolean;
  propagation?: MountPropagation;
}

export interface Device { containerPath: string; hostPath: string; permissions?: string }

export interface NamespaceOption {
  network?: NamespaceMode;
  /** The CRI default is POD; set CONTAINER on the sandbox and on each container, as the kubelet does. */
  pid?: NamespaceMode;
  ipc?: NamespaceMode;
  targetId?: string;
}

export interface SELinuxOption { user?: string; role?: string; type?: string; level?: string }
export interface SecurityProfile { profileType?: SecurityProfileType; localhostRef?: string }

export interface Capability {
  addCapabilities?: string[];
  dropCapabilities?: string[];
  addAmbientCapabilities?: string[];
}

export interface HugepageLimit { pageSize: string; limit: number }

/** Linux cgroup settings. 0 / '' means "not specified". */
export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  hugepageLimits?: HugepageLimit[];
  unified?: Labels;
  memorySwapLimitInBytes?: number;
}

// ---- pod sandboxes ----

export interface PodSandboxMetadata { name: string; uid: string; namespace: string; attempt: number }

export interface LinuxSandboxSecurityContext {
  namespaceOptions?: NamespaceOption | null;
  selinuxOptions?: SELinuxOption | null;
  runAsUser?: Int64Value | null;
  runAsGroup?: Int64Value | null;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  privileged?: boolean;
  seccomp?: SecurityProfile | null;
  apparmor?: SecurityProfile | null;
}

export interface LinuxPodSandboxConfig {
  cgroupParent?: string;
  securityContext?: LinuxSandboxSecurityContext | null;
  sysctls?: Labels;
  overhead?: LinuxContainerResources | null;
  resources?: LinuxContainerResources | null;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  /** Must be empty when the network namespace is NODE (hostNetwork). */
  hostname?: string;
  logDirectory?: string;
  dnsConfig?: DNSConfig | null;
  portMappings?: PortMapping[];
  labels?: Labels;
  annotations?: Labels;
  linux?: LinuxPodSandboxConfig | null;
}

/** An entry of ListPodSandbox. */
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  createdAt: number;
  labels: Labels;
  annotations: Labels;
  runtimeHandler: string;
}

export interface PodIP { ip: string }
export interface PodSandboxNetworkStatus { ip: string; additionalIps: PodIP[] }
export interface LinuxPodSandboxStatus { namespaces: { options: NamespaceOption | null } | null }

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  createdAt: number;
  /** `network.ip` is '' for hostNetwork sandboxes. */
  network: PodSandboxNetworkStatus | null;
  linux: LinuxPodSandboxStatus | null;
  labels: Labels;
  annotations: Labels;
  runtimeHandler: string;
}

export interface PodSandboxStatusResponse {
  status: PodSandboxStatus;
  /** Only filled when `verbose` was asked for; values are JSON. */
  info: Labels;
}

export interface PodSandboxFilter {
  id?: string;
  state?: { state: PodSandboxState } | null;
  labelSelector?: Labels;
}

// ---- containers ----

export interface ContainerMetadata { name: string; attempt: number }

export interface LinuxContainerSecurityContext {
  capabilities?: Capability | null;
  privileged?: boolean;
  namespaceOptions?: NamespaceOption | null;
  selinuxOptions?: SELinuxOption | null;
  runAsUser?: Int64Value | null;
  runAsGroup?: Int64Value | null;
  runAsUsername?: string;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  noNewPrivs?: boolean;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  seccomp?: SecurityProfile | null;
  apparmor?: SecurityProfile | null;
}

export interface LinuxContainerConfig {
  resources?: LinuxContainerResources | null;
  securityContext?: LinuxContainerSecurityContext | null;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** Entrypoint (overrides the image's). */
  command?: string[];
  /** Arguments (override the image's Cmd). */
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  devices?: Device[];
  labels?: Labels;
  annotations?: Labels;
  /** Relative to PodSandboxConfig.logDirectory, e.g. `web/0.log`. */
  logPath?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: LinuxContainerConfig | null;
}

/** An entry of ListContainers. */
export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  imageRef: string;
  state: ContainerState;
  /** Nanoseconds since the epoch. */
  createdAt: number;
  labels: Labels;
  annotations: Labels;
}

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata | null;
  state: ContainerState;
  /** Nanoseconds since the epoch; startedAt/finishedAt are 0 until they happen. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: ImageSpec | null;
  imageRef: string;
  /** containerd: 'Completed' (exit 0), 'Error', 'OOMKilled'. */
  reason: string;
  message: string;
  labels: Labels;
  annotations: Labels;
  mounts: Mount[];
  /** Absolute path of the CRI log file. */
  logPath: string;
  resources: { linux: LinuxContainerResources | null } | null;
}

export interface ContainerStatusResponse {
  status: ContainerStatus;
  /** Only filled when `verbose` was asked for; values are JSON (containerd: `info` with pid, runtimeSpec…). */
  info: Labels;
}

export interface ContainerFilter {
  id?: string;
  state?: { state: ContainerState } | null;
  podSandboxId?: string;
  labelSelector?: Labels;
}

// ---- exec, attach, port-forward ----

export interface ExecSyncResult { stdout: Buffer; stderr: Buffer; exitCode: number }

export interface ExecRequest {
  containerId: string;
  cmd: string[];
  tty?: boolean;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface AttachRequest {
  containerId: string;
  stdin?: boolean;
  tty?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface PortForwardRequest { podSandboxId: string; port?: number[] }

/** A single-use URL on the runtime's streaming server. */
export interface StreamingUrl { url: string }

// ---- stats ----

export interface FilesystemUsage {
  /** Nanoseconds since the epoch. */
  timestamp: number;
  fsId: { mountpoint: string } | null;
  usedBytes: UInt64Value | null;
  inodesUsed: UInt64Value | null;
}

export interface CpuUsage {
  timestamp: number;
  /** Cumulative CPU time in nanoseconds. */
  usageCoreNanoSeconds: UInt64Value | null;
  /** Average usage over the runtime's sample window (nano-cores); containerd reports 0 on its first sample. */
  usageNanoCores: UInt64Value | null;
}

export interface MemoryUsage {
  timestamp: number;
  workingSetBytes: UInt64Value | null;
  availableBytes: UInt64Value | null;
  usageBytes: UInt64Value | null;
  rssBytes: UInt64Value | null;
  pageFaults: UInt64Value | null;
  majorPageFaults: UInt64Value | null;
}

export interface ContainerAttributes {
  id: string;
  metadata: ContainerMetadata | null;
  labels: Labels;
  annotations: Labels;
}

export interface ContainerStats {
  attributes: ContainerAttributes | null;
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  writableLayer: FilesystemUsage | null;
}

export interface ContainerStatsFilter { id?: string; podSandboxId?: string; labelSelector?: Labels }

export interface NetworkInterfaceUsage {
  name: string;
  rxBytes: UInt64Value | null;
  rxErrors: UInt64Value | null;
  txBytes: UInt64Value | null;
  txErrors: UInt64Value | null;
}

export interface NetworkUsage {
  timestamp: number;
  defaultInterface: NetworkInterfaceUsage | null;
  interfaces: NetworkInterfaceUsage[];
}

export interface PodSandboxStats {
  attributes: { id: string; metadata: PodSandboxMetadata | null; labels: Labels; annotations: Labels } | null;
  linux: {
    cpu: CpuUsage | null;
    memory: MemoryUsage | null;
    network: NetworkUsage | null;
    process: { timestamp: number; processCount: UInt64Value | null } | null;
    containers: ContainerStats[];
  } | null;
}

export interface PodSandboxStatsFilter { id?: string; labelSelector?: Labels }

// ---- images ----

export interface Image {
  /** `sha256:…` of the image config. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  uid: Int64Value | null;
  username: string;
  spec: ImageSpec | null;
  pinned: boolean;
}

export interface ImageFilter { image?: ImageSpec | null }

export interface ImageStatusResponse {
  /** null when the image is not present. */
  image: Image | null;
  info: Labels;
}

export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64 of `user:password`, as in a docker config. */
  auth?: string;
  serverAddress?: string;
  identityToken?: string;
  registryToken?: string;
}

// ---- version and status ----

export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface RuntimeCondition { type: string; status: boolean; reason: string; message: string }

export interface StatusResponse {
  /** Conditions 'RuntimeReady' and 'NetworkReady' (the latter false until a CNI config exists). */
  status: { conditions: RuntimeCondition[] } | null;
  info: Labels;
}
