// Builds the controller manager Skiff runs: shared informers, every controller, leader election on the
// kube-system/kube-controller-manager Lease. Talks to the cluster only through the client it is given.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client, EventRecorder, SharedInformerFactory, resources } from '../client/index.js';
import { ControllerManager, type ControllerSpec } from './framework/index.js';
import type { Clock } from '../machinery/clock.js';
import type { Logger } from '../machinery/log.js';
import { ReplicaSetController } from './replicaset/controller.js';
import { DeploymentController } from './deployment/controller.js';

export interface SkiffControllersOptions {
  client: Client;
  clock?: Clock;
  logger?: Logger;
  /** Lease identity. @default `<hostname>_<random>` */
  identity?: string;
  /** Run without leader election (tests of a single process). @default false */
  disableLeaderElection?: boolean;
}

export function leaderIdentity(): string {
  return `${hostname()}_${randomBytes(6).toString('hex')}`;
}

export function buildControllerManager(o: SkiffControllersOptions): ControllerManager {
  const factory = new SharedInformerFactory({ client: o.client, clock: o.clock, logger: o.logger, freeze: false });
  const recorder = new EventRecorder({ client: o.client, component: 'skiff-controller-manager', clock: o.clock, logger: o.logger });
  const pods = factory.forResource(resources.pods);
  const replicaSets = factory.forResource(resources.replicaSets);
  const deployments = factory.forResource(resources.deployments);
  const controllers: ControllerSpec[] = [
    { reconciler: new ReplicaSetController({ client: o.client, replicaSets, pods, clock: o.clock }), workers: 4, recorder },
    { reconciler: new DeploymentController({ client: o.client, deployments, replicaSets, pods, clock: o.clock }), workers: 4, recorder },
  ];
  return new ControllerManager({
    factory, controllers, clock: o.clock, logger: o.logger,
    leaderElection: o.disableLeaderElection ? undefined : { client: o.client, name: 'kube-controller-manager', identity: o.identity ?? leaderIdentity(), namespace: 'kube-system' },
  });
}
