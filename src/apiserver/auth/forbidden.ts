// The 403 kube-apiserver sends when authorization says no (responsewriters.Forbidden + apierrors.NewForbidden):
//   pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"
import { ApiError } from '../../machinery/errors.js';
import { isResourceRequest, type Attributes } from './policy-rule.js';
import type { UserInfo } from './user.js';

/** Go's %q for a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0xa0 || c === 0xad || (c >= 0xd800 && c <= 0xdfff) || c === 0xfeff) out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const sanitize = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The `User "x" cannot ...` sentence. */
export function forbiddenReason(user: UserInfo | undefined, a: Attributes): string {
  const u = goQuote(user?.username ?? '');
  if (!isResourceRequest(a)) return `User ${u} cannot ${a.verb} path ${goQuote(a.path ?? '')}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource!;
  const base = `User ${u} cannot ${a.verb} resource ${goQuote(resource)} in API group ${goQuote(a.apiGroup)}`;
  return a.namespace ? `${base} in the namespace ${goQuote(a.namespace)}` : `${base} at the cluster scope`;
}

/** The full Status message; `reason` is the authorizer's (e.g. `RBAC: clusterrole... not found`), appended after ': '. */
export function forbiddenMessage(user: UserInfo | undefined, a: Attributes, reason = ''): string {
  const msg = sanitize(forbiddenReason(user, a));
  const err = reason ? `${msg}: ${reason}` : msg;
  const resource = isResourceRequest(a) ? a.resource! : '';
  const group = isResourceRequest(a) ? a.apiGroup : '';
  if (!resource && !group) return `forbidden: ${err}`;
  const qualified = group ? `${resource}.${group}` : resource;
  return a.name ? `${qualified} ${goQuote(a.name)} is forbidden: ${err}` : `${qualified} is forbidden: ${err}`;
}

/** The 403 ApiError, with details {name, group, kind: resource} as apierrors.NewForbidden (empty fields omitted). */
export function forbiddenError(user: UserInfo | undefined, a: Attributes, reason = ''): ApiError {
  const details: { name?: string; group?: string; kind?: string } = {};
  if (isResourceRequest(a)) {
    if (a.name) details.name = a.name;
    if (a.apiGroup) details.group = a.apiGroup;
    details.kind = a.resource;
  }
  return new ApiError(403, 'Forbidden', forbiddenMessage(user, a, reason), details);
}
