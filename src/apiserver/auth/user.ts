// Who a request is from, as authentication decides it (k8s.io/apiserver/pkg/authentication/user).

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const SYSTEM_MASTERS = 'system:masters';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const NODES_GROUP = 'system:nodes';
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

export const anonymousUser = (): UserInfo => ({ username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] });

/** `system:serviceaccount:<ns>:<name>` */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** The inverse of serviceAccountUsername, or undefined when the name is not a service account's. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const rest = username.slice(SERVICE_ACCOUNT_PREFIX.length);
  const i = rest.indexOf(':');
  if (i <= 0 || i === rest.length - 1 || rest.indexOf(':', i + 1) !== -1) return undefined;
  return { namespace: rest.slice(0, i), name: rest.slice(i + 1) };
}

/** Adds system:authenticated unless the user already carries it or system:unauthenticated (as kube-apiserver). */
export function withAuthenticatedGroup(u: UserInfo): UserInfo {
  const groups = u.groups.includes(ALL_AUTHENTICATED) || u.groups.includes(ALL_UNAUTHENTICATED) ? [...u.groups] : [...u.groups, ALL_AUTHENTICATED];
  const out: UserInfo = { username: u.username, groups };
  if (u.uid !== undefined) out.uid = u.uid;
  if (u.extra !== undefined) out.extra = structuredClone(u.extra);
  return out;
}
