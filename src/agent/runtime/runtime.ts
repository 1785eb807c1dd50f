// The Runtime interface: what the node agent needs from a container runtime, shaped like the CRI RuntimeService +
// ImageService (runtime.v1). Implementations: CriRuntime (src/agent/cri/client.ts, gRPC to containerd) and
// FakeRuntime (./fake.ts, in memory, for tests and `skiff simulate`).
//
// Contract shared by every implementation:
// - failures are RuntimeError (./errors.ts) with the gRPC code name;
// - stopPodSandbox, removePodSandbox, stopContainer, removeContainer and removeImage are idempotent: a sandbox,
//   container or image that is already gone is success, not NOT_FOUND;
// - podSandboxStatus and containerStatus throw NOT_FOUND for an unknown id; imageStatus answers `image: null`.
import type {
  AttachRequest, AuthConfig, Container, ContainerConfig, ContainerFilter, ContainerStats, ContainerStatsFilter,
  ContainerStatusResponse, ExecRequest, ExecSyncResult, FilesystemUsage, Image, ImageFilter, ImageSpec,
  ImageStatusResponse, LinuxContainerResources, Labels, PodSandbox, PodSandboxConfig, PodSandboxFilter,
  PodSandboxStats, PodSandboxStatsFilter, PodSandboxStatusResponse, PortForwardRequest, StatusResponse, StreamingUrl,
  VersionResponse,
} from './types.js';

export interface Runtime {
  // ---- runtime ----
  version(): Promise<VersionResponse>;
  status(verbose?: boolean): Promise<StatusResponse>;

  // ---- pod sandboxes ----
  /** Creates and starts the sandbox (pause container + network); resolves to its id. */
  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  /** Stops the sandbox and kills its containers. Gone sandbox = success. */
  stopPodSandbox(podSandboxId: string): Promise<void>;
  /** Removes the sandbox and its containers (stopping them first). Gone sandbox = success. */
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string, verbose?: boolean): Promise<PodSandboxStatusResponse>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  // ---- containers ----
  /** `sandboxConfig` is the config the sandbox was created with. Resolves to the container id. */
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM (or the image's StopSignal), SIGKILL after `timeoutSeconds` (0 = kill now). Gone = success. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  /** Removes the container (killing it if it runs). Gone = success. */
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string, verbose?: boolean): Promise<ContainerStatusResponse>;
  updateContainerResources(containerId: string, linux: LinuxContainerResources, annotations?: Labels): Promise<void>;
  /** After the agent rotated the log file: the runtime opens `logPath` anew. */
  reopenContainerLog(containerId: string): Promise<void>;

  // ---- exec, attach, port-forward ----
  /** Runs `cmd` in the container and waits; `timeoutSeconds` 0 = no limit. A non-zero exit is a result, not an error. */
  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult>;
  /** A single-use URL on the runtime's streaming server (WebSocket v4 / SPDY). */
  exec(req: ExecRequest): Promise<StreamingUrl>;
  attach(req: AttachRequest): Promise<StreamingUrl>;
  portForward(req: PortForwardRequest): Promise<StreamingUrl>;

  // ---- stats ----
  containerStats(containerId: string): Promise<ContainerStats>;
  listContainerStats(filter?: ContainerStatsFilter): Promise<ContainerStats[]>;
  podSandboxStats(podSandboxId: string): Promise<PodSandboxStats>;
  listPodSandboxStats(filter?: PodSandboxStatsFilter): Promise<PodSandboxStats[]>;

  // ---- images ----
  /** Resolves to the image reference to put in status (containerd: the image id `sha256:…`). */
  pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string>;
  listImages(filter?: ImageFilter): Promise<Image[]>;
  /** `image` is null when not present. */
  imageStatus(image: ImageSpec, verbose?: boolean): Promise<ImageStatusResponse>;
  /** Gone image = success. */
  removeImage(image: ImageSpec): Promise<void>;
  imageFsInfo(): Promise<FilesystemUsage[]>;

  /** Releases connections. Calls after close() fail. */
  close(): Promise<void>;
}
