export { createAuthenticator, bearerToken, type Authenticator, type AuthenticatorOptions } from './authn.js';
export {
  type UserInfo, SYSTEM_MASTERS, ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS, NODES_GROUP, ALL_SERVICE_ACCOUNTS,
  anonymousUser, serviceAccountUsername, parseServiceAccountUsername, withAuthenticatedGroup,
} from './user.js';
export { createServiceAccountTokenIssuer, type ServiceAccountTokenIssuer, type ServiceAccountTokenIssuerOptions, type ServiceAccountRef, type BoundObject, type ServiceAccountClaims } from './sa-token.js';
export { authorize, rulesFor, visitRulesFor, type RbacSource, type Decision, type Attributes } from './rbac.js';
export { ruleAllows } from './policy-rule.js';
export { aggregateClusterRoleRules } from './aggregation.js';
export { forbiddenMessage, forbiddenError, forbiddenReason } from './forbidden.js';
export { selfSubjectRulesReview, type SubjectRulesReviewStatus, type ResourceRule, type NonResourceRule } from './rules-review.js';
export { bootstrapClusterRoles, bootstrapClusterRoleBindings } from './bootstrap-policy.js';
