// Connect-style and action subresources: pods/binding, pods/eviction, serviceaccounts/token, and the streaming
// ones (log, exec, attach, portforward) that need a node agent.
import type { KObject } from '../../api/types.js';
import type { RequestContext } from './context.js';
import type { ApiServer } from '../server.js';
import { readBody, parseJson, requireObject, mediaType } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { ApiError, badRequest, conflict, invalid, methodNotAllowed, resourceNotFound, tooManyRequests } from '../../machinery/errors.js';
import { decodeK8sProtobuf } from '../protobuf/index.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors/index.js';
import { rfc3339 } from '../../machinery/clock.js';
import { agentLocation } from '../nodeproxy/location.js';
import { proxyHttp } from '../nodeproxy/proxy.js';
import type { Pod } from 'kubernetes-types/core/v1.js';

function decodeBody(ctx: RequestContext, body: Buffer): KObject {
  const mt = mediaType(ctx.req.headers['content-type']);
  return requireObject(mt === 'application/vnd.kubernetes.protobuf' ? decodeK8sProtobuf(body) : parseJson(body)) as KObject;
}

function success(details: Record<string, unknown>): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201, details };
}

export async function handlePodSubresource(ctx: RequestContext, s: ApiServer): Promise<void> {
  const { info } = ctx;
  const key = `${ctx.entry.info.resource}/${info.subresource}`;
  switch (key) {
    case 'pods/binding': return binding(ctx, s);
    case 'pods/eviction': return eviction(ctx, s);
    case 'serviceaccounts/token': return token(ctx, s);
    case 'pods/log': {
      if (info.verb !== 'get') throw methodNotAllowed(`${info.verb} is not supported on pods/log`);
      const pod = await ctx.entry.store!.get(info.namespace, info.name);
      const loc = agentLocation(pod as Pod, 'log', ctx.query);
      const { target, creds } = await s.agentFor(loc.nodeName);
      return proxyHttp(ctx.req, ctx.res, target, loc.path, creds);
    }
    case 'pods/exec': case 'pods/attach': case 'pods/portforward':
      // the streaming protocols arrive as upgrade requests (ApiServer.handleUpgrade)
      throw badRequest('Upgrade request required');
    case 'pods/ephemeralcontainers':
      throw methodNotAllowed('ephemeral containers need a node agent');
    default:
      throw resourceNotFound();
  }
}

async function binding(ctx: RequestContext, s: ApiServer): Promise<void> {
  if (ctx.info.verb !== 'create') throw methodNotAllowed(`${ctx.info.verb} is not supported on pods/binding`);
  const b = decodeBody(ctx, await readBody(ctx.req));
  await bindPod(s, ctx.info.namespace, ctx.info.name, b);
  sendJson(ctx.res, 201, success({ name: ctx.info.name, kind: 'pods' }));
}

