// NodeStatusReporter: the kubelet's node status manager and lease controller. Registers the Node (create, or adopt an
// existing one of the same name), then every statusUpdateMs (10 s) reads the node, builds its status and posts it
// only when something other than heartbeat times changed or statusReportMs (5 min) passed; and renews its Lease in
// kube-node-lease every leaseRenewMs (10 s, leaseDurationSeconds 40). The node lifecycle controller takes the later
// of the Lease renewTime and Ready.lastHeartbeatTime as the node's heartbeat.
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { resources, type Client } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { noopLogger, type Logger } from '../../machinery/log.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeStatusReporterOptions {
  client: Client;
  nodeName: string;
  /**
   * The full Node to register and whose status to post. `current` is the server's copy (undefined before
   * registration): build conditions from its conditions so that lastTransitionTime is kept.
   */
  build(current: Node | undefined, now: number): Node | Promise<Node>;
  /** Called with the server's copy of the node after every read or write (podCIDR, taints, labels). */
  onNode?: (node: Node) => void;
  /** @default 10000 (--node-status-update-frequency) */
  statusUpdateMs?: number;
  /** @default 300000 (nodeStatusReportFrequency) */
  statusReportMs?: number;
  /** @default 40 */
  leaseDurationSeconds?: number;
  /** @default leaseDurationSeconds × 250 ms (a quarter of the duration: 10 s) */
  leaseRenewMs?: number;
  /** @default systemClock */
  clock?: Clock;
  logger?: Logger;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** The status without heartbeat times: two statuses that differ only in those are "unchanged". */
export function statusFingerprint(status: Node['status']): string {
  const conditions = (status?.conditions ?? []).map((c: NodeCondition) => ({ ...c, lastHeartbeatTime: undefined }));
  return JSON.stringify({ ...(status ?? {}), conditions });
}

export class NodeStatusReporter {
  private readonly clock: Clock;
  private readonly log: Logger;
  private current?: Node;
  private lease?: Lease;
  private lastPostedAt?: number;
  private lastPosted?: string;
  private readonly timers = new Map<string, { cancel(): void }>();
  private stopped = false;
  private wake?: () => void;

  constructor(private readonly o: NodeStatusReporterOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = (o.logger ?? noopLogger).with({ component: 'node-status', node: o.nodeName });
  }

  /** The server's latest copy of the node. */
  get node(): Node | undefined { return this.current; }

  /** Creates the Node, or adopts an existing one of this name (its labels get the defaults) and posts status. */
  async register(): Promise<Node> {
    const nodes = this.o.client.resource(resources.nodes);
    const now = this.clock.now();
    const desired = await this.o.build(undefined, now);
    let node: Node;
    try {
      node = await nodes.create('', desired);
      this.log.info('Registered node');
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e;
      const existing = await nodes.get('', this.o.nodeName);
      node = await nodes.patch('', this.o.nodeName, 'strategic', { metadata: { labels: desired.metadata?.labels ?? {}, annotations: desired.metadata?.annotations ?? {} } });
      this.log.info('Adopted existing node', { uid: existing.metadata?.uid });
    }
    this.seen(node);
    await this.syncStatus({ force: true });
    return this.current!;
  }

  /** One status pass: read the node, build, post if changed or the report period passed. Resolves whether it posted. */
  async syncStatus(o: { force?: boolean } = {}): Promise<boolean> {
    const nodes = this.o.client.resource(resources.nodes);
    const server = await nodes.get('', this.o.nodeName);
    this.seen(server);
    const now = this.clock.now();
    const desired = await this.o.build(server, now);
    const fp = statusFingerprint(desired.status);
    const due = this.lastPostedAt === undefined || now - this.lastPostedAt >= (this.o.statusReportMs ?? 300_000);
    if (!o.force && !due && fp === statusFingerprint(server.status) && fp === this.lastPosted) return false;
    const posted = await nodes.patch('', this.o.nodeName, 'strategic', { status: desired.status }, { subresource: 'status' });
    this.lastPosted = fp;
    this.lastPostedAt = now;
    this.seen(posted);
    this.log.debug('Posted node status');
    return true;
  }

  /** Renews (or creates) the node's Lease; the Lease is owned by the Node so it goes with it. */
  async renewLease(): Promise<Lease> {
    const leases = this.o.client.resource(resources.leases);
    const name = this.o.nodeName;
    const renewTime = microTime(this.clock.now()) as never;
    const fresh = (): Lease => ({
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: NODE_LEASE_NAMESPACE, ...(this.current?.metadata?.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: this.current.metadata.uid }] } : {}) },
      spec: { holderIdentity: name, leaseDurationSeconds: this.o.leaseDurationSeconds ?? 40, renewTime },
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (!this.lease) this.lease = await leases.get(NODE_LEASE_NAMESPACE, name);
        const next: Lease = { ...this.lease, spec: { ...this.lease.spec, holderIdentity: name, leaseDurationSeconds: this.o.leaseDurationSeconds ?? 40, renewTime } };
        this.lease = await leases.update(NODE_LEASE_NAMESPACE, next);
        return this.lease;
      } catch (e) {
        this.lease = undefined;
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 404) return (this.lease = await leases.create(NODE_LEASE_NAMESPACE, fresh()));
        if (e.code !== 409 || attempt === 1) throw e;
      }
    }
    throw new Error('unreachable');
  }

  /** Registers (retrying 100 ms doubling to 7 s, as the kubelet does), then runs the status and lease loops. */
  async start(): Promise<void> {
    this.stopped = false;
    for (let delay = 100; !this.stopped; delay = Math.min(delay * 2, 7000)) {
      try { await this.register(); break; } catch (e) {
        this.log.error('Unable to register node with API server', { err: (e as Error).message });
        await new Promise<void>((r) => { this.wake = r; this.timers.set('register', this.clock.setTimeout(r, delay)); });
      }
    }
    if (this.stopped) return;
    await this.renewLease().catch((e: Error) => this.log.error('Failed to renew lease', { err: e.message }));
    this.loop('status', this.o.statusUpdateMs ?? 10_000, () => this.syncStatus(), 'Error updating node status');
    this.loop('lease', this.o.leaseRenewMs ?? (this.o.leaseDurationSeconds ?? 40) * 250, () => this.renewLease(), 'Failed to renew lease');
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.wake?.();
  }

  /** Runs fn every `ms` after the previous run ended (a slow server never gets overlapping calls). */
  private loop(name: string, ms: number, fn: () => Promise<unknown>, errMsg: string): void {
    const tick = () => {
      if (this.stopped) return;
      fn().catch((e: Error) => this.log.error(errMsg, { err: e.message })).finally(() => {
        if (!this.stopped) this.timers.set(name, this.clock.setTimeout(tick, ms));
      });
    };
    this.timers.set(name, this.clock.setTimeout(tick, ms));
  }

  private seen(node: Node): void {
    this.current = node;
    this.o.onNode?.(node);
  }
}
