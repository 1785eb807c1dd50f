// FitError (kube-scheduler framework.FitError): why no node fits, formatted exactly as kube-scheduler prints it in
// the FailedScheduling event and the PodScheduled condition:
//   0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}. preemption: ...
// Reasons are counted over nodes, rendered "<count> <reason>", sorted as strings (Go sort.Strings: byte order,
// so "10 x" sorts before "2 y"), joined by ", ". A PreFilter rejection replaces the histogram by its message.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeToStatus } from './interfaces.js';

export const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available`;
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  /** Plugins that rejected at least one node (drives requeueing on cluster events). */
  unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "<count> <reason>" strings, sorted like Go's sort.Strings. */
export function reasonHistogram(statuses: NodeToStatus): string[] {
  const counts = new Map<string, number>();
  for (const st of statuses.values()) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort(byteCompare);
}

/** Not an Error subclass: it is data, rendered on demand (FitError.Error() is not cheap). */
export class FitError {
  constructor(readonly pod: Pod, readonly numAllNodes: number, readonly diagnosis: Diagnosis) {}

  message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${NO_NODE_AVAILABLE(numAllNodes)}:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const hist = reasonHistogram(d.nodeToStatus);
    if (hist.length > 0) msg += ` ${hist.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}
