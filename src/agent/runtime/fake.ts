// FakeRuntime: an in-memory Runtime with containerd's state machine (sandbox READY → NOTREADY; container
// CREATED → RUNNING → EXITED), an injected clock, and hooks for tests: make a container exit or be OOM-killed,
// script exec results, fail pulls or any call, read the recorded calls. Backs pod-lifecycle unit tests and
// `skiff simulate` (hollow nodes whose containers run until stopped).
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { RuntimeError } from './errors.js';
import {
  containerName, fsUsage, fullMount, fullResources, sandboxName, sandboxNetworkMode, statsShape, type FakeUsage,
} from './fake-shapes.js';
import { imageRepository, normalizeImageRef } from './image-ref.js';
import type { Runtime } from './runtime.js';
import type {
  AttachRequest, AuthConfig, Container, ContainerConfig, ContainerFilter, ContainerState, ContainerStats,
  ContainerStatsFilter, ContainerStatus, ContainerStatusResponse, ExecRequest, ExecSyncResult, FilesystemUsage, Image,
  ImageFilter, ImageSpec, ImageStatusResponse, Labels, LinuxContainerResources, PodSandbox, PodSandboxConfig,
  PodSandboxFilter, PodSandboxState, PodSandboxStats, PodSandboxStatsFilter, PodSandboxStatusResponse,
  PortForwardRequest, StatusResponse, StreamingUrl, VersionResponse,
} from './types.js';

export interface FakeRuntimeOptions {
  /** @default systemClock */
  clock?: Clock;
  /** Image references present from the start. @default [] */
  images?: string[];
  /** Exit code of a container stopped by stopContainer (reason 'Completed' if 0, else 'Error'). @default 0 */
  stopExitCode?: number;
  /** Time every pull takes, on the clock. @default 0 */
  pullDelayMs?: number;
  /** Pull succeeds for any reference not failed by failPull (true), or only for images added (false). @default true */
  pullAny?: boolean;
  /** Size of pulled images in bytes. @default 1048576 */
  imageSize?: number;
}

export interface FakeCall { method: keyof Runtime; args: unknown[] }

interface SandboxRec {
  id: string; name: string; config: PodSandboxConfig; state: PodSandboxState; createdAt: number; ip: string;
  runtimeHandler: string;
}
interface ContainerRec {
  id: string; name: string; podSandboxId: string; config: ContainerConfig; state: ContainerState;
  createdAt: number; startedAt: number; finishedAt: number; exitCode: number; reason: string; message: string;
  imageRef: string; logPath: string; resources: LinuxContainerResources; usage: FakeUsage;
}
interface ImageRec { id: string; repoTags: string[]; repoDigests: string[]; size: number }

const NS_PER_MS = 1_000_000;

