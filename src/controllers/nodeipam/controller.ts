// The node IPAM controller (kube-controller-manager's range allocator, as k3s runs it): every Node gets
// spec.podCIDR/podCIDRs from the cluster CIDR, never one another node holds; deleted nodes give theirs back;
// CIDRs already on nodes are adopted before anything is handed out. Keys are node names.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/types.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { done, forObject, requeueAfter, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { RangeAllocator, type RangeAllocatorOptions } from './actions.js';

export interface NodeIpamControllerOptions extends RangeAllocatorOptions {
  client: Client;
  nodes: Informer<Node>;
  /** Nodes this controller leaves alone (e.g. simulated nodes). @default none */
  skip?: (node: Node) => boolean;
  /** How long to wait before trying again when the range is exhausted. @default 30000 */
  exhaustedRetryMs?: number;
}

export class NodeIpamController implements Reconciler {
  readonly name = 'nodeipam';
  readonly allocator: RangeAllocator;
  private adopted = false;

  constructor(private readonly o: NodeIpamControllerOptions) {
    this.allocator = new RangeAllocator(o);
  }

  watches(): WatchSpec[] {
    return [forObject(this.o.nodes)];
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    if (!this.adopted) {
      this.adopted = true;
      for (const warning of this.allocator.adopt(this.o.nodes.list())) ctx.logger.error('Cannot track node CIDR', { warning });
    }
    const node = this.o.nodes.get(key.name);
    if (node && this.o.skip?.(node)) return done();
    const d = this.allocator.sync(key.name, node);
    if (d.type === 'none') {
      if (d.warning) ctx.logger.error('Cannot track node CIDR', { node: key.name, warning: d.warning });
      return done();
    }
    if (d.type === 'exhausted') {
      ctx.logger.info('No CIDR left for node', { node: key.name, clusterCIDR: `${this.allocator.set.maxCIDRs} subnets` });
      ctx.recorder?.event(nodeRef(node!), 'Normal', 'CIDRNotAvailable', `Node ${key.name} status is now: CIDRNotAvailable`);
      return requeueAfter(this.o.exhaustedRetryMs ?? 30_000);
    }
    try {
      await this.o.client.resource(resources.nodes).patch('', key.name, 'strategic',
        { metadata: { uid: node!.metadata?.uid }, spec: { podCIDR: d.cidrs[0], podCIDRs: d.cidrs } });
      ctx.logger.info('Set node PodCIDR', { node: key.name, cidr: d.cidrs.join(',') });
    } catch (e) {
      // gone, replaced (uid), or it already has a CIDR (422: podCIDRs are immutable once set): the cache catches up
      if (e instanceof ApiError && [404, 409, 422].includes(e.code)) {
        this.allocator.abandon(key.name);
        return done();
      }
      if (ctx.retries >= 2) ctx.recorder?.event(nodeRef(node!), 'Normal', 'CIDRAssignmentFailed', `Node ${key.name} status is now: CIDRAssignmentFailed`);
      throw e; // kept pending: the same CIDR is written on the retry
    }
    return done();
  }
}

function nodeRef(node: Node): KObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata?.name, uid: node.metadata?.name } } as KObject; // the kubelet and controllers use the node name as the event's uid
}
