// CriRuntime: the Runtime interface over CRI runtime.v1 gRPC (a unix socket; containerd in practice), with
// @grpc/grpc-js and the pinned ./api.proto loaded at run time by @grpc/proto-loader. Every call has a deadline;
// connectCri waits, with a bounded retry, until the runtime answers Version.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { isNotFound, RuntimeError, type RuntimeErrorCode } from '../runtime/errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type {
  AttachRequest, AuthConfig, Container, ContainerConfig, ContainerFilter, ContainerStats, ContainerStatsFilter,
  ContainerStatusResponse, ExecRequest, ExecSyncResult, FilesystemUsage, Image, ImageFilter, ImageSpec,
  ImageStatusResponse, Labels, LinuxContainerResources, PodSandbox, PodSandboxConfig, PodSandboxFilter,
  PodSandboxStats, PodSandboxStatsFilter, PodSandboxStatusResponse, PortForwardRequest, StatusResponse, StreamingUrl,
  VersionResponse,
} from '../runtime/types.js';
import { criTarget } from './endpoint.js';

export interface CriOptions {
  /** Deadline of each CRI call in ms (the kubelet's --runtime-request-timeout). @default 120000 */
  timeoutMs?: number;
  /** How long connectCri waits for the runtime to answer Version, in ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Deadline of PullImage in ms; 0 = none, as the kubelet. @default 0 */
  pullTimeoutMs?: number;
}

type CompiledCriOptions = Required<CriOptions>;

function compileCriOptions(o: CriOptions = {}): CompiledCriOptions {
  return { timeoutMs: o.timeoutMs ?? 120_000, connectTimeoutMs: o.connectTimeoutMs ?? 10_000, pullTimeoutMs: o.pullTimeoutMs ?? 0 };
}

/** The proto, beside the compiled module (scripts/copy-assets.js copies src/**\/*.proto into dist/). */
const PROTO_PATH = fileURLToPath(new URL('./api.proto', import.meta.url));
const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };
const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': 16 * 1024 * 1024, // the kubelet's limit: ListContainers on a busy node
  'grpc.initial_reconnect_backoff_ms': 50, // a local socket: reconnect fast after the runtime restarts
  'grpc.max_reconnect_backoff_ms': 1000,
};

interface Services { runtime: grpc.ServiceClientConstructor; image: grpc.ServiceClientConstructor }
let services: Promise<Services> | undefined;

function loadServices(): Promise<Services> {
  services ??= protoLoader.load(PROTO_PATH, LOADER_OPTIONS).then((def) => {
    const v1 = (grpc.loadPackageDefinition(def)['runtime'] as grpc.GrpcObject)['v1'] as grpc.GrpcObject;
    return { runtime: v1['RuntimeService'] as grpc.ServiceClientConstructor, image: v1['ImageService'] as grpc.ServiceClientConstructor };
  }).catch((err: unknown) => {
    services = undefined;
    throw new Error(`Cannot load the CRI protocol definition ${PROTO_PATH}: ${(err as Error).message}`);
  });
  return services;
}

/**
 * Connects to the CRI endpoint (`unix:///path.sock` or `/path.sock`) and resolves once the runtime answers
 * Version (retrying for `connectTimeoutMs`: containerd answers ~120 ms after spawn).
 * Rejects with RuntimeError UNAVAILABLE if it never does, UNIMPLEMENTED if the socket does not serve runtime.v1.
 */
export async function connectCri(endpoint: string, opts?: CriOptions): Promise<CriRuntime> {
  const compiled = compileCriOptions(opts);
  const rt = new CriRuntime(endpoint, await loadServices(), compiled);
  try {
    await rt.waitReady(compiled.connectTimeoutMs);
  } catch (err) {
    await rt.close();
    throw err;
  }
  return rt;
}

type UnaryCallback = (err: grpc.ServiceError | null, res?: unknown) => void;
type UnaryMethod = (req: object, opts: grpc.CallOptions, cb: UnaryCallback) => grpc.ClientUnaryCall;

export class CriRuntime implements Runtime {
  private readonly runtimeClient: grpc.Client;
  private readonly imageClient: grpc.Client;
  private closed = false;

