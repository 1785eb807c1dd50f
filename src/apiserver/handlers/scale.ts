// The /scale subresource (autoscaling/v1 Scale) for workloads and for custom resources with a scale subresource.
import type { KObject } from '../../api/types.js';
import type { RequestContext } from './context.js';
import type { WriteEnv } from './env.js';
import { readBody, parseJson, requireObject, mediaType } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { ApiError, badRequest, conflict, invalid } from '../../machinery/errors.js';
import { selectorToString, labelSelectorFromObject } from '../../machinery/selectors/index.js';
import { applyPatchDocument, patchKindOf } from './patch.js';
import { dryRunOf } from './decode.js';
import { decodeK8sProtobuf } from '../protobuf/index.js';
import { jsonClone } from '../../machinery/jsonclone.js';

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

export function toScale(ctx: RequestContext, obj: KObject): KObject {
  const crdScale = ctx.entry.crd?.scale;
  let specReplicas: unknown; let statusReplicas: unknown; let selector = '';
  if (crdScale) {
    specReplicas = getPath(obj, crdScale.specReplicasPath);
    statusReplicas = getPath(obj, crdScale.statusReplicasPath);
    if (crdScale.labelSelectorPath) selector = String(getPath(obj, crdScale.labelSelectorPath) ?? '');
  } else {
    const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
    specReplicas = spec.replicas;
    statusReplicas = (obj.status as { replicas?: number } | undefined)?.replicas;
    if (spec.selector && typeof spec.selector === 'object') {
      const sel = spec.selector as Record<string, unknown>;
      selector = ctx.entry.info.kind === 'ReplicationController'
        ? Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).sort().join(',')
        : selectorToString(labelSelectorFromObject(sel as never));
    }
  }
  const m = obj.metadata!;
  const status: Record<string, unknown> = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  if (selector) status.selector = selector;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status,
  };
}

export async function handleScaleGet(ctx: RequestContext): Promise<void> {
  const obj = await ctx.entry.store!.get(ctx.info.namespace, ctx.info.name);
  sendJson(ctx.res, 200, toScale(ctx, obj));
}

export async function handleScaleWrite(ctx: RequestContext, env: WriteEnv): Promise<void> {
  const store = ctx.entry.store!;
  const dryRun = dryRunOf(ctx.query);
  const body = await readBody(ctx.req);
  const isPatch = ctx.req.method === 'PATCH';
  const kind = isPatch ? patchKindOf(ctx) : undefined;
  if (kind === 'apply') throw new ApiError(415, 'UnsupportedMediaType', 'apply patches are not supported on the scale subresource here');
  let patchDoc: unknown;
  let putScale: KObject | undefined;
  if (isPatch) patchDoc = parseJson(body, 'the patch');
  else {
    const mt = mediaType(ctx.req.headers['content-type']);
    putScale = requireObject(mt === 'application/vnd.kubernetes.protobuf' ? decodeK8sProtobuf(body) : parseJson(body)) as KObject;
    if (putScale.kind && putScale.kind !== 'Scale') throw badRequest(`the kind in the data (${String(putScale.kind)}) does not match the expected kind (Scale)`);
  }
  const { object } = await store.update(ctx.info.namespace, ctx.info.name, async (current) => {
    const cur = current!;
    const scale = toScale(ctx, cur);
    const next = isPatch
      ? applyPatchDocument(kind as 'json' | 'merge' | 'strategic', scale, patchDoc, { group: 'autoscaling', version: 'v1', kind: 'Scale' })
      : putScale!;
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata?.resourceVersion) throw conflict(store.gr, ctx.info.name);
    const replicas = (next.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
      throw invalid('Scale', 'autoscaling', ctx.info.name, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be an integer' }]);
    }
    if (replicas < 0) {
      throw invalid('Scale', 'autoscaling', ctx.info.name, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
    }
    const out = jsonClone(cur);
    setPath(out as Record<string, unknown>, ctx.entry.crd?.scale?.specReplicasPath ?? '.spec.replicas', replicas);
    await env.admission.admit({ operation: 'UPDATE', entry: ctx.entry, namespace: ctx.info.namespace, name: ctx.info.name, subresource: 'scale', object: out, old: cur, user: ctx.user, dryRun });
    return out;
  }, { dryRun, subresource: 'scale' });
  sendJson(ctx.res, 200, toScale(ctx, object));
}
