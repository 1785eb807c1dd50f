// Runs one plugin or the whole default framework over a snapshot built from node and pod lists, for table tests.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../framework/cycle-state.js';
import { Framework } from '../framework/framework.js';
import type { PostFilterResult, FilterPlugin, Handle, Plugin, PreFilterPlugin, PreScorePlugin, Profile, ScorePlugin } from '../framework/interfaces.js';
import { PodScheduler, type ScheduleOutcome } from '../framework/schedule.js';
import { Snapshot } from '../framework/snapshot.js';
import type { Labels } from '../framework/affinity-term.js';
import { defaultProfile, type DefaultProfileOptions } from '../profile.js';
import { DefaultPreemption } from '../preemption/default-preemption.js';
import { seededRandom } from '../random.js';

export interface Cluster {
  nodes: Node[];
  pods?: Pod[];
  namespaces?: Record<string, Labels>;
}

export function snapshotOf(c: Cluster): Snapshot {
  return Snapshot.from(c.nodes, c.pods ?? [], new Map(Object.entries(c.namespaces ?? {})));
}

/** A framework with the default profile (plus DefaultPreemption) whose snapshot is `c`. */
export function frameworkFor(c: Cluster, opts: DefaultProfileOptions & { profile?: (h: Handle) => Profile } = {}): Framework {
  const fw = new Framework(opts.profile ?? ((h) => defaultProfile(h, { ...opts, postFilter: [new DefaultPreemption(h, { random: seededRandom(1), now: () => 0 })] })));
  fw.snapshot = snapshotOf(c);
  return fw;
}

/** Filter results of the default profile for `pod` on every node: node name → reason ('' when it fits). */
export function filterAll(c: Cluster, pod: Pod, profile?: (h: Handle) => Profile): Record<string, string> {
  const fw = frameworkFor(c, { profile });
  const state = new CycleState();
  const pre = fw.runPreFilter(state, pod);
  const out: Record<string, string> = {};
  for (const ni of fw.snapshot.nodeInfoList) {
    if (pre.status) { out[ni.name] = pre.status.message(); continue; }
    if (pre.nodeNames && !pre.nodeNames.has(ni.name)) { out[ni.name] = 'filtered out by PreFilterResult'; continue; }
    out[ni.name] = fw.runFilter(state, pod, ni)?.message() ?? '';
  }
  return out;
}

/** Full schedulePod with the default profile (preemption included), seeded tie-breaking. */
export function schedule(c: Cluster, pod: Pod, seed = 1): ScheduleOutcome & { plan?: PostFilterResult } {
  const fw = frameworkFor(c);
  const algo = new PodScheduler(fw, seededRandom(seed));
  const state = new CycleState();
  const out = algo.schedulePod(state, pod, fw.snapshot);
  if (!('fitError' in out)) return out;
  const pf = algo.postFilter(state, pod, out.fitError);
  if (pf.error) throw new Error(pf.error);
  return { ...out, plan: pf.plan };
}

/** Feasible nodes' final weighted scores (after normalize), by node name. */
export function scoreAll(c: Cluster, pod: Pod, profile?: (h: Handle) => Profile): Record<string, number> {
  const fw = frameworkFor(c, { profile });
  const state = new CycleState();
  const pre = fw.runPreFilter(state, pod);
  if (pre.status) throw new Error(pre.status.message());
  const nodes = fw.snapshot.nodeInfoList.filter((ni) => fw.runFilter(state, pod, ni) === undefined);
  const st = fw.runPreScore(state, pod, nodes);
  if (st) throw new Error(st.message());
  const totals = fw.runScore(state, pod, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, totals[i]!]));
}

/** A profile made of one plugin, at every extension point it implements (score weight 1). */
export function onlyPlugin(make: (h: Handle) => Plugin): (h: Handle) => Profile {
  return (h) => {
    const pl = make(h) as Plugin & Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin>;
    return {
      schedulerName: 'default-scheduler',
      preFilter: pl.preFilter ? [pl as PreFilterPlugin] : [],
      filter: pl.filter ? [pl as FilterPlugin] : [],
      postFilter: [],
      preScore: pl.preScore ? [pl as PreScorePlugin] : [],
      score: pl.score ? [{ plugin: pl as ScorePlugin, weight: 1 }] : [],
      reserve: [],
      permit: [],
    };
  };
}
