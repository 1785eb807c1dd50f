// Topology spread constraints as the plugin uses them: parsed selector (with matchLabelKeys merged), minDomains,
// node inclusion policies (nodeAffinityPolicy defaults to Honor, nodeTaintsPolicy to Ignore), and the
// cluster-level system default constraints applied to pods that declare none.
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../../framework/affinity-term.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../../../machinery/selectors/labels.js';
import type { RequiredNodeAffinity } from '../helper/node-affinity.js';
import { doNotScheduleTaint, findUntoleratedTaint } from '../helper/tolerations.js';
import type { NodeInfo } from '../../framework/node-info.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

/** The scheduler's default: 3 per host and 5 per zone, ScheduleAnyway (scoring only). */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
];

const PER_POD_LABELS = new Set(['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash']);
const OWNER_KINDS = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet']);

/**
 * The selector system default constraints spread over. kube-scheduler unions the selectors of the Services,
 * ReplicationControllers, ReplicaSets and StatefulSets that select the pod; without those listers this default
 * approximates it for pods controlled by a ReplicaSet / ReplicationController / StatefulSet by the pod's own labels
 * minus per-pod ones. Undefined means no default spreading.
 */
export function defaultSelectorFromOwner(pod: Pod): LabelSelector | undefined {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (!owner || !OWNER_KINDS.has(owner.kind)) return undefined;
  const labels = pod.metadata?.labels ?? {};
  const reqs = Object.keys(labels).filter((k) => !PER_POD_LABELS.has(k)).sort().map((k) => ({ key: k, operator: '=' as const, values: [labels[k]!] }));
  return reqs.length ? { requirements: reqs } : undefined;
}

function isEmptySelector(s: LabelSelector): boolean {
  return !s.nothing && s.requirements.length === 0;
}

export function toConstraint(c: TopologySpreadConstraint, podLabels: Labels, selector?: LabelSelector): Constraint {
  let sel: LabelSelector;
  if (selector) sel = selector;
  else {
    try { sel = labelSelectorFromObject(c.labelSelector); } catch { sel = { requirements: [], nothing: true }; }
    if (c.matchLabelKeys?.length && !sel.nothing) {
      const extra = c.matchLabelKeys.filter((k) => podLabels[k] !== undefined).map((k) => ({ key: k, operator: 'in' as const, values: [podLabels[k]!] }));
      if (extra.length) sel = { requirements: [...sel.requirements, ...extra] };
    }
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector: sel,
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
  };
}

/** The pod's constraints with whenUnsatisfiable === action, or the system defaults (ScheduleAnyway only). */
export function constraintsFor(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway', defaultSelector: (p: Pod) => LabelSelector | undefined): Constraint[] {
  const labels = (pod.metadata?.labels ?? {}) as Labels;
  const own = pod.spec?.topologySpreadConstraints;
  if (own?.length) return own.filter((c) => c.whenUnsatisfiable === action).map((c) => toConstraint(c, labels));
  const defaults = SYSTEM_DEFAULT_CONSTRAINTS.filter((c) => c.whenUnsatisfiable === action);
  if (defaults.length === 0) return [];
  const sel = defaultSelector(pod);
  if (!sel || isEmptySelector(sel)) return [];
  return defaults.map((c) => toConstraint(c, labels, sel));
}

export function nodeHasAllTopologyKeys(labels: Labels, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies: whether this node's domain counts for the constraint. */
export function nodeIncluded(c: Constraint, pod: Pod, ni: NodeInfo, req: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !req.match(ni.labels, ni.name)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(ni.taints, pod.spec?.tolerations, doNotScheduleTaint)) return false;
  return true;
}

/** countPodsMatchSelector: same namespace, not terminating, labels match; an empty selector counts nothing. */
export function countMatching(pods: readonly PodInfo[], sel: LabelSelector, ns: string): number {
  if (isEmptySelector(sel)) return 0;
  let n = 0;
  for (const p of pods) {
    if (p.pod.metadata?.deletionTimestamp || p.namespace !== ns) continue;
    if (matchesLabels(sel, p.pod.metadata?.labels)) n++;
  }
  return n;
}
