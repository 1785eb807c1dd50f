// Carrying out PodActions against the runtime, with the kubelet's events (kuberuntime_container.go startContainer
// and killContainer, kuberuntime_sandbox.go createPodSandbox): kill with preStop and grace, create the sandbox,
// pull → create → start → postStart for each container to start.
import { mkdir } from 'node:fs/promises';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../machinery/clock.js';
import type { Logger } from '../../machinery/log.js';
import { findContainerSpec, preStopHook, stopTimeoutSeconds } from '../kubelet/termination.js';
import type { ContainerToKill, WaitingReason } from '../kubelet/types.js';
import type { ObjectLookups } from '../pods/lookups.js';
import type { MountedVolume } from '../pods/volumes/mounts.js';
import type { VolumeManager } from '../pods/volumes/manager.js';
import type { Runtime } from '../runtime/runtime.js';
import type { PodSandboxConfig } from '../runtime/types.js';
import { buildContainerConfig } from './container-config.js';
import { errorText } from './durations.js';
import { runLifecycleHook } from './hooks.js';
import type { ImagePuller, PodEventSink } from './image-puller.js';

export interface ExecutorDeps {
  runtime: Runtime;
  volumes: VolumeManager;
  lookups: ObjectLookups;
  puller: ImagePuller;
  clock: Clock;
  log: Logger;
  nodeName: string;
  hostIPs: string[];
  capabilities: string[];
  serviceEnv?: (pod: Pod) => Record<string, string> | Promise<Record<string, string>>;
}

export interface StartContext {
  pod: Pod;
  sandboxId: string;
  sandboxConfig: PodSandboxConfig;
  podIPs: string[];
  volumes: ReadonlyMap<string, MountedVolume>;
  event: PodEventSink;
}

export type StartResult = { ok: true; containerId: string } | { ok: false; waiting: WaitingReason; retryAfterMs?: number };

export class PodExecutor {
  constructor(private readonly d: ExecutorDeps) {}

  /** Kills containers stage by stage (each stage in parallel): Killing event, preStop, StopContainer(grace left). */
  async killContainers(pod: Pod, kills: ContainerToKill[], podIP: string, event: PodEventSink): Promise<void> {
    const stages = [...new Set(kills.map((k) => k.stage))].sort((a, b) => a - b);
    for (const stage of stages) {
      await Promise.all(kills.filter((k) => k.stage === stage).map((k) => this.killContainer(pod, k, podIP, event)));
    }
  }

  async killContainer(pod: Pod, k: ContainerToKill, podIP: string, event: PodEventSink): Promise<void> {
    const spec = findContainerSpec(pod, k.name);
    event('Normal', 'Killing', k.message);
    const started = this.d.clock.now();
    const hook = preStopHook(spec, k.gracePeriodSeconds);
    if (hook && spec) {
      const failure = await runLifecycleHook(hook, { pod, container: spec, containerId: k.id, podIP, timeoutSeconds: k.gracePeriodSeconds }, this.d.runtime, this.d.clock);
      if (failure) event('Warning', 'FailedPreStopHook', failure);
    }
    await this.d.runtime.stopContainer(k.id, stopTimeoutSeconds(k.gracePeriodSeconds, this.d.clock.now() - started));
  }

  /** RunPodSandbox after creating the log directory; failures become a FailedCreatePodSandBox event. */
  async runSandbox(config: PodSandboxConfig, event: PodEventSink): Promise<string | undefined> {
    try {
      if (config.logDirectory) await mkdir(config.logDirectory, { recursive: true, mode: 0o755 });
      return await this.d.runtime.runPodSandbox(config);
    } catch (e) {
      event('Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${errorText(e)}`);
      return undefined;
    }
  }

  /** Pull → create → start → postStart for one container instance. */
  async startContainer(ctx: StartContext, spec: Container, attempt: number): Promise<StartResult> {
    const { pod, event } = ctx;
    const image = await this.d.puller.ensureImage(pod, spec, ctx.sandboxConfig, event);
    if (!image.ok) {
      if (image.waiting.reason === 'ErrImagePull' || image.waiting.reason === 'ImagePullBackOff') event('Warning', 'Failed', `Error: ${image.waiting.reason}`);
      return { ok: false, waiting: image.waiting, ...(image.retryAfterMs !== undefined ? { retryAfterMs: image.retryAfterMs } : {}) };
    }
    const status = (await this.d.runtime.imageStatus({ image: image.imageRef })).image;
    const imageUser = { ...(status?.uid ? { uid: status.uid.value } : {}), ...(status?.username ? { username: status.username } : {}) };
    const built = await buildContainerConfig({
      pod, container: spec, attempt, imageRef: image.imageRef, imageUser, podIPs: ctx.podIPs, hostIPs: this.d.hostIPs,
      nodeName: this.d.nodeName, volumes: ctx.volumes, capabilities: this.d.capabilities,
      ...(this.d.serviceEnv ? { serviceEnv: await this.d.serviceEnv(pod) } : {}),
    }, this.d.lookups, this.d.volumes);
    for (const e of built.events) event(e.type, e.reason, e.message);
    if (!built.ok) {
      event('Warning', 'Failed', `Error: ${built.message}`);
      return { ok: false, waiting: { reason: 'CreateContainerConfigError', message: built.message } };
    }
    let id: string;
    try {
      id = await this.d.runtime.createContainer(ctx.sandboxId, built.config, ctx.sandboxConfig);
    } catch (e) {
      const message = errorText(e);
      event('Warning', 'Failed', `Error: ${message}`);
      return { ok: false, waiting: { reason: 'CreateContainerError', message } };
    }
    event('Normal', 'Created', `Created container ${spec.name}`);
    try {
      await this.d.runtime.startContainer(id);
    } catch (e) {
      const message = errorText(e);
      event('Warning', 'Failed', `Error: ${message}`);
      return { ok: false, waiting: { reason: 'RunContainerError', message } };
    }
    event('Normal', 'Started', `Started container ${spec.name}`);
    const postStart = spec.lifecycle?.postStart;
    if (postStart) {
      const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
      const failure = await runLifecycleHook(postStart, { pod, container: spec, containerId: id, podIP: ctx.podIPs[0] ?? '', timeoutSeconds: grace }, this.d.runtime, this.d.clock);
      if (failure) {
        event('Warning', 'FailedPostStartHook', failure);
        await this.killContainer(pod, {
          id, name: spec.name, reason: 'Unknown', message: `FailedPostStartHook`, gracePeriodSeconds: grace, stage: 0,
        }, ctx.podIPs[0] ?? '', () => {});
        return { ok: false, waiting: { reason: 'PostStartHookError', message: failure } };
      }
    }
    return { ok: true, containerId: id };
  }
}
