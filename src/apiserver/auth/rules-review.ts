// SelfSubjectRulesReview status (kubectl auth can-i --list): the privileged group's wildcard rules, then every RBAC
// rule that applies in the namespace, split into resource and non-resource rules.
import { aggregateErrors, rulesFor, type RbacSource } from './rbac.js';
import { SYSTEM_MASTERS, type UserInfo } from './user.js';

// kubernetes-types 1.30 drops `verbs` and `resources` from ResourceRule (its generator trips on a `*/` in the docs),
// so the wire shapes are spelled out here.
export interface ResourceRule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }
export interface NonResourceRule { verbs: string[]; nonResourceURLs?: string[] }
export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export function selfSubjectRulesReview(src: RbacSource, user: UserInfo, namespace: string): SubjectRulesReviewStatus {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  if (user.groups.includes(SYSTEM_MASTERS)) {
    resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  const { rules, errors } = rulesFor(src, user, namespace);
  for (const r of rules) {
    if (r.resources?.length) {
      const rr: ResourceRule = { verbs: [...r.verbs] };
      if (r.apiGroups?.length) rr.apiGroups = [...r.apiGroups];
      rr.resources = [...r.resources];
      if (r.resourceNames?.length) rr.resourceNames = [...r.resourceNames];
      resourceRules.push(rr);
    }
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] });
  }
  const status: SubjectRulesReviewStatus = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length) status.evaluationError = aggregateErrors(errors);
  return status;
}
