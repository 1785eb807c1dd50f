// Node selectors (component-helpers/scheduling/corev1/nodeaffinity): nodeSelector plus required and preferred
// nodeAffinity terms. Terms are ORed; within a term, matchExpressions (labels) and matchFields (only
// metadata.name) are ANDed. An empty or invalid term matches nothing.
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../../framework/affinity-term.js';

const INT_RE = /^[+-]?\d+$/;

export function requirementMatches(r: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(v!);
    case 'NotIn':
      return !has || !values.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !INT_RE.test(values[0]!) || !INT_RE.test(v!)) return false;
      const a = BigInt(v!);
      const b = BigInt(values[0]!);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function validRequirement(r: NodeSelectorRequirement): boolean {
  const n = r.values?.length ?? 0;
  switch (r.operator) {
    case 'In': case 'NotIn': return n > 0;
    case 'Exists': case 'DoesNotExist': return n === 0;
    case 'Gt': case 'Lt': return n === 1 && INT_RE.test(r.values![0]!);
    default: return false;
  }
}

function fieldMatches(r: NodeSelectorRequirement, nodeName: string): boolean {
  if (r.key !== 'metadata.name' || (r.values?.length ?? 0) !== 1) return false;
  if (r.operator === 'In') return r.values![0] === nodeName;
  if (r.operator === 'NotIn') return r.values![0] !== nodeName;
  return false;
}

function isEmptyTerm(t: NodeSelectorTerm | undefined): boolean {
  return !t || (!(t.matchExpressions?.length) && !(t.matchFields?.length));
}

export function termMatches(t: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  if (isEmptyTerm(t)) return false;
  for (const r of t.matchExpressions ?? []) if (!validRequirement(r) || !requirementMatches(r, labels)) return false;
  for (const r of t.matchFields ?? []) if (!fieldMatches(r, nodeName)) return false;
  return true;
}

/** nodeaffinity.RequiredNodeAffinity: the pod's nodeSelector AND its required node affinity. */
export class RequiredNodeAffinity {
  private readonly selector: [string, string][] | undefined;
  private readonly terms: NodeSelectorTerm[] | undefined;

  constructor(pod: Pod) {
    const ns = pod.spec?.nodeSelector;
    this.selector = ns ? Object.entries(ns) : undefined;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = req ? req.nodeSelectorTerms ?? [] : undefined;
  }

  match(labels: Labels, nodeName: string): boolean {
    if (this.selector) for (const [k, v] of this.selector) if (labels[k] !== v) return false;
    if (this.terms === undefined) return true;
    for (const t of this.terms) if (termMatches(t, labels, nodeName)) return true;
    return false;
  }
}

/** Preferred terms with non-zero weight and a non-empty preference. */
export class PreferredSchedulingTerms {
  readonly terms: PreferredSchedulingTerm[];
  constructor(terms: readonly PreferredSchedulingTerm[]) {
    this.terms = terms.filter((t) => t.weight !== 0 && !isEmptyTerm(t.preference));
  }

  score(labels: Labels, nodeName: string): number {
    let s = 0;
    for (const t of this.terms) if (termMatches(t.preference, labels, nodeName)) s += t.weight;
    return s;
  }
}
