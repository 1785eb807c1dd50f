// Composes the agent from its parts: the kubelet API server (logs, exec, attach, port-forward, stats) and the pod
// syncer (volumes, runtime, probes, status) over one shared informer on this node's pods, plus log rotation.
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { EventRecorder, Informer, resources, type Client } from '../client/index.js';
import type { Logger } from '../machinery/log.js';
import { systemClock, type Clock } from '../machinery/clock.js';
import { startAgent, type AgentOptions, type RunningAgent } from './agent.js';
import { startKubeletServer } from './server/index.js';
import { LogRotator } from './logs/index.js';
import { ImageGC } from './imagegc/manager.js';
import { RouteController } from './network/routes.js';
import { PodSyncer } from './sync/syncer.js';
import { ClientLookups } from './sync/lookups.js';
import { VolumeManager } from './pods/index.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from './kubelet/cri.js';
import type { Runtime } from './runtime/runtime.js';

export type NodeAgentOptions = Omit<AgentOptions, 'say'> & { say?: (msg: string) => void; podLogsDir?: string };

/** Finds a pod's sandbox and (running, else newest) container for the kubelet API. */
async function resolveTarget(runtime: Runtime, pods: Informer<Pod>, ns: string, name: string, container?: string) {
  const pod = pods.get(ns, name);
  const uid = pod?.metadata?.uid;
  if (!pod || !uid) return undefined;
  const sandboxes = (await runtime.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: uid } })).sort((a, b) => (a.state === b.state ? b.createdAt - a.createdAt : a.state === 'SANDBOX_READY' ? -1 : 1));
  let containerId: string | undefined;
  if (container) {
    const cs = (await runtime.listContainers({ labelSelector: { [LABEL_POD_UID]: uid, [LABEL_CONTAINER_NAME]: container } }))
      .sort((a, b) => (a.state === b.state ? b.createdAt - a.createdAt : a.state === 'CONTAINER_RUNNING' ? -1 : b.state === 'CONTAINER_RUNNING' ? 1 : b.createdAt - a.createdAt));
    containerId = cs[0]?.id;
  }
  return { podUid: uid, podIP: pod.status?.podIP ?? '', hostNetwork: !!pod.spec?.hostNetwork, containerId, sandboxId: sandboxes[0]?.id };
}

export async function startNodeAgent(o: NodeAgentOptions): Promise<RunningAgent> {
  const clock: Clock = o.clock ?? systemClock;
  const logger: Logger = o.logger;
  const podLogsDir = o.podLogsDir ?? '/var/log/pods';
  const podInformer = new Informer<Pod>(o.client.resource(resources.pods) as never, { fieldSelector: `spec.nodeName=${o.nodeName}`, clock, logger });
  let rotator: LogRotator | undefined;
  let syncer: PodSyncer | undefined;
  let nodeInformer: Informer<Node> | undefined;
  let routes: RouteController | undefined;
  return startAgent({ ...o, say: o.say ?? (() => undefined) }, {
    startServer: async ({ runtime, port }) => {
      const srv = await startKubeletServer({
        port, tls: o.tls, runtime, nodeName: o.nodeName, logsDir: podLogsDir, clock, logger: logger.with({ component: 'kubelet-api' }),
        resolve: (ns, pod, container) => resolveTarget(runtime, podInformer, ns, pod, container),
      });
      return srv;
    },
    startPods: async ({ runtime, pauseImage }) => {
      const lookups = new ClientLookups({ client: o.client, nodeName: o.nodeName, clock });
      const volumes = new VolumeManager(join(o.agentDir, 'pods'), lookups, { clock, clusterDomain: o.clusterDomain });
      const recorder = new EventRecorder({ client: o.client, component: 'kubelet', host: o.nodeName, clock });
      syncer = new PodSyncer({
        client: o.client, nodeName: o.nodeName, runtime, volumes, lookups, recorder, clock, logger: logger.with({ component: 'kubelet' }),
        podLogsDir, sandboxImage: pauseImage, dns: { clusterDNS: o.clusterDNS, clusterDomain: o.clusterDomain },
        nodeIP: o.nodeIP, podInformer,
      });
      podInformer.start();
      syncer.start();
      // host-gw pod routing: every other node's pod CIDR via its InternalIP (flannel's host-gw backend)
      nodeInformer = new Informer<Node>(o.client.resource(resources.nodes) as never, { clock, logger });
      routes = new RouteController({ nodeName: o.nodeName, nodes: nodeInformer, stateFile: join(o.agentDir, 'pod-routes.json'), clock, logger: logger.with({ component: 'routes' }) });
      nodeInformer.start();
      routes.start();
      rotator = new LogRotator({ runtime, clock, onError: (e) => logger.debug('log rotation failed', { error: String(e) }) });
      rotator.start();
      const nodeRef = { apiVersion: 'v1', kind: 'Node', metadata: { name: o.nodeName, uid: o.nodeName } };
      const imageGC = new ImageGC({
        runtime, clock, imageFsPath: join(o.agentDir, 'containerd'), pinned: [pauseImage], logger,
        event: (type, reason, message) => recorder.event(nodeRef, type, reason, message),
      });
      imageGC.start();
      return {
        async stop() {
          imageGC.stop();
          await rotator?.stop();
          syncer?.stop();
          podInformer.stop();
          routes?.stop();
          nodeInformer?.stop();
        },
      };
    },
  });
}
