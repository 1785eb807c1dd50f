// LimitRanger's pure rules (plugin/pkg/admission/limitranger): a LimitRange item's API defaults, the Container
// defaults merged into a pod, and the min / max / maxLimitRequestRatio checks with Kubernetes' messages.
import type { LimitRangeItem } from 'kubernetes-types/core/v1.js';
import { formatQuantity, parseQuantity, addQuantity, compareQuantity, toInt, toMilli, type Quantity } from '../../machinery/quantity.js';

export type ResourceList = Record<string, string | number>;
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

interface Resources { limits?: ResourceList; requests?: ResourceList }
interface ContainerLike { name: string; resources?: Resources }
export interface PodSpecLike { containers?: ContainerLike[]; initContainers?: ContainerLike[] }

const q = (v: string | number): Quantity => parseQuantity(String(v));
const str = (v: string | number): string => formatQuantity(q(v));

/** SetDefaults_LimitRangeItem: for Container items, default ← max, defaultRequest ← default, then ← min. */
export function defaultedItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const def: ResourceList = { ...(item.default as ResourceList | undefined) };
  const req: ResourceList = { ...(item.defaultRequest as ResourceList | undefined) };
  for (const [k, v] of Object.entries((item.max ?? {}) as ResourceList)) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
  for (const [k, v] of Object.entries((item.min ?? {}) as ResourceList)) if (!(k in req)) req[k] = v;
  return { ...structuredClone(item), default: def, defaultRequest: req } as LimitRangeItem;
}

/** The Container defaults of a set of items (later items win, as in Kubernetes). */
export function containerDefaults(items: readonly LimitRangeItem[]): { limits: ResourceList; requests: ResourceList } {
  const limits: ResourceList = {};
  const requests: ResourceList = {};
  for (const it of items) {
    if (it.type !== 'Container') continue;
    Object.assign(requests, it.defaultRequest as ResourceList | undefined);
    Object.assign(limits, it.default as ResourceList | undefined);
  }
  return { limits, requests };
}

/** Pod defaulting Kubernetes applies when decoding, before admission: requests default to limits. */
export function requestsFromLimits(spec: PodSpecLike): void {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const r = c.resources;
    if (!r?.limits) continue;
    const req = (r.requests ??= {});
    for (const [k, v] of Object.entries(r.limits)) if (!(k in req)) req[k] = v;
  }
}

/**
 * mergePodResourceRequirements: missing limits and requests are filled from the defaults; returns the
 * `kubernetes.io/limit-ranger` annotation value, or undefined when nothing was set.
 */
export function applyContainerDefaults(spec: PodSpecLike, defaults: { limits: ResourceList; requests: ResourceList }): string | undefined {
  const notes: string[] = [];
  const merge = (c: ContainerLike, kind: string) => {
    const r = (c.resources ??= {});
    const limits = (r.limits ??= {});
    const requests = (r.requests ??= {});
    const setL = Object.keys(defaults.limits).filter((k) => !(k in limits));
    const setR = Object.keys(defaults.requests).filter((k) => !(k in requests));
    for (const k of setL) limits[k] = defaults.limits[k];
    for (const k of setR) requests[k] = defaults.requests[k];
    if (setR.length) notes.push(`${setR.sort().join(', ')} request for ${kind} ${c.name}`);
    if (setL.length) notes.push(`${setL.sort().join(', ')} limit for ${kind} ${c.name}`);
    if (!Object.keys(limits).length) delete r.limits;
    if (!Object.keys(requests).length) delete r.requests;
  };
  for (const c of spec.containers ?? []) merge(c, 'container');
  for (const c of spec.initContainers ?? []) merge(c, 'init container');
  return notes.length ? `LimitRanger plugin set: ${notes.join('; ')}` : undefined;
}

const MAX_MILLI = 9223372036854775n; // math.MaxInt64 / 1000

/** requestLimitEnforcedValues: milli-units unless one would overflow int64, then whole units (rounded up). */
function values(req: Quantity | undefined, lim: Quantity | undefined, enforced: Quantity): [bigint, bigint, bigint] {
  const zero = parseQuantity('0');
  const [r, l, e] = [req ?? zero, lim ?? zero, enforced];
  if (toInt(r) <= MAX_MILLI && toInt(l) <= MAX_MILLI && toInt(e) <= MAX_MILLI) return [toMilli(r), toMilli(l), toMilli(e)];
  return [toInt(r), toInt(l), toInt(e)];
}

const get = (l: ResourceList | undefined, k: string): Quantity | undefined => (l && k in l ? q(l[k]) : undefined);

