// PodSyncer: makes this node's pods real. Watches pods bound to the node, keeps one serialised worker per pod, and
// syncs a pod on any pod update, PLEG change (relist every second), probe result change, back-off expiry and every
// resync period. One sync: volumes → observed runtime state → computePodActions → execute → status.
//
//   Informer(spec.nodeName=<node>) ─┐
//   Pleg.relist() every 1 s ────────┼─▶ PodWorkers.enqueue(uid) ─▶ syncPod(uid)
//   probe results / back-off / 10 s ┘        │
//       pod gone from the API ──▶ cleanupOrphan: kill, remove sandboxes, tear down volumes
//       deletionTimestamp ──────▶ terminate: kill with grace (preStop), final status, remove, DELETE (uid precondition)
//       otherwise ──────────────▶ volumes.setUp/refresh, computePodActions, kill/create/start, PATCH status if changed
import { readFile, readdir } from 'node:fs/promises';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/types.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { noopLogger, type Logger } from '../../machinery/log.js';
import type { Client } from '../../client/rest.js';
import { resources } from '../../client/resources.js';
import { Informer } from '../../client/informer.js';
import type { EventRecorder } from '../../client/events.js';
import { computePodActions, recordBackOff } from '../kubelet/actions.js';
import { BackOff } from '../kubelet/backoff.js';
import { sandboxesNewestFirst } from '../kubelet/podutil.js';
import { generatePodStatus } from '../kubelet/status.js';
import type { PodActions, PodRuntimeState, WaitingReason } from '../kubelet/types.js';
import { readBoundingCapabilities } from '../pods/capabilities.js';
import type { ObjectLookups } from '../pods/lookups.js';
import type { MountedVolume } from '../pods/volumes/mounts.js';
import { VolumeSetUpError, type VolumeManager } from '../pods/volumes/manager.js';
import type { Runtime } from '../runtime/runtime.js';
import { parseResolvConf, podDnsConfig, type ClusterDns, type ResolvConf } from './dns.js';
import { PodExecutor } from './executor.js';
import { ImagePuller, type PodEventSink } from './image-puller.js';
import { Pleg } from './pleg.js';
import { PodWorkers } from './pod-workers.js';
import { PodProbes } from './probes.js';
import { RuntimeStateReader } from './runtime-state.js';
import { buildSandboxConfig } from './sandbox-config.js';
import { StatusManager } from './status-manager.js';

export interface PodSyncerOptions {
  client: Client;
  nodeName: string;
  runtime: Runtime;
  volumes: VolumeManager;
  /** configMap/secret (and node) reads for env and pull secrets; use ClientLookups (the same one the VolumeManager has). */
  lookups: ObjectLookups;
  recorder: EventRecorder;
  /** @default systemClock */
  clock?: Clock;
  /** @default noopLogger */
  logger?: Logger;
  /** @default '/var/log/pods' */
  podLogsDir?: string;
  /** Pulled once before the first sandbox when absent (containerd would otherwise fetch it itself). */
  sandboxImage?: string;
  /** @default { clusterDNS: [], clusterDomain: 'cluster.local' } */
  dns?: ClusterDns;
  /** The node's resolver file for dnsPolicy Default and host search domains. @default '/etc/resolv.conf' */
  resolvConfPath?: string;
  /** The node's IP(s), primary first: status.hostIP(s), downward API. */
  nodeIP?: string | string[];
  /** Capabilities containers may be granted. @default the agent's bounding set (/proc/self/status) */
  capabilities?: string[];
  /** Service environment variables (KUBERNETES_SERVICE_HOST…) for a pod. @default none */
  serviceEnv?: (pod: Pod) => Record<string, string> | Promise<Record<string, string>>;
  /** An informer on this node's pods to share; by default one is created (fieldSelector spec.nodeName=<node>). */
  podInformer?: Informer<Pod>;
  /** @default 1000 */ relistPeriodMs?: number;
  /** @default 10000 */ resyncPeriodMs?: number;
  /** configMap/secret/projected volume contents are refreshed at most this often per pod. @default 20000 */
  volumeRefreshMs?: number;
  /** CrashLoopBackOff. @default 10 s doubling to 300 s */ backOff?: { initialMs?: number; maxMs?: number };
  /** Image pull back-off. @default 10 s doubling to 300 s */ imageBackOff?: { initialMs?: number; maxMs?: number };
}

interface PodVolumes { map: Map<string, MountedVolume>; refreshedAt: number }