/** Shared by pods/binding and the legacy `bindings` resource. */
export async function bindPod(s: ApiServer, namespace: string, podName: string, b: KObject): Promise<void> {
  const target = (b.target ?? {}) as { kind?: string; name?: string };
  if (b.metadata?.name && b.metadata.name !== podName) throw badRequest(`the name of the binding (${b.metadata.name}) does not match the pod name (${podName})`);
  if (!target.name) throw invalid('Binding', '', podName, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
  if (target.kind && target.kind !== 'Node') throw invalid('Binding', '', podName, [{ type: 'FieldValueNotSupported', field: 'target.kind', value: target.kind, detail: '', supported: ['Node'] }]);
  const store = s.entry('', 'v1', 'pods').store!;
  await store.update(namespace, podName, (pod) => {
    const p = pod!;
    const spec = (p.spec ?? {}) as { nodeName?: string };
    if (p.metadata?.deletionTimestamp) throw conflict(store.gr, podName, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw conflict(store.gr, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
    const uidPre = b.metadata?.uid;
    if (uidPre && uidPre !== p.metadata?.uid) throw conflict(store.gr, podName, `Precondition failed: UID in precondition: ${uidPre}, UID in object meta: ${p.metadata?.uid}`);
    spec.nodeName = target.name;
    p.spec = spec;
    const st = (p.status ??= {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string; lastProbeTime?: null }[] };
    const conds = (st.conditions ??= []);
    const now = rfc3339(s.clock.now());
    const c = conds.find((x) => x.type === 'PodScheduled');
    if (c) { c.status = 'True'; c.lastTransitionTime = now; delete (c as Record<string, unknown>).reason; delete (c as Record<string, unknown>).message; }
    else conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
    return p;
  }, { subresource: 'binding' });
}

async function eviction(ctx: RequestContext, s: ApiServer): Promise<void> {
  if (ctx.info.verb !== 'create') throw methodNotAllowed(`${ctx.info.verb} is not supported on pods/eviction`);
  const ev = decodeBody(ctx, await readBody(ctx.req));
  if (ev.metadata?.name && ev.metadata.name !== ctx.info.name) throw badRequest(`name in URL does not match name in Eviction object`);
  const pods = ctx.entry.store!;
  const pod = await pods.get(ctx.info.namespace, ctx.info.name);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const deleteOptions = (ev.deleteOptions ?? {}) as { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: string[] };
  const dryRun = (deleteOptions.dryRun ?? []).includes('All') || ctx.query.getAll('dryRun').includes('All');
  // Terminal or already-terminating pods are deleted without consulting budgets.
  if (phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp) {
    const pdbStore = s.entry('policy', 'v1', 'poddisruptionbudgets').store!;
    const pdbs = (await pdbStore.list({ namespace: ctx.info.namespace })).items.filter((pdb) => {
      const sel = (pdb.spec as { selector?: unknown } | undefined)?.selector;
      if (!sel) return false;
      return matchesLabels(labelSelectorFromObject(sel as never), (pod.metadata?.labels ?? {}) as Record<string, string>);
    });
    if (pdbs.length > 1) {
      throw new ApiError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    if (pdbs.length === 1) {
      const pdb = pdbs[0];
      const st = (pdb.status ?? {}) as { disruptionsAllowed?: number; observedGeneration?: number; disruptedPods?: Record<string, string> };
      if ((st.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0) || (st.disruptionsAllowed ?? 0) <= 0) {
        throw tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', 10, [{ reason: 'DisruptionBudget' as never, message: `The disruption budget ${pdb.metadata?.name} needs ${(pdb.status as { desiredHealthy?: number })?.desiredHealthy ?? 0} healthy pods and has ${(pdb.status as { currentHealthy?: number })?.currentHealthy ?? 0} currently` }]);
      }
      if (!dryRun) {
        await pdbStore.update(ctx.info.namespace, pdb.metadata!.name!, (cur) => {
          const c = cur!;
          const cs = (c.status ?? {}) as { disruptionsAllowed?: number; disruptedPods?: Record<string, string> };
          if (c.metadata?.resourceVersion !== pdb.metadata?.resourceVersion) throw tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', 1);
          cs.disruptionsAllowed = (cs.disruptionsAllowed ?? 0) - 1;
          cs.disruptedPods = { ...(cs.disruptedPods ?? {}), [ctx.info.name]: rfc3339(s.clock.now()) };
          c.status = cs;
          return c;
        }, { subresource: 'status' });
      }
    }
  }
  await pods.delete(ctx.info.namespace, ctx.info.name, { gracePeriodSeconds: deleteOptions.gracePeriodSeconds, preconditions: deleteOptions.preconditions, dryRun });
  sendJson(ctx.res, 201, success({ name: ctx.info.name, kind: 'pods' }));
}

async function token(ctx: RequestContext, s: ApiServer): Promise<void> {
  if (ctx.info.verb !== 'create') throw methodNotAllowed(`${ctx.info.verb} is not supported on serviceaccounts/token`);
  const tr = decodeBody(ctx, await readBody(ctx.req));
  const sa = await ctx.entry.store!.get(ctx.info.namespace, ctx.info.name);
  const spec = (tr.spec ?? {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind: string; name: string; uid: string } };
  const exp = spec.expirationSeconds ?? 3600;
  if (exp < 600) throw invalid('TokenRequest', 'authentication.k8s.io', ctx.info.name, [{ type: 'FieldValueInvalid', field: 'spec.expirationSeconds', value: exp, detail: 'may not specify a duration less than 10 minutes' }]);
  if (!s.opts.tokenIssuer) throw new ApiError(503, 'ServiceUnavailable', 'service account token issuing is not configured');
  const audiences = spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local', 'k3s'];
  const tokenStr = s.opts.tokenIssuer.sign({ namespace: ctx.info.namespace, name: ctx.info.name, uid: sa.metadata!.uid! }, audiences, exp, spec.boundObjectRef);
  const now = s.clock.now();
  sendJson(ctx.res, 201, {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: ctx.info.name, namespace: ctx.info.namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds: exp, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token: tokenStr, expirationTimestamp: rfc3339(now + exp * 1000) },
  });
}
