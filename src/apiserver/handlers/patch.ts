// PATCH: JSON patch, JSON merge patch, strategic merge patch (built-in kinds only) and server-side apply.
import type { KObject } from '../../api/types.js';
import type { RequestContext } from './context.js';
import { warningHeaders } from './context.js';
import type { WriteEnv } from './env.js';
import { readBody, mediaType, parseJson, parseYaml, requireObject } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { ApiError, badRequest, conflict, unsupportedMediaType } from '../../machinery/errors.js';
import { applyJsonPatch } from '../../machinery/patch/jsonpatch.js';
import { applyMergePatch } from '../../machinery/patch/mergepatch.js';
import { applyStrategicMergePatch } from '../../machinery/patch/strategic.js';
import { serverSideApply, fieldManagerRequiredError } from '../../machinery/patch/apply.js';
import { rfc3339 } from '../../machinery/clock.js';
import { dryRunOf, fieldValidationMode, checkTypeMeta } from './decode.js';
import { enforceSchema, fieldManagerOf, gvkOf, managedFieldsHook } from './write.js';
import { jsonClone } from '../../machinery/jsonclone.js';

export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

export function patchKindOf(ctx: RequestContext): PatchKind {
  const mt = mediaType(ctx.req.headers['content-type']);
  const accepted = ctx.entry.crd ? PATCH_TYPES.filter((t) => !t.startsWith('application/strategic')) : PATCH_TYPES;
  switch (mt) {
    case 'application/json-patch+json': return 'json';
    case 'application/merge-patch+json': return 'merge';
    case 'application/strategic-merge-patch+json':
      if (ctx.entry.crd) throw unsupportedMediaType(mt, accepted);
      return 'strategic';
    case 'application/apply-patch+yaml': return 'apply';
    default: throw unsupportedMediaType(mt, accepted);
  }
}

/** Apply a non-apply patch document to a JSON object (pure). */
export function applyPatchDocument(kind: Exclude<PatchKind, 'apply'>, current: KObject, patch: unknown, gvk: { group: string; version: string; kind: string }): KObject {
  let out: unknown;
  if (kind === 'json') out = applyJsonPatch(current, patch);
  else if (kind === 'merge') out = applyMergePatch(current, requireObject(patch, 'the merge patch'));
  else out = applyStrategicMergePatch(current, requireObject(patch, 'the strategic merge patch'), gvk);
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw badRequest('the patch produced a document that is not an object');
  return out as KObject;
}

export async function handlePatch(ctx: RequestContext, env: WriteEnv): Promise<void> {
  const store = ctx.entry.store!;
  const kind = patchKindOf(ctx);
  const mode = fieldValidationMode(ctx.query);
  const dryRun = dryRunOf(ctx.query);
  const sub = ctx.info.subresource as '' | 'status';
  const body = await readBody(ctx.req);
  const gvk = gvkOf(ctx);
  let manager: string;
  let patch: unknown;
  if (kind === 'apply') {
    const fm = ctx.query.get('fieldManager');
    if (!fm) throw fieldManagerRequiredError();
    manager = fm;
    patch = requireObject(parseYaml(body, 'the apply patch'), 'the apply patch');
    checkTypeMeta(ctx, patch as KObject);
    enforceSchema(ctx, env, patch as KObject, mode);
  } else {
    manager = fieldManagerOf(ctx);
    patch = parseJson(body, 'the patch');
    const force = ctx.query.get('force');
    if (force !== null) throw badRequest('force: Forbidden: may not be specified for non-apply patch');
  }
  const force = ctx.query.get('force') === 'true';
  const { object, created } = await store.update(ctx.info.namespace, ctx.info.name, async (current) => {
    let next: KObject;
    if (kind === 'apply') {
      const applied = jsonClone(patch as KObject);
      const am = (applied.metadata = applied.metadata ?? {});
      if (am.name !== undefined && am.name !== ctx.info.name) throw badRequest(`the name of the object (${am.name}) does not match the name on the URL (${ctx.info.name})`);
      if (ctx.entry.info.namespaced && am.namespace !== undefined && am.namespace !== ctx.info.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      if (current && am.resourceVersion && am.resourceVersion !== current.metadata?.resourceVersion) throw conflict(store.gr, ctx.info.name);
      let live = current;
      if (!live) {
        live = { apiVersion: applied.apiVersion, kind: applied.kind, metadata: { name: ctx.info.name, ...(ctx.entry.info.namespaced ? { namespace: ctx.info.namespace } : {}) } };
      }
      next = serverSideApply({ live: current ? live : undefined, applied, manager, force, gvk, now: rfc3339(env.clock.now()), subresource: sub || undefined }).object;
      next.metadata = next.metadata ?? {};
      next.metadata.name = ctx.info.name;
      if (ctx.entry.info.namespaced) next.metadata.namespace = ctx.info.namespace;
    } else {
      const cur = current!;
      next = applyPatchDocument(kind, cur, patch, gvk);
      const nm = next.metadata ?? {};
      if (nm.resourceVersion && nm.resourceVersion !== cur.metadata?.resourceVersion) throw conflict(store.gr, ctx.info.name);
      if (nm.name !== undefined && nm.name !== cur.metadata?.name) {
        throw new ApiError(422, 'Invalid', `${ctx.entry.info.kind} "${ctx.info.name}" is invalid: metadata.name: Invalid value: ${JSON.stringify(nm.name)}: field is immutable`);
      }
      checkTypeMeta(ctx, next);
      enforceSchema(ctx, env, next, mode === 'Strict' ? 'Strict' : mode);
    }
    await env.admission.admit({ operation: current ? 'UPDATE' : 'CREATE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: sub, object: next, old: current, user: ctx.user, dryRun });
    return next;
  }, { subresource: sub, dryRun, allowCreate: kind === 'apply' && !sub, managedFields: kind === 'apply' ? undefined : managedFieldsHook(ctx, env, manager, sub) });
  if (!dryRun) await env.admission.committed?.({ operation: created ? 'CREATE' : 'UPDATE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: sub, object, user: ctx.user, dryRun, result: object });
  sendJson(ctx.res, created ? 201 : 200, object, warningHeaders(ctx));
}