export class PodSyncer {
  private readonly clock: Clock;
  private readonly log: Logger;
  readonly informer: Informer<Pod>;
  private readonly ownInformer: boolean;
  private readonly workers: PodWorkers;
  private readonly pleg: Pleg;
  private readonly reader: RuntimeStateReader;
  readonly backoff: BackOff;
  readonly puller: ImagePuller;
  private readonly executor: PodExecutor;
  readonly status: StatusManager;
  private readonly pods = new Map<string, Pod>();
  private readonly probes = new Map<string, PodProbes>();
  private readonly probeTimers = new Map<string, { at: number; cancel(): void }>();
  private readonly reasons = new Map<string, Record<string, WaitingReason>>();
  private readonly podVolumes = new Map<string, PodVolumes>();
  private readonly hostIPs: string[];
  private timers: { cancel(): void }[] = [];
  private sandboxImageReady = false;
  private running = false;
  private synced = false;

  constructor(private readonly o: PodSyncerOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = (o.logger ?? noopLogger).with({ component: 'pod-syncer', node: o.nodeName });
    this.ownInformer = !o.podInformer;
    this.informer = o.podInformer ?? new Informer<Pod>(o.client.resource(resources.pods), {
      fieldSelector: `spec.nodeName=${o.nodeName}`, clock: this.clock, logger: this.log,
    });
    this.workers = new PodWorkers((uid) => this.syncPod(uid), this.clock, this.log);
    this.pleg = new Pleg(o.runtime);
    this.reader = new RuntimeStateReader(o.runtime);
    this.backoff = new BackOff({ clock: this.clock, ...o.backOff });
    this.puller = new ImagePuller({
      runtime: o.runtime, clock: this.clock,
      secret: async (ns, name) => o.lookups.secret(ns, name),
      ...(o.imageBackOff?.initialMs !== undefined ? { backOffInitialMs: o.imageBackOff.initialMs } : {}),
      ...(o.imageBackOff?.maxMs !== undefined ? { backOffMaxMs: o.imageBackOff.maxMs } : {}),
    });
    this.hostIPs = o.nodeIP === undefined ? [] : Array.isArray(o.nodeIP) ? o.nodeIP : [o.nodeIP];
    this.executor = new PodExecutor({
      runtime: o.runtime, volumes: o.volumes, lookups: o.lookups, puller: this.puller, clock: this.clock, log: this.log,
      nodeName: o.nodeName, hostIPs: this.hostIPs, capabilities: o.capabilities ?? readBoundingCapabilities(),
      ...(o.serviceEnv ? { serviceEnv: o.serviceEnv } : {}),
    });
    this.status = new StatusManager(o.client, this.log);
  }

  /** Starts watching pods, the relist loop and the periodic resync. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.informer.addEventHandler({
      onAdd: (p) => this.track(p),
      onUpdate: (_, p) => this.track(p),
      onDelete: (p) => {
        const uid = p.metadata?.uid ?? '';
        this.pods.delete(uid);
        this.workers.enqueue(uid);
      },
    });
    if (this.ownInformer) this.informer.start();
    void this.informer.waitForSync().then(() => {
      if (!this.running) return;
      this.synced = true;
      for (const uid of this.pods.keys()) this.workers.enqueue(uid);
      void this.relist().then(() => this.cleanupPodDirs());
    });
    this.every(this.o.relistPeriodMs ?? 1000, () => this.relist());
    this.every(this.o.resyncPeriodMs ?? 10_000, async () => { for (const uid of this.pods.keys()) this.workers.enqueue(uid); });
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    for (const t of this.probeTimers.values()) t.cancel();
    this.probeTimers.clear();
    this.workers.stop();
    if (this.ownInformer) this.informer.stop();
  }

  /** Resolves when no pod sync is running or queued. For tests and orderly shutdown. */
  whenIdle(): Promise<void> {
    return this.workers.whenIdle();
  }

  /** True when no pod sync is running or queued. */
  isIdle(): boolean {
    return !this.workers.isBusy();
  }

  /** Asks for a sync of one pod now (e.g. after an exec changed something). */
  requestSync(uid: string): void {
    this.workers.enqueue(uid);
  }

  // ---------------- triggers ----------------

  private track(pod: Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    this.pods.set(uid, pod);
    if (this.synced) this.workers.enqueue(uid);
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const slot = { cancel: () => {} };
    const tick = () => {
      if (!this.running) return;
      void fn().catch((e: unknown) => this.log.error('Periodic task failed', { err: (e as Error).message })).finally(() => {
        if (!this.running) return;
        const t = this.clock.setTimeout(tick, ms);
        slot.cancel = () => t.cancel();
      });
    };
    const t = this.clock.setTimeout(tick, ms);
    slot.cancel = () => t.cancel();
    this.timers.push({ cancel: () => slot.cancel() });
  }