export class FakeRuntime implements Runtime {
  /** Every Runtime call in order, with its arguments (as passed, not copied). */
  readonly calls: FakeCall[] = [];
  /** Result of execSync; the default answers exit 0 with empty output. */
  onExecSync: (containerId: string, cmd: string[], timeoutSeconds: number) => ExecSyncResult | Promise<ExecSyncResult> =
    () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 });

  private readonly clock: Clock;
  private readonly sandboxes = new Map<string, SandboxRec>();
  private readonly containers = new Map<string, ContainerRec>();
  private readonly images = new Map<string, ImageRec>();
  private readonly names = new Map<string, string>(); // reserved sandbox/container name → id
  private readonly pullFailures = new Map<string, { details: string; times: number }>();
  private readonly injected = new Map<string, { err: RuntimeError; times: number }[]>();
  private seq = 0;
  private ipSeq = 1;
  private networkReady = true;
  private closed = false;

  constructor(private readonly opts: FakeRuntimeOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    for (const ref of opts.images ?? []) this.addImage(ref);
  }

  // ---------------- test hooks ----------------

  /** Makes a running container exit now, as if its process ended (reason 'OOMKilled' for an OOM kill). */
  exitContainer(containerId: string, exitCode: number, reason?: string, message = ''): void {
    const c = this.containers.get(containerId);
    if (!c || c.state !== 'CONTAINER_RUNNING') throw new Error(`fake: container ${containerId} is not running`);
    this.finish(c, exitCode, reason, message);
  }

  /** Adds an image as if imported; returns its id. */
  addImage(ref: string, opts: { size?: number; id?: string } = {}): string {
    const norm = normalizeImageRef(ref);
    const existing = this.findImage(norm);
    if (existing) return existing.id;
    const id = opts.id ?? `sha256:${sha256(`image/${norm}`)}`;
    const digestRef = norm.includes('@') ? norm : `${imageRepository(norm)}@sha256:${sha256(`manifest/${norm}`)}`;
    this.images.set(id, {
      id, repoTags: norm.includes('@') ? [] : [norm], repoDigests: [digestRef], size: opts.size ?? this.opts.imageSize ?? 1 << 20,
    });
    return id;
  }

  /** Makes the next `times` pulls of `ref` fail with UNKNOWN (as containerd reports registry errors). */
  failPull(ref: string, details = 'failed to resolve reference: not found', times = Number.POSITIVE_INFINITY): void {
    this.pullFailures.set(normalizeImageRef(ref), { details, times });
  }

  /** Makes the next `times` calls of `method` throw `err` (after being recorded). */
  injectError(method: keyof Runtime, err: RuntimeError, times = 1): void {
    const list = this.injected.get(method) ?? [];
    list.push({ err, times });
    this.injected.set(method, list);
  }

  /** Sets the usage a container's stats report. */
  setUsage(containerId: string, usage: FakeUsage): void {
    const c = this.mustContainer(containerId, 'setUsage');
    c.usage = { ...c.usage, ...usage };
  }

  setNetworkReady(ready: boolean): void {
    this.networkReady = ready;
  }

  /** The config a container was created with (a copy), for assertions on translated pods. */
  containerConfig(containerId: string): ContainerConfig | undefined {
    const c = this.containers.get(containerId);
    return c && structuredClone(c.config);
  }

  /** The config a sandbox was created with (a copy). */
  sandboxConfig(podSandboxId: string): PodSandboxConfig | undefined {
    const s = this.sandboxes.get(podSandboxId);
    return s && structuredClone(s.config);
  }

  /** Names of the recorded calls, in order: handy for asserting a sequence. */
  callNames(): string[] {
    return this.calls.map((c) => c.method);
  }

  // ---------------- runtime ----------------

  async version(): Promise<VersionResponse> {
    this.record('version', []);
    return { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '0.1.0', runtimeApiVersion: 'v1' };
  }

  async status(verbose = false): Promise<StatusResponse> {
    this.record('status', [verbose]);
    const networkCondition = this.networkReady
      ? { type: 'NetworkReady', status: true, reason: '', message: '' }
      : { type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni plugin not initialized' };
    return { status: { conditions: [{ type: 'RuntimeReady', status: true, reason: '', message: '' }, networkCondition] }, info: {} };
  }

  // ---------------- sandboxes ----------------

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    this.record('runPodSandbox', [config, runtimeHandler]);
    const hostNetwork = sandboxNetworkMode(config) === 'NODE';
    if (hostNetwork && config.hostname) {
      throw new RuntimeError('INVALID_ARGUMENT', 'fake: hostname must be empty for a sandbox in the NODE network namespace', 'RunPodSandbox');
    }
    const id = this.newId('sandbox');
    const name = sandboxName(config);
    this.reserve(name, id, 'sandbox', 'RunPodSandbox');
    this.sandboxes.set(id, {
      id, name, config: structuredClone(config), state: 'SANDBOX_READY', createdAt: this.nowNs(),
      ip: hostNetwork ? '' : this.nextIp(), runtimeHandler,
    });
    return id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    this.record('stopPodSandbox', [podSandboxId]);
    const s = this.sandboxes.get(podSandboxId);
    if (!s) return;
    for (const c of this.containersOf(s.id)) if (c.state === 'CONTAINER_RUNNING') this.finish(c, 137, 'Error', '');
    s.state = 'SANDBOX_NOTREADY';
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    this.record('removePodSandbox', [podSandboxId]);
    const s = this.sandboxes.get(podSandboxId);
    if (!s) return;
    for (const c of this.containersOf(s.id)) this.dropContainer(c);
    this.names.delete(s.name);
    this.sandboxes.delete(s.id);
  }

  async podSandboxStatus(podSandboxId: string, verbose = false): Promise<PodSandboxStatusResponse> {
    this.record('podSandboxStatus', [podSandboxId, verbose]);
    const s = this.mustSandbox(podSandboxId, 'PodSandboxStatus');
    const nsOptions = s.config.linux?.securityContext?.namespaceOptions;
    return structuredClone({
      status: {
        id: s.id, metadata: s.config.metadata, state: s.state, createdAt: s.createdAt,
        network: { ip: s.ip, additionalIps: [] },
        linux: { namespaces: { options: { network: nsOptions?.network ?? 'POD', pid: nsOptions?.pid ?? 'POD', ipc: nsOptions?.ipc ?? 'POD', targetId: nsOptions?.targetId ?? '' } } },
        labels: { ...s.config.labels }, annotations: { ...s.config.annotations }, runtimeHandler: s.runtimeHandler,
      },
      info: verbose ? { info: JSON.stringify({ pid: 0, config: s.config }) } : {} as Labels,
    });
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    this.record('listPodSandbox', [filter]);
    return [...this.sandboxes.values()]
      .filter((s) => (!filter?.id || s.id.startsWith(filter.id))
        && (!filter?.state || s.state === filter.state.state)
        && matchLabels(s.config.labels, filter?.labelSelector))
      .map((s) => structuredClone({
        id: s.id, metadata: s.config.metadata, state: s.state, createdAt: s.createdAt,
        labels: { ...s.config.labels }, annotations: { ...s.config.annotations }, runtimeHandler: s.runtimeHandler,
      }));
  }

  // ---------------- containers ----------------

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    this.record('createContainer', [podSandboxId, config, sandboxConfig]);
    const s = this.sandboxes.get(podSandboxId);
    if (!s) throw new RuntimeError('NOT_FOUND', `failed to find sandbox id "${podSandboxId}": not found`, 'CreateContainer');
    if (s.state !== 'SANDBOX_READY') throw new RuntimeError('UNKNOWN', `sandbox container "${podSandboxId}" is not running`, 'CreateContainer');
    const image = this.findImage(config.image.image);
    if (!image) throw new RuntimeError('NOT_FOUND', `failed to resolve image "${config.image.image}": not found`, 'CreateContainer');
    const id = this.newId('container');
    const name = containerName(config.metadata.name, config.metadata.attempt, s.config);
    this.reserve(name, id, 'container', 'CreateContainer');
    const logDir = s.config.logDirectory ?? '';
    this.containers.set(id, {
      id, name, podSandboxId, config: structuredClone(config), state: 'CONTAINER_CREATED', createdAt: this.nowNs(),
      startedAt: 0, finishedAt: 0, exitCode: 0, reason: '', message: '', imageRef: image.id,
      logPath: logDir && config.logPath ? `${logDir.replace(/\/$/, '')}/${config.logPath}` : '',
      resources: fullResources(config.linux?.resources ?? {}), usage: {},
    });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    this.record('startContainer', [containerId]);
    const c = this.mustContainer(containerId, 'StartContainer');
    if (c.state !== 'CONTAINER_CREATED') throw new RuntimeError('UNKNOWN', `container is in ${c.state} state`, 'StartContainer');
    const s = this.sandboxes.get(c.podSandboxId);
    if (s?.state !== 'SANDBOX_READY') throw new RuntimeError('UNKNOWN', `sandbox container "${c.podSandboxId}" is not running`, 'StartContainer');
    c.state = 'CONTAINER_RUNNING';
    c.startedAt = this.nowNs();
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    this.record('stopContainer', [containerId, timeoutSeconds]);
    const c = this.containers.get(containerId);
    if (c?.state === 'CONTAINER_RUNNING') this.finish(c, this.opts.stopExitCode ?? 0, undefined, '');
  }

  async removeContainer(containerId: string): Promise<void> {
    this.record('removeContainer', [containerId]);
    const c = this.containers.get(containerId);
    if (c) this.dropContainer(c);
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    this.record('listContainers', [filter]);
    return [...this.containers.values()]
      .filter((c) => (!filter?.id || c.id.startsWith(filter.id))
        && (!filter?.podSandboxId || c.podSandboxId.startsWith(filter.podSandboxId))
        && (!filter?.state || c.state === filter.state.state)
        && matchLabels(c.config.labels, filter?.labelSelector))
      .map((c) => structuredClone({
        id: c.id, podSandboxId: c.podSandboxId, metadata: c.config.metadata, image: imageSpec(c.config.image),
        imageRef: c.imageRef, state: c.state, createdAt: c.createdAt,
        labels: { ...c.config.labels }, annotations: { ...c.config.annotations },
      }));
  }

  async containerStatus(containerId: string, verbose = false): Promise<ContainerStatusResponse> {
    this.record('containerStatus', [containerId, verbose]);
    const c = this.mustContainer(containerId, 'ContainerStatus');
    const status: ContainerStatus = {
      id: c.id, metadata: c.config.metadata, state: c.state, createdAt: c.createdAt, startedAt: c.startedAt,
      finishedAt: c.finishedAt, exitCode: c.exitCode, image: imageSpec(c.config.image), imageRef: c.imageRef,
      reason: c.reason, message: c.message, labels: { ...c.config.labels }, annotations: { ...c.config.annotations },
      mounts: (c.config.mounts ?? []).map(fullMount), logPath: c.logPath, resources: { linux: c.resources },
    };
    return structuredClone({ status, info: verbose ? { info: JSON.stringify({ sandboxID: c.podSandboxId, pid: 0 }) } : {} as Labels });
  }

  async updateContainerResources(containerId: string, linux: LinuxContainerResources, annotations?: Labels): Promise<void> {
    this.record('updateContainerResources', [containerId, linux, annotations]);
    const c = this.mustContainer(containerId, 'UpdateContainerResources');
    c.resources = fullResources(linux);
  }

  async reopenContainerLog(containerId: string): Promise<void> {
    this.record('reopenContainerLog', [containerId]);
    const c = this.mustContainer(containerId, 'ReopenContainerLog');
    if (c.state !== 'CONTAINER_RUNNING') throw new RuntimeError('UNKNOWN', 'container is not running', 'ReopenContainerLog');
  }

  // ---------------- exec, attach, port-forward ----------------

  async execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult> {
    this.record('execSync', [containerId, cmd, timeoutSeconds]);
    this.mustRunning(containerId, 'ExecSync');
    return this.onExecSync(containerId, cmd, timeoutSeconds);
  }

  async exec(req: ExecRequest): Promise<StreamingUrl> {
    this.record('exec', [req]);
    this.mustRunning(req.containerId, 'Exec');
    return { url: `http://fake-runtime.invalid/exec/${this.newId('token').slice(0, 8)}` };
  }

  async attach(req: AttachRequest): Promise<StreamingUrl> {
    this.record('attach', [req]);
    this.mustRunning(req.containerId, 'Attach');
    return { url: `http://fake-runtime.invalid/attach/${this.newId('token').slice(0, 8)}` };
  }

  async portForward(req: PortForwardRequest): Promise<StreamingUrl> {
    this.record('portForward', [req]);
    const s = this.mustSandbox(req.podSandboxId, 'PortForward');
    if (s.state !== 'SANDBOX_READY') throw new RuntimeError('FAILED_PRECONDITION', `sandbox container "${s.id}" is not running`, 'PortForward');
    return { url: `http://fake-runtime.invalid/portforward/${this.newId('token').slice(0, 8)}` };
  }

  // ---------------- stats ----------------

  async containerStats(containerId: string): Promise<ContainerStats> {
    this.record('containerStats', [containerId]);
    return this.statsOf(this.mustContainer(containerId, 'ContainerStats'));
  }

  async listContainerStats(filter?: ContainerStatsFilter): Promise<ContainerStats[]> {
    this.record('listContainerStats', [filter]);
    return [...this.containers.values()]
      .filter((c) => c.state === 'CONTAINER_RUNNING'
        && (!filter?.id || c.id.startsWith(filter.id))
        && (!filter?.podSandboxId || c.podSandboxId.startsWith(filter.podSandboxId))
        && matchLabels(c.config.labels, filter?.labelSelector))
      .map((c) => this.statsOf(c));
  }

  async podSandboxStats(podSandboxId: string): Promise<PodSandboxStats> {
    this.record('podSandboxStats', [podSandboxId]);
    return this.sandboxStatsOf(this.mustSandbox(podSandboxId, 'PodSandboxStats'));
  }

  async listPodSandboxStats(filter?: PodSandboxStatsFilter): Promise<PodSandboxStats[]> {
    this.record('listPodSandboxStats', [filter]);
    return [...this.sandboxes.values()]
      .filter((s) => s.state === 'SANDBOX_READY' && (!filter?.id || s.id.startsWith(filter.id))
        && matchLabels(s.config.labels, filter?.labelSelector))
      .map((s) => this.sandboxStatsOf(s));
  }

  // ---------------- images ----------------

  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    this.record('pullImage', [image, auth, sandboxConfig]);
    const ref = normalizeImageRef(image.image);
    const failure = this.pullFailures.get(ref);
    if (failure && failure.times > 0) {
      failure.times--;
      throw new RuntimeError('UNKNOWN', `failed to pull and unpack image "${ref}": ${failure.details}`, 'PullImage');
    }
    const delay = this.opts.pullDelayMs ?? 0;
    if (delay > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, delay));
    const existing = this.findImage(ref);
    if (existing) return existing.id;
    if (this.opts.pullAny === false) {
      throw new RuntimeError('NOT_FOUND', `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`, 'PullImage');
    }
    return this.addImage(ref);
  }

  async listImages(filter?: ImageFilter): Promise<Image[]> {
    this.record('listImages', [filter]);
    const want = filter?.image?.image;
    const list = want ? [this.findImage(want)].filter((i): i is ImageRec => !!i) : [...this.images.values()];
    return list.map(imageShape);
  }

  async imageStatus(image: ImageSpec, verbose = false): Promise<ImageStatusResponse> {
    this.record('imageStatus', [image, verbose]);
    const found = this.findImage(image.image);
    return { image: found ? imageShape(found) : null, info: {} };
  }

  async removeImage(image: ImageSpec): Promise<void> {
    this.record('removeImage', [image]);
    const found = this.findImage(image.image);
    if (found) this.images.delete(found.id);
  }

  async imageFsInfo(): Promise<FilesystemUsage[]> {
    this.record('imageFsInfo', []);
    const used = [...this.images.values()].reduce((n, i) => n + i.size, 0);
    return [fsUsage(this.nowNs(), '/var/lib/skiff/fake/images', used, this.images.size)];
  }

  async close(): Promise<void> {
    this.record('close', []);
    this.closed = true;
  }

  // ---------------- internals ----------------

  private record(method: keyof Runtime, args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.closed && method !== 'close') throw new RuntimeError('UNAVAILABLE', 'fake runtime is closed', method);
    const list = this.injected.get(method);
    const next = list?.[0];
    if (!next) return;
    if (--next.times <= 0) list.shift();
    throw next.err;
  }

  private nowNs(): number {
    return this.clock.now() * NS_PER_MS;
  }

  private newId(kind: string): string {
    return sha256(`${kind}/${++this.seq}`);
  }

  private nextIp(): string {
    const n = ++this.ipSeq;
    return `10.88.${(n >> 8) & 255}.${n & 255}`;
  }

  private reserve(name: string, id: string, kind: string, method: string): void {
    const holder = this.names.get(name);
    if (holder) throw new RuntimeError('UNKNOWN', `failed to reserve ${kind} name "${name}": name "${name}" is reserved for "${holder}"`, method);
    this.names.set(name, id);
  }

  private containersOf(podSandboxId: string): ContainerRec[] {
    return [...this.containers.values()].filter((c) => c.podSandboxId === podSandboxId);
  }

  private finish(c: ContainerRec, exitCode: number, reason: string | undefined, message: string): void {
    c.state = 'CONTAINER_EXITED';
    c.exitCode = exitCode;
    c.finishedAt = this.nowNs();
    c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    c.message = message;
  }

  private dropContainer(c: ContainerRec): void {
    if (c.state === 'CONTAINER_RUNNING') this.finish(c, 137, 'Error', '');
    this.names.delete(c.name);
    this.containers.delete(c.id);
  }

  private mustSandbox(id: string, method: string): SandboxRec {
    const s = this.sandboxes.get(id);
    if (!s) throw new RuntimeError('NOT_FOUND', `an error occurred when try to find sandbox "${id}": not found`, method);
    return s;
  }

  private mustContainer(id: string, method: string): ContainerRec {
    const c = this.containers.get(id);
    if (!c) throw new RuntimeError('NOT_FOUND', `an error occurred when try to find container "${id}": not found`, method);
    return c;
  }

  private mustRunning(id: string, method: string): ContainerRec {
    const c = this.mustContainer(id, method);
    if (c.state !== 'CONTAINER_RUNNING') throw new RuntimeError('UNKNOWN', `container is in ${c.state} state`, method);
    return c;
  }

  private findImage(ref: string): ImageRec | undefined {
    if (this.images.has(ref)) return this.images.get(ref);
    const norm = normalizeImageRef(ref);
    for (const i of this.images.values()) if (i.repoTags.includes(norm) || i.repoDigests.includes(norm)) return i;
    return undefined;
  }

  private statsOf(c: ContainerRec): ContainerStats {
    const attributes = {
      id: c.id, metadata: { ...c.config.metadata }, labels: { ...c.config.labels }, annotations: { ...c.config.annotations },
    };
    return statsShape(attributes, c.usage, this.nowNs(), c.resources.memoryLimitInBytes ?? 0);
  }

  private sandboxStatsOf(s: SandboxRec): PodSandboxStats {
    const containers = this.containersOf(s.id).filter((c) => c.state === 'CONTAINER_RUNNING').map((c) => this.statsOf(c));
    const sum = (f: (c: ContainerStats) => number | undefined) => containers.reduce((n, c) => n + (f(c) ?? 0), 0);
    const now = this.nowNs();
    const total = statsShape(null, {
      cpuCoreNanoSeconds: sum((c) => c.cpu?.usageCoreNanoSeconds?.value),
      cpuNanoCores: sum((c) => c.cpu?.usageNanoCores?.value),
      memoryWorkingSetBytes: sum((c) => c.memory?.workingSetBytes?.value),
    }, now, 0);
    return {
      attributes: { id: s.id, metadata: { ...s.config.metadata }, labels: { ...s.config.labels }, annotations: { ...s.config.annotations } },
      linux: {
        cpu: total.cpu, memory: total.memory, network: null,
        process: { timestamp: now, processCount: { value: containers.length } }, containers,
      },
    };
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function matchLabels(labels: Labels | undefined, selector: Labels | undefined): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function imageSpec(spec: ImageSpec): ImageSpec {
  return { image: spec.image, annotations: { ...spec.annotations } };
}

function imageShape(i: ImageRec): Image {
  return {
    id: i.id, repoTags: [...i.repoTags], repoDigests: [...i.repoDigests], size: i.size, uid: null, username: '',
    spec: null, pinned: false,
  };
}
