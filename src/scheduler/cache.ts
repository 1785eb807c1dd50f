// The scheduler's view of the cluster between cycles (kube-scheduler internal/cache): nodes and the pods bound or
// assumed onto them. `assumePod` makes a pod's resources count the moment the scheduler decides, before the bind
// is observed; the informer's later add/update confirms it, `forgetPod` undoes it when the bind fails.
// `updateSnapshot` copies into the per-cycle Snapshot only what changed since the last cycle.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo, type ImageState } from './framework/node-info.js';
import { podInfoFor, podKey } from './framework/pod-info.js';
import { Snapshot, setNodeImages, zoneKey } from './framework/snapshot.js';
import type { Labels } from './framework/affinity-term.js';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Names of nodes that exist, in the order they were added. */
  private nodeOrder: string[] = [];
  private readonly pods = new Map<string, PodState>();
  private readonly images = new Map<string, ImageState>();
  private readonly dirty = new Set<string>();
  private structural = true;
  readonly namespaces = new Map<string, Labels>();

  nodeCount(): number {
    return this.nodeOrder.length;
  }

  podCount(): number {
    return this.pods.size;
  }

  isAssumed(pod: Pod): boolean {
    return this.pods.get(podKey(pod))?.assumed ?? false;
  }

  /** The node a pod is bound or assumed to, per the cache. */
  nodeOf(pod: Pod): string | undefined {
    return this.pods.get(podKey(pod))?.nodeName;
  }

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo(undefined, name)));
    if (!ni.node) {
      this.nodeOrder.push(name);
      this.structural = true;
    } else if (zoneKey(ni.labels) !== zoneKey((node.metadata?.labels as Labels) ?? {})) {
      this.structural = true;
    }
    ni.setNode(node);
    setNodeImages(ni, this.images);
    this.dirty.add(name);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni?.node) return;
    ni.node = undefined;
    ni.images.forEach((st, img) => { st.nodes.delete(name); if (st.nodes.size === 0) this.images.delete(img); });
    ni.images = new Map();
    // Pods stay accounted (a "ghost" NodeInfo) until their deletes arrive, as in kube-scheduler.
    if (ni.pods.length === 0) this.nodes.delete(name);
    this.nodeOrder = this.nodeOrder.filter((n) => n !== name);
    this.structural = true;
    this.dirty.add(name);
  }

  private place(pod: Pod, nodeName: string): void {
    let ni = this.nodes.get(nodeName);
    if (!ni) this.nodes.set(nodeName, (ni = new NodeInfo(undefined, nodeName)));
    ni.addPod(podInfoFor(pod));
    this.dirty.add(nodeName);
  }

  private unplace(key: string, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) return;
    ni.removePod(key);
    if (!ni.node && ni.pods.length === 0) this.nodes.delete(nodeName);
    this.dirty.add(nodeName);
  }

  /** The scheduler decided `pod` goes to pod.spec.nodeName: count it now. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) throw new Error(`Cannot assume pod "${key}": spec.nodeName is empty`);
    if (this.pods.has(key)) throw new Error(`Cannot assume pod "${key}": it is already in the cache`);
    this.place(pod, nodeName);
    this.pods.set(key, { pod, nodeName, assumed: true });
  }

  /** The bind failed: undo assumePod. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (!st?.assumed) return;
    this.unplace(key, st.nodeName);
    this.pods.delete(key);
  }

  /** An assigned pod was observed (informer add): confirms an assumed pod or adds a new one. */
  addPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    if (isTerminal(pod)) return this.removePod(pod);
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (st) this.unplace(key, st.nodeName);
    this.place(pod, nodeName);
    this.pods.set(key, { pod, nodeName, assumed: false });
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (!st) return;
    this.unplace(key, st.nodeName);
    this.pods.delete(key);
  }

  /** Copies what changed since the last call into `s` (clone-on-change; lists rebuilt only when needed). */
  updateSnapshot(s: Snapshot): void {
    let affinityChanged = false;
    for (const name of this.dirty) {
      const ni = this.nodes.get(name);
      const prev = s.byName.get(name);
      if (!ni?.node) {
        if (prev) { s.byName.delete(name); this.structural = true; }
        continue;
      }
      if (prev && prev.generation === ni.generation) continue;
      const clone = ni.clone();
      s.byName.set(name, clone);
      const idx = s.indexOf.get(name);
      if (!prev || idx === undefined) this.structural = true;
      else s.nodeInfoList[idx] = clone;
      if ((prev?.podsWithAffinity.length ?? 0) + clone.podsWithAffinity.length > 0 ||
          (prev?.podsWithRequiredAntiAffinity.length ?? 0) + clone.podsWithRequiredAntiAffinity.length > 0) {
        affinityChanged = true;
      }
    }
    this.dirty.clear();
    if (this.structural) s.relist(this.nodeOrder);
    else if (affinityChanged) s.relistAffinity();
    this.structural = false;
    s.namespaceLabels = this.namespaces;
    s.generation++;
  }
}

/** Succeeded and Failed pods no longer hold node resources. */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