  /** PLEG: sync pods whose runtime state changed; pods unknown to the API are orphans once the informer synced. */
  private async relist(): Promise<void> {
    const { changed, present } = await this.pleg.relist();
    for (const uid of changed) this.workers.enqueue(uid);
    if (this.synced) for (const uid of present) if (!this.pods.has(uid)) this.workers.enqueue(uid);
  }

  /** Pod directories left by pods that exist neither in the API nor in the runtime (agent restart). */
  private async cleanupPodDirs(): Promise<void> {
    let uids: string[];
    try { uids = await readdir(this.o.volumes.rootDir); } catch { return; }
    for (const uid of uids) if (!this.pods.has(uid) && !this.workers.has(uid)) this.workers.enqueue(uid);
  }

  private schedule(uid: string, ms: number | undefined): void {
    if (ms !== undefined && ms >= 0) this.workers.enqueueAfter(uid, ms);
  }

  private scheduleProbes(uid: string, pod: Pod, podIP: string): void {
    const probes = this.probes.get(uid);
    const at = probes?.nextDueAt();
    const cur = this.probeTimers.get(uid);
    if (at === undefined) { cur?.cancel(); this.probeTimers.delete(uid); return; }
    if (cur && cur.at === at) return;
    cur?.cancel();
    const t = this.clock.setTimeout(() => {
      this.probeTimers.delete(uid);
      if (!this.running || !this.pods.has(uid)) return;
      const latest = this.pods.get(uid) ?? pod;
      void probes!.runDue(latest, podIP, this.eventSink(latest)).then((changed) => {
        if (changed) this.workers.enqueue(uid);
        else this.scheduleProbes(uid, latest, podIP);
      }, (e: unknown) => this.log.error('Probe failed to run', { podUID: uid, err: (e as Error).message }));
    }, Math.max(0, at - this.clock.now()));
    this.probeTimers.set(uid, { at, cancel: () => t.cancel() });
  }

  // ---------------- one sync ----------------

  private eventSink(pod: Pod): PodEventSink {
    const ref = { apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata } as KObject;
    return (type, reason, message) => this.o.recorder.event(ref, type, reason, message);
  }

  private async syncPod(uid: string): Promise<void> {
    if (!this.running) return;
    const pod = this.pods.get(uid);
    if (!pod) {
      if (this.synced) await this.cleanupOrphan(uid);
      return;
    }
    const observed = await this.reader.read(uid);
    const phase = pod.status?.phase;
    if (pod.metadata?.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed') {
      await this.terminate(pod, observed.state);
      return;
    }
    const event = this.eventSink(pod);
    const volumes = await this.ensureVolumes(pod, event);
    if (!volumes) {
      await this.writeStatus(pod, observed.state, {});
      this.schedule(uid, 1000); // the kubelet's volume manager retries mounts continuously
      return;
    }
    const probes = this.probesOf(uid);
    probes.observe(pod, observed.state);
    const actions = computePodActions(pod, observed.state, { now: this.clock.now(), backoff: this.backoff, probeResults: probes.results() });
    const retry = await this.execute(pod, observed.state, actions, volumes, event);
    const after = retry.changed ? (await this.reader.read(uid)).state : observed.state;
    probes.observe(pod, after);
    await this.writeStatus(pod, after, actions.waitingReasons);
    this.scheduleProbes(uid, pod, this.podIPOf(pod, after));
    for (const id of deadContainersToRemove(after)) await this.o.runtime.removeContainer(id);
    const waits = [actions.requeueAfterMs, retry.retryAfterMs].filter((x): x is number => x !== undefined && x > 0);
    if (waits.length) this.schedule(uid, Math.min(...waits));
  }

  private probesOf(uid: string): PodProbes {
    let p = this.probes.get(uid);
    if (!p) { p = new PodProbes(this.o.runtime, this.clock); this.probes.set(uid, p); }
    return p;
  }

  private reasonsOf(uid: string): Record<string, WaitingReason> {
    let r = this.reasons.get(uid);
    if (!r) { r = {}; this.reasons.set(uid, r); }
    return r;
  }

