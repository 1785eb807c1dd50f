// DefaultPreemption (PostFilter): when a pod fits nowhere, find nodes where evicting lower-priority pods would
// make it fit, choose one, and return the plan — nominate the node, evict the victims, clear lower-priority
// nominations there. The scheduler commits the plan; this plugin writes nothing.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Handle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../framework/interfaces.js';
import type { NodeInfo } from '../framework/node-info.js';
import { podInfoFor, podPriority, type PodInfo } from '../framework/pod-info.js';
import { Status, errorStatus, unresolvable, unschedulable } from '../framework/status.js';
import { fitErrorMessage, newDiagnosis } from '../framework/fit-error.js';
import { filterPodsWithPDBViolation } from './pdb.js';
import { moreImportant, pickOneNodeForPreemption, type Candidate } from './candidates.js';

export const NAME = 'DefaultPreemption';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface DefaultPreemptionOptions {
  /** PodDisruptionBudgets, read at each preemption. @default none */
  pdbs?: () => readonly PodDisruptionBudget[];
  /** @default Math.random */
  random?: () => number;
  /** @default Date.now */
  now?: () => number;
  /** @default 10 */
  minCandidateNodesPercentage?: number;
  /** @default 100 */
  minCandidateNodesAbsolute?: number;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = NAME;
  private readonly pdbs: () => readonly PodDisruptionBudget[];
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly h: Handle, private readonly opts: DefaultPreemptionOptions = {}) {
    this.pdbs = opts.pdbs ?? (() => []);
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
  }

  postFilter(state: CycleState, pod: Pod, m: NodeToStatus): { result?: PostFilterResult; status?: Status } {
    const nominated = pod.status?.nominatedNodeName;
    const why = this.ineligible(pod, nominated ? m.get(nominated) : undefined);
    if (why) return { status: unschedulable(`preemption: ${why}`) };

    const statuses: NodeToStatus = new Map();
    const potential: NodeInfo[] = [];
    const notHelpful = unresolvable(NOT_HELPFUL);
    for (const ni of this.h.snapshot.nodeInfoList) {
      if (m.get(ni.name)?.code === 'UnschedulableAndUnresolvable') statuses.set(ni.name, notHelpful);
      else potential.push(ni);
    }
    const candidates = potential.length ? this.dryRun(state, pod, potential, statuses) : [];
    if (candidates.length === 0) {
      const d = newDiagnosis();
      d.nodeToStatus = statuses;
      return { result: { nominatedNodeName: '', victims: [], clearNominated: [] }, status: unschedulable(`preemption: ${fitErrorMessage(statuses.size, d)}`) };
    }
    const best = pickOneNodeForPreemption(candidates, this.now())!;
    const self = podInfoFor(pod);
    const clearNominated = this.h.nominator.nominatedPodsForNode(best.nodeName).filter((p) => p.priority < self.priority && p.key !== self.key).map((p) => p.pod);
    return { result: { nominatedNodeName: best.nodeName, victims: best.victims, clearNominated } };
  }

  /** PodEligibleToPreemptOthers: the reason it may not preempt, or undefined. */
  ineligible(pod: Pod, nominatedStatus: Status | undefined): string | undefined {
    if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nom = pod.status?.nominatedNodeName;
    if (!nom || nominatedStatus?.code === 'UnschedulableAndUnresolvable') return undefined;
    const ni = this.h.snapshot.get(nom);
    const prio = podPriority(pod);
    if (ni?.pods.some((p) => p.priority < prio && p.pod.metadata?.deletionTimestamp)) {
      return 'not eligible due to a terminating pod on the nominated node.';
    }
    return undefined;
  }

  private dryRun(state: CycleState, pod: Pod, potential: NodeInfo[], statuses: NodeToStatus): Candidate[] {
    const n = potential.length;
    const pct = this.opts.minCandidateNodesPercentage ?? 10;
    const abs = this.opts.minCandidateNodesAbsolute ?? 100;
    const want = Math.min(n, Math.max(Math.trunc((n * pct) / 100), abs));
    const offset = Math.floor(this.random() * n);
    const pdbs = this.pdbs();
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < n; i++) {
      const ni = potential[(offset + i) % n]!;
      const r = this.selectVictimsOnNode(state.clone(), pod, ni.clone(), pdbs);
      if ('status' in r) { statuses.set(ni.name, r.status); continue; }
      const c: Candidate = { nodeName: ni.name, victims: r.victims, numPDBViolations: r.numViolating };
      (r.numViolating === 0 ? nonViolating : violating).push(c);
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
    }
    return [...nonViolating, ...violating];
  }

  /** Removes every lower-priority pod, checks the preemptor fits, then reprieves as many as possible (PDB-violating first). */
  selectVictimsOnNode(state: CycleState, pod: Pod, ni: NodeInfo, pdbs: readonly PodDisruptionBudget[]): { victims: Pod[]; numViolating: number } | { status: Status } {
    const prio = podPriority(pod);
    const now = this.now();
    const potential = ni.pods.filter((p) => p.priority < prio);
    if (potential.length === 0) return { status: unresolvable(NO_VICTIMS) };
    const remove = (p: PodInfo) => { ni.removePod(p.key); return this.h.runRemovePod(state, pod, p, ni); };
    const add = (p: PodInfo) => { ni.addPod(p); return this.h.runAddPod(state, pod, p, ni); };
    for (const p of potential) {
      const st = remove(p);
      if (st) return { status: errorStatus(st.message()) };
    }
    const fit = this.h.runFilterWithNominatedPods(state, pod, ni);
    if (fit) return { status: fit };
    potential.sort((a, b) => moreImportant(a.pod, b.pod, now));
    const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
    const victims: Pod[] = [];
    let numViolating = 0;
    const reprieve = (p: PodInfo): boolean => {
      add(p);
      if (this.h.runFilterWithNominatedPods(state, pod, ni) === undefined) return true;
      remove(p);
      victims.push(p.pod);
      return false;
    };
    for (const p of violating) if (!reprieve(p)) numViolating++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length && nonViolating.length) victims.sort((a, b) => moreImportant(a, b, now));
    if (victims.length === 0) return { status: errorStatus(`expected at least one victim pod on node "${ni.name}"`) };
    return { victims, numViolating };
  }
}

export { Status };
