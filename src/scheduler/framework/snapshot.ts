// The cluster as one scheduling cycle sees it: immutable NodeInfo clones, listed in kube-scheduler's zone
// round-robin order (nodeTree) so that sampling a fraction of the nodes spreads over zones. The cache updates it
// incrementally (only nodes whose generation changed are re-cloned), which keeps 5000 nodes cheap.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo, type ImageState } from './node-info.js';
import type { Labels } from './affinity-term.js';
import { podInfoFor } from './pod-info.js';

export class Snapshot {
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  readonly byName = new Map<string, NodeInfo>();
  /** Position of each node in nodeInfoList. */
  readonly indexOf = new Map<string, number>();
  /** Namespace name → labels, for namespaceSelector in pod affinity terms. */
  namespaceLabels = new Map<string, Labels>();
  generation = 0;

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  /** Builds a snapshot directly from node and pod lists (tests, simulations). Pods without nodeName are ignored. */
  static from(nodes: Node[], pods: Pod[] = [], namespaces?: Map<string, Labels>): Snapshot {
    const s = new Snapshot();
    const images = new Map<string, ImageState>();
    for (const n of nodes) {
      const ni = new NodeInfo(n);
      setNodeImages(ni, images);
      s.byName.set(ni.name, ni);
    }
    for (const p of pods) {
      const ni = p.spec?.nodeName ? s.byName.get(p.spec.nodeName) : undefined;
      if (ni) ni.addPod(podInfoFor(p));
    }
    s.relist(nodes.map((n) => n.metadata!.name!));
    if (namespaces) s.namespaceLabels = namespaces;
    return s;
  }

  /** Rebuilds the lists, in zone round-robin order of `names` (names in insertion order). */
  relist(names: readonly string[]): void {
    const zones = new Map<string, NodeInfo[]>();
    for (const name of names) {
      const ni = this.byName.get(name);
      if (!ni?.node) continue;
      const z = zoneKey(ni.labels);
      let list = zones.get(z);
      if (!list) zones.set(z, (list = []));
      list.push(ni);
    }
    const out: NodeInfo[] = [];
    const lists = [...zones.values()];
    for (let i = 0; out.length < names.length; i++) {
      let any = false;
      for (const l of lists) if (i < l.length) { out.push(l[i]!); any = true; }
      if (!any) break;
    }
    this.nodeInfoList = out;
    this.indexOf.clear();
    out.forEach((n, i) => this.indexOf.set(n.name, i));
    this.relistAffinity();
  }

  relistAffinity(): void {
    this.havePodsWithAffinityList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityList = this.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }
}

/** utilnode.GetZoneKey: region and zone joined, '' when the node has neither. */
export function zoneKey(labels: Labels): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/** Points ni.images at the shared image states for node.status.images, updating who holds what. */
export function setNodeImages(ni: NodeInfo, shared: Map<string, ImageState>): void {
  for (const [name, st] of ni.images) {
    st.nodes.delete(ni.name);
    if (st.nodes.size === 0) shared.delete(name);
  }
  ni.images = new Map();
  for (const img of ni.node?.status?.images ?? []) {
    for (const name of img.names ?? []) {
      let st = shared.get(name);
      if (!st) shared.set(name, (st = { size: img.sizeBytes ?? 0, nodes: new Set() }));
      st.size = img.sizeBytes ?? st.size;
      st.nodes.add(ni.name);
      ni.images.set(name, st);
    }
  }
}