  private async ensureVolumes(pod: Pod, event: PodEventSink): Promise<Map<string, MountedVolume> | undefined> {
    const uid = pod.metadata!.uid!;
    const now = this.clock.now();
    const cur = this.podVolumes.get(uid);
    try {
      if (!cur) {
        const map = await this.o.volumes.setUp(pod);
        this.podVolumes.set(uid, { map, refreshedAt: now });
        return map;
      }
      if (now - cur.refreshedAt >= (this.o.volumeRefreshMs ?? 20_000)) {
        cur.refreshedAt = now;
        await this.o.volumes.refresh(pod);
      }
      return cur.map;
    } catch (e) {
      const message = e instanceof VolumeSetUpError ? e.message : `MountVolume.SetUp failed: ${(e as Error).message}`;
      event('Warning', 'FailedMount', message);
      return cur?.map;
    }
  }

  /** Carries out the actions; returns whether the runtime changed and when to retry a failed start. */
  private async execute(pod: Pod, state: PodRuntimeState, a: PodActions, volumes: Map<string, MountedVolume>, event: PodEventSink): Promise<{ changed: boolean; retryAfterMs?: number }> {
    const uid = pod.metadata!.uid!;
    let changed = false;
    const podIP = this.podIPOf(pod, state);
    if (a.createSandbox && a.attempt > 0 && state.sandboxes.length > 0) event('Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    if (a.containersToKill.length) {
      await this.executor.killContainers(pod, a.containersToKill, podIP, event);
      changed = true;
    }
    if (a.killPod) {
      for (const id of a.sandboxesToStop) {
        if (state.sandboxes.find((s) => s.id === id)?.state === 'READY') { await this.o.runtime.stopPodSandbox(id); changed = true; }
      }
      if (!a.createSandbox) return { changed };
    }
    for (const [name, w] of Object.entries(a.waitingReasons)) {
      if (w.reason === 'CrashLoopBackOff') event('Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${pod.metadata?.name}_${pod.metadata?.namespace}(${uid})`);
    }
    const dns = podDnsConfig(pod, this.o.dns ?? { clusterDNS: [], clusterDomain: 'cluster.local' }, await this.hostResolvConf());
    const sandboxConfig = buildSandboxConfig(pod, {
      attempt: a.attempt, podLogsDir: this.o.podLogsDir ?? '/var/log/pods', dns: dns.config, clusterDomain: this.o.dns?.clusterDomain ?? 'cluster.local',
    });
    let sandboxId = a.sandboxId;
    if (a.createSandbox) {
      if (dns.missingClusterDNS) {
        event('Warning', 'MissingClusterDNS', 'pod: "' + `${pod.metadata?.name}_${pod.metadata?.namespace}(${uid})` + '". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.');
      }
      await this.ensureSandboxImage();
      const id = await this.executor.runSandbox(sandboxConfig, event);
      if (!id) return { changed, retryAfterMs: 2000 };
      sandboxId = id;
      changed = true;
    }
    if (!sandboxId) return { changed };
    const sb = (await this.o.runtime.podSandboxStatus(sandboxId)).status;
    const podIPs = pod.spec?.hostNetwork ? this.hostIPs.slice(0, 1) : [sb.network?.ip ?? '', ...(sb.network?.additionalIps ?? []).map((x) => x.ip)].filter(Boolean);
    const ctx = { pod, sandboxId, sandboxConfig, podIPs, volumes, event };
    const reasons = this.reasonsOf(uid);
    const retries: number[] = [];
    const startOne = async (spec: import('kubernetes-types/core/v1.js').Container, s: PodActions['containersToStart'][number]): Promise<boolean> => {
      recordBackOff(this.backoff, s);
      const r = await this.executor.startContainer(ctx, spec, s.attempt);
      changed = true;
      if (r.ok) { delete reasons[s.name]; return true; }
      reasons[s.name] = r.waiting;
      retries.push(r.retryAfterMs ?? this.backoff.get(s.backOff?.key ?? '') ?? 0);
      return false;
    };
    for (const s of a.initContainersToStart) {
      const ok = await startOne(pod.spec!.initContainers![s.index]!, s);
      if (!ok && s === a.nextInitContainerToStart) break;
    }
    for (const s of a.containersToStart) await startOne(pod.spec!.containers[s.index]!, s);
    const valid = retries.filter((x) => x > 0);
    return { changed, ...(valid.length ? { retryAfterMs: Math.min(...valid) } : retries.length ? { retryAfterMs: 2000 } : {}) };
  }

  private async writeStatus(pod: Pod, state: PodRuntimeState, extra: Record<string, WaitingReason>, podIsTerminal?: boolean): Promise<void> {
    const uid = pod.metadata!.uid!;
    const status = generatePodStatus(pod, state, {
      now: this.clock.now(), hostIPs: this.hostIPs, probeResults: this.probesOf(uid).results(),
      waitingReasons: { ...this.reasons.get(uid), ...extra },
      ...(podIsTerminal !== undefined ? { podIsTerminal } : {}),
    });
    await this.status.update(pod, status);
  }

  /** A deleted pod (or one whose phase is terminal): stop everything; a deleted one is then removed for good. */
  private async terminate(pod: Pod, state: PodRuntimeState): Promise<void> {
    const uid = pod.metadata!.uid!;
    const event = this.eventSink(pod);
    const actions = computePodActions(pod, state, { now: this.clock.now(), backoff: this.backoff, probeResults: this.probesOf(uid).results() });
    this.probeTimers.get(uid)?.cancel();
    this.probeTimers.delete(uid);
    const podIP = this.podIPOf(pod, state);
    if (actions.containersToKill.length) await this.executor.killContainers(pod, actions.containersToKill, podIP, event);
    for (const s of state.sandboxes) if (s.state === 'READY') await this.o.runtime.stopPodSandbox(s.id);
    const after = (await this.reader.read(uid)).state;
    const deleting = !!pod.metadata?.deletionTimestamp;
    if (after.containers.some((c) => c.state === 'RUNNING')) {
      await this.writeStatus(pod, after, {});
      this.schedule(uid, 1000);
      return;
    }
    await this.writeStatus(pod, after, {}, deleting ? true : undefined);
    if (!deleting) return;
    for (const s of after.sandboxes) await this.o.runtime.removePodSandbox(s.id);
    await this.o.volumes.tearDown(uid);
    await this.status.deletePod(pod);
    this.forget(uid, after);
  }

  /** Sandboxes and containers (and pod directories) of a pod the API no longer has. */
  private async cleanupOrphan(uid: string): Promise<void> {
    const { state } = await this.reader.read(uid);
    if (state.sandboxes.length || state.containers.length) this.log.info('Removing pod unknown to the API server', { podUID: uid });
    for (const c of state.containers) if (c.state === 'RUNNING' || c.state === 'CREATED' || c.state === 'UNKNOWN') await this.o.runtime.stopContainer(c.id, 2);
    for (const s of state.sandboxes) {
      await this.o.runtime.stopPodSandbox(s.id);
      await this.o.runtime.removePodSandbox(s.id);
    }
    try { await this.o.volumes.tearDown(uid); } catch (e) { this.log.error('Tearing down volumes failed', { podUID: uid, err: (e as Error).message }); }
    this.forget(uid, state);
  }

  private forget(uid: string, state: PodRuntimeState): void {
    this.probes.delete(uid);
    this.reasons.delete(uid);
    this.podVolumes.delete(uid);
    this.status.forget(uid);
    this.reader.forget(state.containers.map((c) => c.id));
    this.workers.forget(uid);
  }

  /** Where probes and hooks reach the pod: the sandbox IP, or the node's for hostNetwork pods. */
  private podIPOf(pod: Pod, state: PodRuntimeState): string {
    return pod.spec?.hostNetwork ? this.hostIPs[0] ?? '127.0.0.1' : sandboxIP(state);
  }

  private async hostResolvConf(): Promise<ResolvConf> {
    try { return parseResolvConf(await readFile(this.o.resolvConfPath ?? '/etc/resolv.conf', 'utf8')); } catch { return { servers: [], searches: [], options: [] }; }
  }

  private async ensureSandboxImage(): Promise<void> {
    const image = this.o.sandboxImage;
    if (!image || this.sandboxImageReady) return;
    try {
      if (!(await this.o.runtime.imageStatus({ image })).image) await this.o.runtime.pullImage({ image });
      this.sandboxImageReady = true;
    } catch (e) {
      this.log.error('Pulling the sandbox image failed', { image, err: (e as Error).message });
    }
  }
}

function sandboxIP(state: PodRuntimeState): string {
  const s = sandboxesNewestFirst(state)[0];
  return s && s.state === 'READY' ? s.ip ?? '' : '';
}

/** Dead instances beyond the newest two of each container name (the kubelet's container GC keeps one dead one). */
export function deadContainersToRemove(state: PodRuntimeState): string[] {
  const byName = new Map<string, PodRuntimeState['containers']>();
  for (const c of state.containers) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const out: string[] = [];
  for (const list of byName.values()) {
    list.sort((a, b) => b.createdAt - a.createdAt);
    for (const c of list.slice(2)) if (c.state === 'EXITED') out.push(c.id);
  }
  return out;
}
