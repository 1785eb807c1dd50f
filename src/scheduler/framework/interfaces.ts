// Plugin interfaces (kube-scheduler framework/interface.go), one per extension point. A plugin object implements
// any subset. Plugins read the immutable per-cycle Snapshot through their Handle and never write to the cluster.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Snapshot } from './snapshot.js';
import type { Status } from './status.js';

export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
}

/** What plugins may see of the framework: the snapshot of the cycle, and (for preemption) filter simulation. */
export interface Handle {
  readonly snapshot: Snapshot;
  readonly nominator: Nominator;
  runFilterWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
  runAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  runRemovePod(state: CycleState, pod: Pod, toRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

/** Narrows the nodes Filter runs on (e.g. NodeAffinity on metadata.name); undefined nodeNames means all. */
export class PreFilterResult {
  constructor(readonly nodeNames: Set<string> | undefined) {}
}

export interface PreFilterPlugin extends Plugin {
  /** Status Skip makes the framework skip this plugin's Filter for the cycle. */
  preFilter(state: CycleState, pod: Pod): Status | PreFilterResult | undefined;
  /** PreFilterExtensions: keep precomputed state right when preemption or nominated pods add/remove a pod. */
  addPod?(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  removePod?(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
}

/** The plan a PostFilter (preemption) proposes; the scheduler commits it. */
export interface PostFilterResult {
  /** Node the pod is nominated to; '' clears an existing nomination. */
  nominatedNodeName: string;
  /** Pods to evict so that the preemptor fits on nominatedNodeName. */
  victims: Pod[];
  /** Lower-priority pods nominated to the same node whose nomination must be cleared. */
  clearNominated: Pod[];
}

export type NodeToStatus = Map<string, Status>;

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, statuses: NodeToStatus): { result?: PostFilterResult; status?: Status };
}

export interface PreScorePlugin extends Plugin {
  /** `nodes` are the feasible nodes. Status Skip skips this plugin's Score for the cycle. */
  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | undefined;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /** 0..MAX_NODE_SCORE after normalize (raw scores may be any integer when normalize is defined). */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  normalize?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Permit without Wait: approve (undefined) or reject. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
}

/** Nominated pods (preemptors waiting for their victims to go) the filters must account for. */
export interface Nominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

export interface Profile {
  schedulerName: string;
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: { plugin: ScorePlugin; weight: number }[];
  reserve: ReservePlugin[];
  permit: PermitPlugin[];
  /** 0 or undefined: adaptive (50 - nodes/125, at least 5). */
  percentageOfNodesToScore?: number;
}
