// Pods nominated to a node by preemption, waiting for their victims to leave (kube-scheduler nominator).
// Filters add the nominated pods of equal or higher priority to a node so their room is not given away.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Nominator as NominatorView } from '../framework/interfaces.js';
import { podInfoFor, podKey, type PodInfo } from '../framework/pod-info.js';

export class Nominator implements NominatorView {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records pod's nomination: `nodeName` or else pod.status.nominatedNodeName; a pod with neither is removed. */
  add(pod: Pod, nodeName?: string): void {
    this.delete(pod);
    const node = nodeName ?? pod.status?.nominatedNodeName;
    if (!node) return;
    const pi = podInfoFor(pod);
    this.nodeOf.set(pi.key, node);
    const list = this.byNode.get(node);
    if (list) list.push(pi);
    else this.byNode.set(node, [pi]);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node)!.filter((p) => p.key !== key);
    if (list.length) this.byNode.set(node, list);
    else this.byNode.delete(node);
  }

  /** On update keep the nomination unless the new object says otherwise. */
  update(oldPod: Pod, newPod: Pod): void {
    const node = newPod.status?.nominatedNodeName || this.nodeOf.get(podKey(oldPod));
    if (newPod.spec?.nodeName) { this.delete(oldPod); return; }
    this.add(newPod, node);
  }

  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(podKey(pod));
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? [];
  }
}
