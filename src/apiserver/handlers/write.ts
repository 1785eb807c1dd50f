// POST (create) and PUT (update) of objects and their status; DELETE and DELETE-collection.
import type { KObject } from '../../api/types.js';
import type { RequestContext } from './context.js';
import { defaultFieldManager, warningHeaders } from './context.js';
import { decodeObject, dryRunOf, fieldValidationMode, type FieldValidation } from './decode.js';
import type { WriteEnv } from './env.js';
import { readBody, mediaType, parseJson, requireObject } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { ApiError, badRequest, conflict } from '../../machinery/errors.js';
import { updateManagedFields } from '../../machinery/patch/managedfields.js';
import { rfc3339 } from '../../machinery/clock.js';
import { decodeK8sProtobuf } from '../protobuf/index.js';
import { buildFilter } from './filter.js';
import type { DeleteOptions } from '../registry/store.js';
import { negotiateShape } from './negotiate.js';
import { presentObject } from './present.js';
import { jsonClone } from '../../machinery/jsonclone.js';

export function gvkOf(ctx: RequestContext) {
  const i = ctx.entry.info;
  return { group: i.group, version: i.version, kind: i.kind };
}

/** Unknown fields per fieldValidation: Strict fails, Warn adds warnings, Ignore drops them silently. */
export function enforceSchema(ctx: RequestContext, env: WriteEnv, obj: KObject, mode: FieldValidation): void {
  const r = env.schema.check(ctx.entry, obj, mode);
  if (r.errors.length) throw badRequest(r.errors.join('; '));
  if (!r.unknownFields.length) return;
  if (mode === 'Strict') {
    const msgs = r.unknownFields.map((f) => `unknown field "${f.replace(/^\./, '')}"`);
    const i = ctx.entry.info;
    // the decoder's wording: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...`
    throw badRequest(`${i.kind} in version "${i.version}" cannot be handled as a ${i.kind}: strict decoding error: ${msgs.join(', ')}`);
  }
  if (mode === 'Warn') for (const f of r.unknownFields) ctx.warnings.push(`unknown field "${f.replace(/^\./, '')}"`);
}

