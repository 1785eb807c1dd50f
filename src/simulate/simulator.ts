// `skiff simulate`: one process plays N hollow nodes (kwok-style). It registers the Nodes, renews their Leases, and
// drives the pods bound to them through their lifecycle with the decisions in pod.ts. Everything goes through the API.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { Client, Informer, resources } from '../client/index.js';
import { ApiError } from '../machinery/errors.js';
import { systemClock, rfc3339, type Clock } from '../machinery/clock.js';
import { buildLease, buildNode, HEARTBEAT_ANNOTATION, microTime, nodeName, readyConditions, SIMULATED_LABEL, type SimNodeSpec } from './node.js';
import { decidePod, type SimPodOptions } from './pod.js';
import { Limiter } from './limiter.js';

export interface SimulatorOptions {
  client: Client;
  nodes: number;
  /** @default 'sim-node-' */
  prefix?: string;
  spec: SimNodeSpec;
  /** Delay from binding to Running+Ready. @default 0 */
  readyDelayMs?: number;
  /** @default 10000 (the kubelet's lease renew interval) */
  heartbeatMs?: number;
  /** How often node status is re-posted (Ready=True, heartbeat time). @default 60000 */
  statusMs?: number;
  /** @default 64 */
  concurrency?: number;
  clock?: Clock;
  progress?: (msg: string) => void;
}

export class Simulator {
  private readonly client: Client;
  private readonly clock: Clock;
  private readonly names: string[];
  private readonly index = new Map<string, number>();
  /** Pod work (status, deletion finalisation) and registration. */
  private readonly limiter: Limiter;
  /**
   * Lease renewals and node status, on their own slots: as with N separate kubelets, a slow server delays
   * heartbeats without starving pod status updates behind a growing backlog of renewals.
   */
  private readonly heartbeatLimiter: Limiter;
  /** Nodes whose renewal is still in flight: like a kubelet's sequential lease loop, a node never queues two. */
  private readonly renewing = new Set<string>();
  private readonly firstSeen = new Map<string, number>();
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly inflight = new Set<string>();
  private podInformer?: Informer<Pod>;
  private nodeInformer?: Informer<Node>;
  private hbTimer?: { cancel(): void };
  private stopped = false;
  private podSeq = 0;
  private readonly podIPs = new Map<string, string>();

  constructor(private readonly o: SimulatorOptions) {
    this.client = o.client;
    this.clock = o.clock ?? systemClock;
    this.limiter = new Limiter(o.concurrency ?? 64);
    this.heartbeatLimiter = new Limiter(Math.max(4, Math.floor((o.concurrency ?? 64) / 2)));
    this.names = Array.from({ length: o.nodes }, (_, i) => nodeName(o.prefix ?? 'sim-node-', i));
    this.names.forEach((n, i) => this.index.set(n, i));
  }

  nodeNames(): string[] { return this.names; }

