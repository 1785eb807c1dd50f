// Wires the scheduler to the cluster: informers on pods, nodes, namespaces and PDBs feed it; a Binder over the client
// commits its decisions (pods/binding, deletes of preemption victims, status patches, Events). It runs only while it
// holds the kube-system/kube-scheduler Lease, so a standby server takes over when the leader dies.
import type { Namespace, Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { Client, EventRecorder, Informer, LeaderElector, resources } from '../client/index.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Binder } from '../scheduler/binder.js';
import { ApiError } from '../machinery/errors.js';
import { rfc3339, systemClock, type Clock } from '../machinery/clock.js';
import type { Logger } from '../machinery/log.js';
import type { KObject } from '../api/types.js';

export class ClientBinder implements Binder {
  constructor(private readonly client: Client, private readonly recorder: EventRecorder, private readonly clock: Clock) {}

  async bind(pod: Pod, nodeName: string): Promise<void> {
    await this.client.resource(resources.pods).createSubresource(pod.metadata!.namespace!, pod.metadata!.name!, 'binding', {
      apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata!.name, namespace: pod.metadata!.namespace, uid: pod.metadata!.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    });
  }

  async evict(victim: Pod, preemptor: Pod, nodeName: string): Promise<void> {
    const pods = this.client.resource(resources.pods);
    const ns = victim.metadata!.namespace!;
    const now = rfc3339(this.clock.now());
    await pods.patch(ns, victim.metadata!.name!, 'strategic', {
      status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${preemptor.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`, lastTransitionTime: now }] },
    }, { subresource: 'status' }).catch(() => undefined);
    this.recorder.event(victim as unknown as KObject, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid} on node ${nodeName}`);
    try {
      await pods.delete(ns, victim.metadata!.name!, { preconditions: { uid: victim.metadata?.uid } });
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  async setNominatedNode(pod: Pod, nodeName: string): Promise<void> {
    await this.client.resource(resources.pods).patch(pod.metadata!.namespace!, pod.metadata!.name!, 'merge', { status: { nominatedNodeName: nodeName || null } }, { subresource: 'status' });
  }

  recordEvent(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event(pod as unknown as KObject, type, reason, message);
  }

  async updatePodCondition(pod: Pod, condition: PodCondition): Promise<void> {
    const cur = pod.status?.conditions?.find((c) => c.type === condition.type);
    if (cur && cur.status === condition.status && cur.reason === condition.reason && cur.message === condition.message) return;
    await this.client.resource(resources.pods).patch(pod.metadata!.namespace!, pod.metadata!.name!, 'strategic', {
      status: { conditions: [{ ...condition, lastProbeTime: null, lastTransitionTime: cur?.status === condition.status ? cur.lastTransitionTime : rfc3339(this.clock.now()) }] },
    }, { subresource: 'status' });
  }
}

export interface SchedulerRunnerOptions {
  client: Client;
  /** A separate client for the Lease (its own connections). @default client */
  leaderElectionClient?: Client;
  identity: string;
  clock?: Clock;
  logger?: Logger;
  /** @default true */
  leaderElection?: boolean;
}

/** Runs the scheduler under leader election; returns a stopper. */
export function startScheduler(o: SchedulerRunnerOptions): { stop(): Promise<void> } {
  const clock = o.clock ?? systemClock;
  const recorder = new EventRecorder({ client: o.client, component: 'default-scheduler', clock, logger: o.logger });
  let informers: Informer<never>[] = [];
  let sched: Scheduler | undefined;
  let loop: Promise<void> | undefined;

  const startLeading = async () => {
    sched = new Scheduler({ binder: new ClientBinder(o.client, recorder, clock), clock, logger: o.logger });
    const s = sched;
    const nodes = new Informer<Node>(o.client.resource(resources.nodes), { freeze: false, clock });
    nodes.addEventHandler({ onAdd: (n) => s.onNodeAdd(n), onUpdate: (a, b) => s.onNodeUpdate(a, b), onDelete: (n) => s.onNodeDelete(n) });
    const nss = new Informer<Namespace>(o.client.resource(resources.namespaces), { freeze: false, clock });
    nss.addEventHandler({ onAdd: (n) => s.onNamespaceAdd(n), onUpdate: (a, b) => s.onNamespaceUpdate(a, b), onDelete: (n) => s.onNamespaceDelete(n) });
    const pdbs = new Informer<PodDisruptionBudget>(o.client.resource(resources.podDisruptionBudgets), { freeze: false, clock });
    pdbs.addEventHandler({ onAdd: (p) => s.onPdbAdd(p), onUpdate: (a, b) => s.onPdbUpdate(a, b), onDelete: (p) => s.onPdbDelete(p) });
    const pods = new Informer<Pod>(o.client.resource(resources.pods), { freeze: false, clock });
    pods.addEventHandler({ onAdd: (p) => s.onPodAdd(p), onUpdate: (a, b) => s.onPodUpdate(a, b), onDelete: (p) => s.onPodDelete(p) });
    informers = [nodes, nss, pdbs, pods] as unknown as Informer<never>[];
    for (const i of informers) i.start();
    await Promise.all(informers.map((i) => i.waitForSync()));
    o.logger?.info('Scheduler running', { nodes: nodes.list().length });
    loop = s.run();
  };
  const stopLeading = async () => {
    sched?.stop();
    for (const i of informers) i.stop();
    informers = [];
    await loop?.catch(() => undefined);
    await sched?.idle();
    sched = undefined;
  };

  if (o.leaderElection === false) {
    void startLeading();
    return { stop: stopLeading };
  }
  let stopped = false;
  let elector: LeaderElector | undefined;
  // campaign again whenever leadership is lost, until stopped
  const campaign = (async () => {
    while (!stopped) {
      elector = new LeaderElector({
        client: o.leaderElectionClient ?? o.client, name: 'kube-scheduler', identity: o.identity, namespace: 'kube-system', clock, logger: o.logger,
        onStartedLeading: () => { void startLeading(); },
        onStoppedLeading: () => { void stopLeading(); },
      });
      await elector.run().catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await elector?.stop();
      await campaign;
      await stopLeading();
    },
  };
}
