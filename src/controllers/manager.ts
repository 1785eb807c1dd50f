// Builds the controller manager Skiff runs: shared informers, every controller, leader election on the
// kube-system/kube-controller-manager Lease. Talks to the cluster only through the client it is given.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client, EventRecorder, SharedInformerFactory, resources, type Informer } from '../client/index.js';
import { ControllerManager, type ControllerSpec } from './framework/index.js';
import type { Clock } from '../machinery/clock.js';
import type { Logger } from '../machinery/log.js';
import type { KObject } from '../api/types.js';
import { ReplicaSetController } from './replicaset/controller.js';
import { DeploymentController } from './deployment/controller.js';
import { GarbageCollector } from './gc/controller.js';
import { NamespaceController } from './namespace/controller.js';
import { ServiceAccountsController } from './serviceaccount/controller.js';
import { NodeLifecycleController } from './nodelifecycle/controller.js';
import { PodGCController } from './podgc/controller.js';
import { DisruptionController } from './disruption/controller.js';
import { ClusterRoleAggregationController, clusterRolesGVR } from './clusterroleaggregation/controller.js';
import { RootCACertPublisher } from './rootcacert/controller.js';
import { NodeIpamController } from './nodeipam/controller.js';

export interface SkiffControllersOptions {
  client: Client;
  /** A separate client for the Lease (its own connections). @default client */
  leaderElectionClient?: Client;
  clock?: Clock;
  logger?: Logger;
  /** Lease identity. @default `<hostname>_<random>` */
  identity?: string;
  /** Run without leader election (tests of a single process). @default false */
  disableLeaderElection?: boolean;
  /** Node monitor grace period (a node whose Lease is older is NotReady). @default 40000 */
  nodeMonitorGracePeriodMs?: number;
  /** The cluster CA published as kube-root-ca.crt in every namespace (omit to skip the publisher). */
  caPem?: string;
  /** Pod network: each Node gets a /nodeCidrMaskSize of it as spec.podCIDR. @default 10.42.0.0/16 */
  clusterCIDR?: string;
  /** @default 24 */
  nodeCidrMaskSize?: number;
  /** Excluded from pod CIDRs when it overlaps the cluster CIDR. */
  serviceCIDR?: string;
}

export function leaderIdentity(): string {
  return `${hostname()}_${randomBytes(6).toString('hex')}`;
}

export function buildControllerManager(o: SkiffControllersOptions): ControllerManager {
  const { client, clock } = o;
  const factory = new SharedInformerFactory({ client, clock, logger: o.logger, freeze: false });
  const recorder = new EventRecorder({ client, component: 'skiff-controller-manager', clock, logger: o.logger });
  // informers are shared between controllers that type them differently
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const f = <T extends object = any>(gvr: Parameters<typeof factory.forResource>[0]) => factory.forResource(gvr) as unknown as Informer<T>;
  const pods = f<any>(resources.pods);
  const replicaSets = f<any>(resources.replicaSets);
  const deployments = f<any>(resources.deployments);
  const statefulSets = f<any>(resources.statefulSets);
  const nodes = f<any>(resources.nodes);
  const namespaces = f<any>(resources.namespaces);
  const gcInformers = [
    pods, replicaSets, deployments, statefulSets, nodes,
    f(resources.daemonSets), f(resources.jobs), f(resources.cronJobs), f(resources.controllerRevisions), f(resources.configMaps),
    f(resources.secrets), f(resources.services), f(resources.endpoints), f(resources.endpointSlices), f(resources.serviceAccounts),
    f(resources.persistentVolumeClaims), f(resources.leases), f(resources.events), f(resources.podDisruptionBudgets),
  ] as unknown as Informer<KObject>[];
  const spec = (reconciler: ControllerSpec['reconciler'], workers = 2): ControllerSpec => ({ reconciler, workers, recorder });
  const controllers: ControllerSpec[] = [
    spec(new ReplicaSetController({ client, replicaSets, pods, clock }), 4),
    spec(new DeploymentController({ client, deployments, replicaSets, pods, clock }), 4),
    spec(new GarbageCollector({ client, informers: gcInformers }), 4),
    spec(new NamespaceController({ client, namespaces, clock })),
    spec(new ServiceAccountsController({ client, namespaces, serviceAccounts: f(resources.serviceAccounts) })),
    spec(new NodeLifecycleController({ client, nodes, leases: f(resources.leases), pods, clock, nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriodMs })),
    spec(new PodGCController({ client, pods, nodes, clock })),
    // simulated nodes run no pod network: giving each a /24 would exhaust the range after 256 of them
    spec(new NodeIpamController({ client, nodes, clusterCIDR: o.clusterCIDR, nodeMaskSize: o.nodeCidrMaskSize, serviceCIDR: o.serviceCIDR, skip: (n) => n.metadata?.labels?.['skiff.io/simulated'] === 'true' })),
    ...(o.caPem ? [spec(new RootCACertPublisher({ client, namespaces, configMaps: f(resources.configMaps), caPem: o.caPem }))] : []),
    spec(new ClusterRoleAggregationController({ client, clusterRoles: f(clusterRolesGVR) }), 1),
    spec(new DisruptionController({ client, podDisruptionBudgets: f(resources.podDisruptionBudgets), pods, replicaSets, deployments, statefulSets, clock })),
  ];
  return new ControllerManager({
    factory, controllers, clock, logger: o.logger,
    leaderElection: o.disableLeaderElection ? undefined : { client: o.leaderElectionClient ?? client, name: 'kube-controller-manager', identity: o.identity ?? leaderIdentity(), namespace: 'kube-system' },
  });
}