  async start(): Promise<void> {
    const say = this.o.progress ?? (() => undefined);
    const nodes = this.client.resource(resources.nodes);
    const leases = this.client.resource(resources.leases);
    let done = 0;
    const started = this.clock.now();
    await Promise.all(this.names.map((name, i) => this.limiter.run(async () => {
      const now = rfc3339(this.clock.now());
      let uid: string | undefined;
      try {
        uid = (await nodes.create('', buildNode(name, i, this.o.spec, now))).metadata?.uid;
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 409)) throw e;
        const cur = await nodes.get('', name);
        uid = cur.metadata?.uid;
        await this.postReady(name);
      }
      try {
        this.latestLease.set(name, await leases.create('kube-node-lease', buildLease(name, uid, microTime(this.clock.now()))));
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 409)) throw e;
      }
      if (++done % 500 === 0 || done === this.names.length) say(`registered ${done}/${this.names.length} nodes (${Math.round((this.clock.now() - started) / 100) / 10} s)`);
    })));
    this.nodeInformer = new Informer(nodes, { labelSelector: `${SIMULATED_LABEL}=true`, freeze: false });
    this.nodeInformer.start();
    await this.nodeInformer.waitForSync();
    this.podInformer = new Informer(this.client.resource(resources.pods), { fieldSelector: 'spec.nodeName!=', freeze: false });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (_o, p) => this.onPod(p),
      onDelete: (p) => this.forget(p as Pod),
    });
    this.podInformer.start();
    await this.podInformer.waitForSync();
    this.scheduleHeartbeats();
  }

  stop(): void {
    this.stopped = true;
    this.hbTimer?.cancel();
    for (const t of this.timers.values()) t.cancel();
    this.podInformer?.stop();
    this.nodeInformer?.stop();
  }

  private heartbeatStopped(name: string): boolean {
    return this.nodeInformer?.get('', name)?.metadata?.annotations?.[HEARTBEAT_ANNOTATION] === 'stopped';
  }

  /** Spread lease renewals evenly over the heartbeat period, as N independent kubelets would. */
  private scheduleHeartbeats(): void {
    const period = this.o.heartbeatMs ?? 10_000;
    const statusEvery = this.o.statusMs ?? 60_000;
    const n = this.names.length;
    const batch = Math.max(1, Math.ceil(n / Math.max(1, period / 100)));
    let cursor = 0;
    const lastStatus = new Map<string, number>();
    const tick = () => {
      if (this.stopped) return;
      for (let k = 0; k < batch; k++) {
        const name = this.names[cursor];
        cursor = (cursor + 1) % n;
        if (this.heartbeatStopped(name)) continue;
        if (!this.renewing.has(name)) {
          this.renewing.add(name);
          void this.heartbeatLimiter.run(() => this.renew(name)).catch(() => undefined).finally(() => this.renewing.delete(name));
        }
        const node = this.nodeInformer?.get('', name);
        const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
        const now = this.clock.now();
        if (ready?.status !== 'True' || now - (lastStatus.get(name) ?? now) >= statusEvery || !lastStatus.has(name)) {
          if (ready?.status !== 'True' || lastStatus.has(name)) void this.heartbeatLimiter.run(() => this.postReady(name)).catch(() => undefined);
          lastStatus.set(name, now);
        }
      }
      this.hbTimer = this.clock.setTimeout(tick, Math.max(10, (period * batch) / n));
    };
    tick();
  }

  /**
   * Renew a node's Lease as the kubelet's lease controller does: an UPDATE (PUT) of the last Lease it wrote with a
   * new renewTime (cheaper for the server than a patch); on a conflict or without a cached copy it GETs the Lease
   * first; a missing Lease is created.
   */
  private async renew(name: string): Promise<void> {
    const leases = this.client.resource(resources.leases);
    const renewTime = microTime(this.clock.now());
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        let cur = this.latestLease.get(name);
        if (!cur) cur = await leases.get('kube-node-lease', name);
        const next: Lease = { ...cur, spec: { ...cur.spec, holderIdentity: name, renewTime: renewTime as never } };
        this.latestLease.set(name, await leases.update('kube-node-lease', next));
        return;
      } catch (e) {
        this.latestLease.delete(name);
        if (e instanceof ApiError && e.code === 404) {
          this.latestLease.set(name, await leases.create('kube-node-lease', buildLease(name, undefined, renewTime)));
          return;
        }
        if (!(e instanceof ApiError && e.code === 409) || attempt > 0) throw e;
      }
    }
  }

  private readonly latestLease = new Map<string, Lease>();

  private async postReady(name: string): Promise<void> {
    await this.client.resource(resources.nodes).patch('', name, 'merge', { status: { conditions: readyConditions(rfc3339(this.clock.now())) } }, { subresource: 'status' });
  }

  private key(p: Pod): string { return `${p.metadata?.namespace}/${p.metadata?.name}`; }

  private forget(p: Pod): void {
    const k = this.key(p);
    this.timers.get(k)?.cancel();
    this.timers.delete(k);
    this.firstSeen.delete(k);
    this.podIPs.delete(k);
  }

  private onPod(p: Pod): void {
    if (this.stopped) return;
    const node = p.spec?.nodeName;
    if (!node || !this.index.has(node)) return;
    const k = this.key(p);
    if (!this.firstSeen.has(k)) this.firstSeen.set(k, this.clock.now());
    this.timers.get(k)?.cancel();
    this.timers.delete(k);
    void this.process(k);
  }

  private async process(k: string): Promise<void> {
    if (this.stopped || this.inflight.has(k)) return;
    const [ns, name] = k.split('/');
    const pod = this.podInformer?.get(ns, name);
    if (!pod) return;
    const node = pod.spec!.nodeName!;
    const i = this.index.get(node)!;
    if (!this.podIPs.has(k)) this.podIPs.set(k, `10.${100 + Math.floor(i / 256) % 100}.${i % 256}.${(this.podSeq++ % 250) + 2}`);
    const action = decidePod(pod, this.firstSeen.get(k) ?? this.clock.now(), this.clock.now(), {
      readyDelayMs: this.o.readyDelayMs ?? 0, hostIP: `192.0.2.${(i % 254) + 1}`, podIP: this.podIPs.get(k)!,
    });
    const pods = this.client.resource(resources.pods);
    const later = (ms: number) => {
      this.timers.get(k)?.cancel();
      this.timers.set(k, this.clock.setTimeout(() => { this.timers.delete(k); void this.process(k); }, Math.max(0, ms)));
    };
    this.inflight.add(k);
    try {
      switch (action.kind) {
        case 'none': return;
        case 'wait': later(action.untilMs - this.clock.now()); return;
        case 'status':
          await this.limiter.run(() => pods.patch(ns, name, 'merge', { status: action.status }, { subresource: 'status' }));
          if (action.thenWaitMs !== undefined) later(action.thenWaitMs);
          return;
        case 'delete':
          await this.limiter.run(() => pods.delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } }));
          return;
      }
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) later(1000);
    } finally {
      this.inflight.delete(k);
    }
  }
}
