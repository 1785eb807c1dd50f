// One PolicyRule against one request, exactly as kube-apiserver's RBAC RuleAllows.
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';

/** The authorizer.Attributes RBAC looks at. A request without `resource` is a non-resource request on `path`. */
export interface Attributes {
  verb: string;
  /** '' is the core group. */
  apiGroup: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** Non-resource URL, e.g. /healthz or /apis. */
  path?: string;
}

export const isResourceRequest = (a: Attributes): boolean => !!a.resource;

const ALL = '*';

export const verbMatches = (r: PolicyRule, verb: string): boolean => r.verbs.some((v) => v === ALL || v === verb);

export const apiGroupMatches = (r: PolicyRule, group: string): boolean => (r.apiGroups ?? []).some((g) => g === ALL || g === group);

/** `*`, an exact `resource` or `resource/subresource`, or `*\/subresource` when a subresource is asked for. */
export function resourceMatches(r: PolicyRule, combined: string, subresource: string): boolean {
  for (const res of r.resources ?? []) {
    if (res === ALL || res === combined) return true;
    if (subresource && res.length === subresource.length + 2 && res.startsWith('*/') && res.endsWith(subresource)) return true;
  }
  return false;
}

export const resourceNameMatches = (r: PolicyRule, name: string): boolean =>
  !r.resourceNames?.length || r.resourceNames.includes(name);

/** `*`, an exact path, or a prefix rule ending in `*`. */
export function nonResourceURLMatches(r: PolicyRule, path: string): boolean {
  for (const u of r.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(a: Attributes, r: PolicyRule): boolean {
  if (isResourceRequest(a)) {
    const sub = a.subresource ?? '';
    const combined = sub ? `${a.resource}/${sub}` : a.resource!;
    return verbMatches(r, a.verb) && apiGroupMatches(r, a.apiGroup) && resourceMatches(r, combined, sub) && resourceNameMatches(r, a.name ?? '');
  }
  return verbMatches(r, a.verb) && nonResourceURLMatches(r, a.path ?? '');
}