  /** @internal use connectCri */
  constructor(readonly endpoint: string, svc: Services, private readonly opts: CompiledCriOptions) {
    const target = criTarget(endpoint);
    this.runtimeClient = new svc.runtime(target, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    // Same target and options: grpc-js shares one subchannel (one socket) between the two clients.
    this.imageClient = new svc.image(target, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  }

  /** @internal Retries Version until it answers or `timeoutMs` passes. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      try {
        await this.unary<VersionResponse>(this.runtimeClient, 'Version', { version: 'v1' }, Math.max(50, Math.min(2000, deadline - Date.now())));
        return;
      } catch (err) {
        last = err;
        const code = err instanceof RuntimeError ? err.code : 'UNKNOWN';
        if (code === 'UNIMPLEMENTED') {
          throw new RuntimeError(code, `the endpoint ${this.endpoint} does not serve CRI runtime.v1 (is containerd's cri plugin disabled?)`, 'Version');
        }
        if (code !== 'UNAVAILABLE' && code !== 'DEADLINE_EXCEEDED') throw err;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
    }
    const detail = (last instanceof RuntimeError ? last.details : String(last)).replace(/\s*Resolution note:\s*$/, '');
    throw new RuntimeError('UNAVAILABLE', `Cannot connect to the container runtime at ${this.endpoint} within ${timeoutMs} ms: ${detail}`, 'Version');
  }

  // ---------------- runtime ----------------

  version(): Promise<VersionResponse> {
    return this.rt('Version', { version: 'v1' });
  }

  status(verbose = false): Promise<StatusResponse> {
    return this.rt('Status', { verbose });
  }

  // ---------------- sandboxes ----------------

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    return (await this.rt<{ podSandboxId: string }>('RunPodSandbox', { config, runtimeHandler })).podSandboxId;
  }

  stopPodSandbox(podSandboxId: string): Promise<void> {
    return goneIsDone(this.rt('StopPodSandbox', { podSandboxId }));
  }

  removePodSandbox(podSandboxId: string): Promise<void> {
    return goneIsDone(this.rt('RemovePodSandbox', { podSandboxId }));
  }

  async podSandboxStatus(podSandboxId: string, verbose = false): Promise<PodSandboxStatusResponse> {
    const res = await this.rt<PodSandboxStatusResponse>('PodSandboxStatus', { podSandboxId, verbose });
    return present(res, 'status', 'PodSandboxStatus');
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    return (await this.rt<{ items: PodSandbox[] }>('ListPodSandbox', { filter })).items;
  }

  // ---------------- containers ----------------

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    return (await this.rt<{ containerId: string }>('CreateContainer', { podSandboxId, config, sandboxConfig })).containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.rt('StartContainer', { containerId });
  }

  stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    // The runtime waits up to `timeout` before SIGKILL: our deadline must outlast it.
    const ms = timeoutSeconds * 1000 + this.opts.timeoutMs;
    return goneIsDone(this.unary(this.runtimeClient, 'StopContainer', { containerId, timeout: timeoutSeconds }, ms));
  }

  removeContainer(containerId: string): Promise<void> {
    return goneIsDone(this.rt('RemoveContainer', { containerId }));
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    return (await this.rt<{ containers: Container[] }>('ListContainers', { filter })).containers;
  }

  async containerStatus(containerId: string, verbose = false): Promise<ContainerStatusResponse> {
    const res = await this.rt<ContainerStatusResponse>('ContainerStatus', { containerId, verbose });
    return present(res, 'status', 'ContainerStatus');
  }

  async updateContainerResources(containerId: string, linux: LinuxContainerResources, annotations?: Labels): Promise<void> {
    await this.rt('UpdateContainerResources', { containerId, linux, annotations });
  }

  async reopenContainerLog(containerId: string): Promise<void> {
    await this.rt('ReopenContainerLog', { containerId });
  }

  // ---------------- exec, attach, port-forward ----------------

  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult> {
    const ms = timeoutSeconds > 0 ? timeoutSeconds * 1000 + this.opts.timeoutMs : 0;
    return this.unary(this.runtimeClient, 'ExecSync', { containerId, cmd, timeout: timeoutSeconds }, ms);
  }

  exec(req: ExecRequest): Promise<StreamingUrl> {
    return this.rt('Exec', req);
  }

  attach(req: AttachRequest): Promise<StreamingUrl> {
    return this.rt('Attach', req);
  }

  portForward(req: PortForwardRequest): Promise<StreamingUrl> {
    return this.rt('PortForward', req);
  }

  // ---------------- stats ----------------

  async containerStats(containerId: string): Promise<ContainerStats> {
    return present(await this.rt<{ stats: ContainerStats | null }>('ContainerStats', { containerId }), 'stats', 'ContainerStats').stats;
  }

  async listContainerStats(filter?: ContainerStatsFilter): Promise<ContainerStats[]> {
    return (await this.rt<{ stats: ContainerStats[] }>('ListContainerStats', { filter })).stats;
  }

  async podSandboxStats(podSandboxId: string): Promise<PodSandboxStats> {
    return present(await this.rt<{ stats: PodSandboxStats | null }>('PodSandboxStats', { podSandboxId }), 'stats', 'PodSandboxStats').stats;
  }

  async listPodSandboxStats(filter?: PodSandboxStatsFilter): Promise<PodSandboxStats[]> {
    return (await this.rt<{ stats: PodSandboxStats[] }>('ListPodSandboxStats', { filter })).stats;
  }

  // ---------------- images ----------------

  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    const req = { image, auth, sandboxConfig };
    return (await this.unary<{ imageRef: string }>(this.imageClient, 'PullImage', req, this.opts.pullTimeoutMs)).imageRef;
  }

  async listImages(filter?: ImageFilter): Promise<Image[]> {
    return (await this.img<{ images: Image[] }>('ListImages', { filter })).images;
  }

  imageStatus(image: ImageSpec, verbose = false): Promise<ImageStatusResponse> {
    return this.img('ImageStatus', { image, verbose });
  }

  removeImage(image: ImageSpec): Promise<void> {
    return goneIsDone(this.img('RemoveImage', { image }));
  }

  async imageFsInfo(): Promise<FilesystemUsage[]> {
    return (await this.img<{ imageFilesystems: FilesystemUsage[] }>('ImageFsInfo', {})).imageFilesystems;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.runtimeClient.close();
    this.imageClient.close();
  }

  // ---------------- internals ----------------

  private rt<T>(method: string, req: object): Promise<T> {
    return this.unary(this.runtimeClient, method, req, this.opts.timeoutMs);
  }

  private img<T>(method: string, req: object): Promise<T> {
    return this.unary(this.imageClient, method, req, this.opts.timeoutMs);
  }

  /** One unary call; `timeoutMs` 0 = no deadline. gRPC failures become RuntimeError. */
  private unary<T>(client: grpc.Client, method: string, req: object, timeoutMs: number): Promise<T> {
    if (this.closed) return Promise.reject(new RuntimeError('UNAVAILABLE', 'the CRI client is closed', method));
    const fn = (client as unknown as Record<string, UnaryMethod>)[method];
    if (!fn) return Promise.reject(new RuntimeError('UNIMPLEMENTED', `${method} is not in the pinned api.proto`, method));
    const callOpts: grpc.CallOptions = timeoutMs > 0 ? { deadline: Date.now() + timeoutMs } : {};
    return new Promise<T>((resolve, reject) => {
      fn.call(client, req, callOpts, (err, res) => {
        if (err) reject(toRuntimeError(err, method));
        else resolve(res as T);
      });
    });
  }
}

function toRuntimeError(err: grpc.ServiceError, method: string): RuntimeError {
  const code = (grpc.status[err.code] ?? 'UNKNOWN') as RuntimeErrorCode;
  return new RuntimeError(code, err.details || err.message, method);
}

/** Stop/remove of something already gone is success (runtime.md gotcha 5). */
async function goneIsDone(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** A response whose main field the runtime left empty is a runtime fault, not a null for callers to check. */
function present<T, K extends keyof T>(res: T, field: K, method: string): T & { [P in K]: NonNullable<T[P]> } {
  if (res[field] == null) throw new RuntimeError('UNKNOWN', `the runtime answered ${method} without ${String(field)}`, method);
  return res as T & { [P in K]: NonNullable<T[P]> };
}