export function minConstraint(type: string, res: string, enforced: string | number, requests: ResourceList | undefined, limits: ResourceList | undefined): string | undefined {
  const req = get(requests, res);
  const lim = get(limits, res);
  const [r, l, e] = values(req, lim, q(enforced));
  if (!req) return `minimum ${res} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (r < e) return `minimum ${res} usage per ${type} is ${str(enforced)}, but request is ${str(requests![res])}`;
  if (lim && l < e) return `minimum ${res} usage per ${type} is ${str(enforced)}, but limit is ${str(limits![res])}`;
  return undefined;
}

export function maxConstraint(type: string, res: string, enforced: string | number, requests: ResourceList | undefined, limits: ResourceList | undefined): string | undefined {
  const req = get(requests, res);
  const lim = get(limits, res);
  const [r, l, e] = values(req, lim, q(enforced));
  if (!lim) return `maximum ${res} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (l > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but limit is ${str(limits![res])}`;
  if (req && r > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but request is ${str(requests![res])}`;
  return undefined;
}

/** maxRequestConstraint: for kinds without limits (PersistentVolumeClaim). */
export function maxRequestConstraint(type: string, res: string, enforced: string | number, requests: ResourceList | undefined): string | undefined {
  const req = get(requests, res);
  const [r, , e] = values(req, undefined, q(enforced));
  if (!req) return `maximum ${res} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (r > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but request is ${str(requests![res])}`;
  return undefined;
}

export function ratioConstraint(type: string, res: string, enforced: string | number, requests: ResourceList | undefined, limits: ResourceList | undefined): string | undefined {
  const req = get(requests, res);
  const lim = get(limits, res);
  const eq = q(enforced);
  const [r, l] = values(req, lim, eq);
  if (!req || r === 0n) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  if (!lim || l === 0n) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0`;
  const observed = Number(l) / Number(r);
  let ratio = observed;
  let max = Number(toInt(eq));
  if (toInt(eq) <= MAX_MILLI) { ratio = observed * 1000; max = Number(toMilli(eq)); }
  if (ratio > max) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function sumList(into: ResourceList, add: ResourceList | undefined): void {
  for (const [k, v] of Object.entries(add ?? {})) into[k] = k in into ? formatQuantity(addQuantity(q(into[k]), q(v))) : v;
}
function maxList(into: ResourceList, other: ResourceList | undefined): void {
  for (const [k, v] of Object.entries(other ?? {})) if (!(k in into) || compareQuantity(q(v), q(into[k])) > 0) into[k] = v;
}

/** The pod's effective requests or limits: the sum over containers, at least the largest init container's. */
export function podTotal(spec: PodSpecLike, which: 'requests' | 'limits'): ResourceList {
  const out: ResourceList = {};
  for (const c of spec.containers ?? []) sumList(out, c.resources?.[which]);
  for (const c of spec.initContainers ?? []) maxList(out, c.resources?.[which]);
  return out;
}

function checkItem(type: string, it: LimitRangeItem, requests: ResourceList | undefined, limits: ResourceList | undefined, errs: string[]): void {
  const push = (e: string | undefined) => { if (e) errs.push(e); };
  for (const [k, v] of Object.entries((it.min ?? {}) as ResourceList)) push(minConstraint(type, k, v, requests, limits));
  for (const [k, v] of Object.entries((it.max ?? {}) as ResourceList)) push(maxConstraint(type, k, v, requests, limits));
  for (const [k, v] of Object.entries((it.maxLimitRequestRatio ?? {}) as ResourceList)) push(ratioConstraint(type, k, v, requests, limits));
}

/** PodValidateLimitFunc: every violation of one LimitRange by the pod. */
export function validatePod(items: readonly LimitRangeItem[], spec: PodSpecLike): string[] {
  const errs: string[] = [];
  for (const it of items) {
    if (it.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) checkItem('Container', it, c.resources?.requests, c.resources?.limits, errs);
    }
    if (it.type === 'Pod') checkItem('Pod', it, podTotal(spec, 'requests'), podTotal(spec, 'limits'), errs);
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: min and max storage requests. */
export function validateClaim(items: readonly LimitRangeItem[], requests: ResourceList | undefined): string[] {
  const errs: string[] = [];
  for (const it of items) {
    if (it.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of Object.entries((it.min ?? {}) as ResourceList)) { const e = minConstraint('PersistentVolumeClaim', k, v, requests, {}); if (e) errs.push(e); }
    for (const [k, v] of Object.entries((it.max ?? {}) as ResourceList)) { const e = maxRequestConstraint('PersistentVolumeClaim', k, v, requests); if (e) errs.push(e); }
  }
  return errs;
}
