// Create-only review resources that are answered, not stored: access reviews, rules reviews, self-subject reviews.
import type { KObject } from '../../api/types.js';
import type { RequestContext } from './context.js';
import type { ApiServer } from '../server.js';
import { readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { decodeObject } from './decode.js';
import { methodNotAllowed, invalid } from '../../machinery/errors.js';
import { authorize } from '../auth/rbac.js';
import { selfSubjectRulesReview } from '../auth/rules-review.js';
import type { UserInfo } from '../auth/authn.js';

interface ResourceAttributes { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string }
interface NonResourceAttributes { path?: string; verb?: string }

export async function handleVirtual(ctx: RequestContext, s: ApiServer): Promise<void> {
  if (ctx.info.verb !== 'create') throw methodNotAllowed(`${ctx.info.verb} is not supported on resources of kind "${ctx.entry.info.resource}"`);
  const body = await readBody(ctx.req);
  const obj = decodeObject(ctx, body);
  const out = review(ctx, s, obj);
  sendJson(ctx.res, 201, out);
}

function review(ctx: RequestContext, s: ApiServer, obj: KObject): KObject {
  const kind = ctx.entry.info.kind;
  const spec = (obj.spec ?? {}) as { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes; namespace?: string; user?: string; groups?: string[]; uid?: string; extra?: Record<string, string[]>; token?: string };
  const base = { ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null as never } };
  switch (kind) {
    case 'SelfSubjectAccessReview':
      return { ...base, status: access(s, ctx.user, spec) };
    case 'SubjectAccessReview':
    case 'LocalSubjectAccessReview': {
      if (!spec.user && !spec.groups?.length) {
        throw invalid(kind, 'authorization.k8s.io', '', [{ type: 'FieldValueInvalid', field: 'spec.user', value: '', detail: 'at least one of user or group must be specified' }]);
      }
      if (kind === 'LocalSubjectAccessReview' && spec.resourceAttributes) spec.resourceAttributes.namespace = ctx.info.namespace;
      const user: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [], uid: spec.uid, extra: spec.extra };
      return { ...base, status: access(s, user, spec) };
    }
    case 'SelfSubjectRulesReview': {
      const ns = spec.namespace ?? '';
      return { ...base, status: selfSubjectRulesReview(s.rbacSource(), ctx.user, ns) };
    }
    case 'SelfSubjectReview': {
      const u = ctx.user;
      const userInfo: Record<string, unknown> = { username: u.username, groups: u.groups };
      if (u.uid) userInfo.uid = u.uid;
      if (u.extra && Object.keys(u.extra).length) userInfo.extra = u.extra;
      return { ...base, status: { userInfo } };
    }
    case 'TokenReview':
      return { ...base, status: { authenticated: false, error: 'token review is not supported by this server' } };
    default:
      throw methodNotAllowed(`create is not supported on resources of kind "${ctx.entry.info.resource}"`);
  }
}

function access(s: ApiServer, user: UserInfo, spec: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes }): Record<string, unknown> {
  let d: { allowed: boolean; reason: string };
  if (spec.resourceAttributes) {
    const r = spec.resourceAttributes;
    d = authorize(s.rbacSource(), user, { verb: r.verb ?? '', apiGroup: r.group ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '', namespace: r.namespace ?? '' });
  } else if (spec.nonResourceAttributes) {
    const n = spec.nonResourceAttributes;
    d = authorize(s.rbacSource(), user, { verb: n.verb ?? '', apiGroup: '', path: n.path ?? '' });
  } else {
    throw invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [{ type: 'FieldValueRequired', field: 'spec.resourceAttributes', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' }]);
  }
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.reason) status.reason = d.reason;
  return status;
}