export function fieldManagerOf(ctx: RequestContext): string {
  const fm = ctx.query.get('fieldManager');
  if (fm !== null) {
    if (fm.length > 128) throw new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be longer than 128`);
    return fm;
  }
  return defaultFieldManager(ctx.req);
}

export function managedFieldsHook(ctx: RequestContext, env: WriteEnv, manager: string, subresource = '') {
  return (old: KObject | undefined, obj: KObject) => {
    const mf = updateManagedFields({ live: old, updated: obj, manager, operation: 'Update', subresource: subresource || undefined, gvk: gvkOf(ctx), now: rfc3339(env.clock.now()) });
    obj.metadata = obj.metadata ?? {};
    if (mf.length) obj.metadata.managedFields = mf as never;
    else delete obj.metadata.managedFields;
  };
}

export async function handleCreate(ctx: RequestContext, env: WriteEnv): Promise<void> {
  const store = ctx.entry.store!;
  const mode = fieldValidationMode(ctx.query);
  const dryRun = dryRunOf(ctx.query);
  const manager = fieldManagerOf(ctx);
  const body = await readBody(ctx.req);
  const obj = decodeObject(ctx, body);
  enforceSchema(ctx, env, obj, mode);
  const meta = (obj.metadata = obj.metadata ?? {});
  if (ctx.entry.info.namespaced) {
    if (meta.namespace && meta.namespace !== ctx.info.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = ctx.info.namespace;
  }
  if (!meta.name && !meta.generateName) {
    throw new ApiError(422, 'Invalid', `${ctx.entry.info.kind}${ctx.entry.info.group ? '.' + ctx.entry.info.group : ''} "" is invalid: metadata.name: Required value: name or generateName is required`, {
      kind: ctx.entry.info.kind, ...(ctx.entry.info.group ? { group: ctx.entry.info.group } : {}),
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
    });
  }
  await env.admission.admit({ operation: 'CREATE', entry: ctx.entry, namespace: ctx.info.namespace, name: meta.name ?? '', subresource: '', object: obj, user: ctx.user, dryRun });
  const created = await store.create(ctx.info.namespace, obj, { dryRun, managedFields: managedFieldsHook(ctx, env, manager) });
  if (!dryRun) await env.admission.committed?.({ operation: 'CREATE', entry: ctx.entry, namespace: ctx.info.namespace, name: created.metadata!.name!, subresource: '', object: obj, user: ctx.user, dryRun, result: created });
  sendJson(ctx.res, 201, created, warningHeaders(ctx));
}

export async function handleUpdate(ctx: RequestContext, env: WriteEnv): Promise<void> {
  const store = ctx.entry.store!;
  const mode = fieldValidationMode(ctx.query);
  const dryRun = dryRunOf(ctx.query);
  const manager = fieldManagerOf(ctx);
  const sub = ctx.info.subresource as '' | 'status' | 'finalize';
  const body = await readBody(ctx.req);
  const obj = decodeObject(ctx, body);
  enforceSchema(ctx, env, obj, mode);
  const meta = (obj.metadata = obj.metadata ?? {});
  if (meta.name && meta.name !== ctx.info.name) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${ctx.info.name})`);
  }
  if (ctx.entry.info.namespaced && meta.namespace && meta.namespace !== ctx.info.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  meta.name = ctx.info.name;
  const wantRv = meta.resourceVersion;
  const { object, created } = await store.update(ctx.info.namespace, ctx.info.name, async (current) => {
    if (current && wantRv && wantRv !== current.metadata?.resourceVersion) throw conflict(store.gr, ctx.info.name);
    if (current && !wantRv && !allowUnconditionalUpdate(ctx)) {
      throw new ApiError(422, 'Invalid', `${ctx.entry.info.kind} "${ctx.info.name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`);
    }
    const next = jsonClone(obj);
    if (sub === 'finalize' && current) {
      // finalize changes only spec.finalizers
      const out = jsonClone(current);
      (out as { spec?: Record<string, unknown> }).spec = { ...(current.spec as object), finalizers: (obj.spec as { finalizers?: string[] })?.finalizers ?? [] };
      return out;
    }
    await env.admission.admit({ operation: current ? 'UPDATE' : 'CREATE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: sub, object: next, old: current, user: ctx.user, dryRun });
    return next;
  }, { subresource: sub, dryRun, allowCreate: allowCreateOnUpdate(ctx) && !sub, managedFields: managedFieldsHook(ctx, env, manager, sub) });
  if (!dryRun) await env.admission.committed?.({ operation: created ? 'CREATE' : 'UPDATE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: sub, object: obj, user: ctx.user, dryRun, result: object });
  sendJson(ctx.res, created ? 201 : 200, object, warningHeaders(ctx));
}

/** Kinds Kubernetes lets PUT create (AllowCreateOnUpdate). */
export function allowCreateOnUpdate(ctx: RequestContext): boolean {
  const i = ctx.entry.info;
  if (ctx.entry.crd) return false;
  return (i.group === '' && ['endpoints', 'events'].includes(i.resource)) ||
    (i.group === 'coordination.k8s.io' && i.resource === 'leases') ||
    (i.group === 'events.k8s.io') || (i.group === 'discovery.k8s.io');
}

/** Most kinds allow a PUT without resourceVersion (AllowUnconditionalUpdate). */
function allowUnconditionalUpdate(ctx: RequestContext): boolean {
  void ctx;
  return true;
}

export function parseDeleteOptions(ctx: RequestContext, body: Buffer): DeleteOptions & { dryRun?: boolean } {
  const q = ctx.query;
  let opts: Record<string, unknown> = {};
  if (body.length) {
    const mt = mediaType(ctx.req.headers['content-type']);
    const v = mt === 'application/vnd.kubernetes.protobuf' ? decodeK8sProtobuf(body) : parseJson(body, 'the DeleteOptions body');
    opts = requireObject(v, 'the DeleteOptions body');
    if (opts.kind !== undefined && opts.kind !== 'DeleteOptions') throw badRequest(`the kind in the data (${String(opts.kind)}) does not match the expected kind (DeleteOptions)`);
  }
  const out: DeleteOptions & { dryRun?: boolean } = {};
  const gp = q.get('gracePeriodSeconds') ?? (opts.gracePeriodSeconds !== undefined ? String(opts.gracePeriodSeconds) : null);
  if (gp !== null && gp !== 'null') {
    if (!/^-?[0-9]+$/.test(gp)) throw badRequest(`gracePeriodSeconds must be an integer, got "${gp}"`);
    const n = Number(gp);
    out.gracePeriodSeconds = n < 0 ? 1 : n;
  }
  const pp = q.get('propagationPolicy') ?? (opts.propagationPolicy as string | undefined);
  if (pp !== undefined && pp !== null) {
    if (!['Background', 'Foreground', 'Orphan'].includes(pp)) {
      throw new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan", "nil"`);
    }
    out.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
  }
  const od = q.get('orphanDependents') ?? (opts.orphanDependents !== undefined ? String(opts.orphanDependents) : null);
  if (od !== null) {
    if (out.propagationPolicy) throw new ApiError(422, 'Invalid', 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "' + out.propagationPolicy + '": orphanDependents and deletionPropagation cannot be both set');
    out.orphanDependents = od === 'true';
  }
  const pre = opts.preconditions as { uid?: string; resourceVersion?: string } | undefined;
  if (pre && typeof pre === 'object') out.preconditions = { uid: pre.uid, resourceVersion: pre.resourceVersion };
  const dr = [...q.getAll('dryRun'), ...((Array.isArray(opts.dryRun) ? opts.dryRun : []) as string[])];
  for (const d of dr) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  out.dryRun = dr.length > 0;
  return out;
}

export async function handleDelete(ctx: RequestContext, env: WriteEnv): Promise<void> {
  const store = ctx.entry.store!;
  const body = await readBody(ctx.req);
  const opts = parseDeleteOptions(ctx, body);
  const current = await store.get(ctx.info.namespace, ctx.info.name);
  await env.admission.admit({ operation: 'DELETE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: '', old: current, user: ctx.user, dryRun: !!opts.dryRun });
  const r = await store.delete(ctx.info.namespace, ctx.info.name, opts);
  if (r.deleted && !opts.dryRun) await env.admission.committed?.({ operation: 'DELETE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: '', old: current, user: ctx.user, dryRun: false, result: r.object, deleted: true });
  const shape = negotiateShape(ctx.req.headers.accept);
  const code = !r.deleted && (opts.propagationPolicy === 'Foreground' || opts.orphanDependents === false) ? 202 : 200;
  sendJson(ctx.res, code, presentObject(ctx.entry, r.object, shape === 'table' ? 'object' : shape, ctx.query, env.clock.now()));
}

export async function handleDeleteCollection(ctx: RequestContext, env: WriteEnv): Promise<void> {
  const store = ctx.entry.store!;
  const body = await readBody(ctx.req);
  const opts = parseDeleteOptions(ctx, body);
  const filter = buildFilter(ctx.query, store.strategy);
  const list = await store.list({ namespace: ctx.info.namespace, filter });
  const items: KObject[] = [];
  for (const o of list.items) {
    try {
      await env.admission.admit({ operation: 'DELETE', entry: ctx.entry, namespace: o.metadata?.namespace ?? '', name: o.metadata!.name!, subresource: '', old: o, user: ctx.user, dryRun: !!opts.dryRun });
      const r = await store.delete(o.metadata?.namespace ?? '', o.metadata!.name!, opts);
      if (r.deleted && !opts.dryRun) await env.admission.committed?.({ operation: 'DELETE', entry: ctx.entry, namespace: o.metadata?.namespace ?? '', name: o.metadata!.name!, subresource: '', old: o, user: ctx.user, dryRun: false, result: r.object, deleted: true });
      items.push(r.object);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) continue;
      throw e;
    }
  }
  const i = ctx.entry.info;
  sendJson(ctx.res, 200, { kind: i.listKind, apiVersion: i.group ? `${i.group}/${i.version}` : i.version, metadata: { resourceVersion: list.resourceVersion }, items });
}
