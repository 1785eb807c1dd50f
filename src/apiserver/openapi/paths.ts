// OpenAPI v3 path items for one resource: the collection, the item and the status/scale subresources, each
// operation tagged with x-kubernetes-action and x-kubernetes-group-version-kind. kubectl and Helm skip client-side
// validation only when the item's PATCH carries the gvk and a `fieldValidation` query parameter (reference §4.1).
import type { GVKRef } from './schema.js';
import { V3_REF_PREFIX } from './schema.js';

export interface PathResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  subresources: { name: string; group?: string; version?: string; kind?: string; verbs: string[] }[];
}

/** Resolves a kind to its component schema name (undefined: the operation gets no response schema). */
export type DefinitionOf = (gvk: GVKRef) => string | undefined;

type Op = Record<string, unknown>;

const q = (name: string, type: 'string' | 'boolean' | 'integer', description: string) => ({ name, in: 'query', description, schema: { type }, uniqueItems: true });
const DRY_RUN = q('dryRun', 'string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = q('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.');
const FIELD_VALIDATION = q('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict');
const FORCE = q('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.');
const PRETTY = q('pretty', 'string', "If 'true', then the output is pretty printed.");
const LIST_PARAMS = [
  q('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  q('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  q('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  q('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  q('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  q('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  q('sendInitialEvents', 'boolean', 'sendInitialEvents=true may be set together with watch=true.'),
  q('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
];
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' }, uniqueItems: true });

const ref = (def: string | undefined) => (def ? { $ref: V3_REF_PREFIX + def } : { type: 'object' });
const STATUS_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const PATCH_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

function responses(def: string | undefined, codes: string[]): Op {
  const content = { 'application/json': { schema: ref(def) }, 'application/yaml': { schema: ref(def) }, 'application/vnd.kubernetes.protobuf': { schema: ref(def) } };
  const out: Op = {};
  for (const c of codes) out[c] = { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

function body(def: string | undefined): Op {
  return { content: { '*/*': { schema: ref(def) } }, required: true };
}

function op(action: string, id: string, gvk: GVKRef, extra: Op): Op {
  return { description: `${action} ${gvk.kind}`, operationId: id, tags: [], 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra };
}

/** Path prefix for a group-version: `/api/v1` or `/apis/apps/v1`. */
export function gvPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** `{path: pathItem}` for one resource. */
export function resourcePaths(r: PathResource, defOf: DefinitionOf): Record<string, Op> {
  const gvk: GVKRef = { group: r.group, version: r.version, kind: r.kind };
  const def = defOf(gvk);
  const listDef = defOf({ ...gvk, kind: `${r.kind}List` });
  const base = gvPrefix(r.group, r.version);
  const nsBase = r.namespaced ? `${base}/namespaces/{namespace}` : base;
  const id = `${r.verbs[0] ?? 'x'}${r.group.replace(/\W/g, '')}${r.version}${r.kind}`;
  const nsParam = r.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const nameParam = pathParam('name', `name of the ${r.kind}`);
  const has = (v: string) => r.verbs.includes(v);
  const writeParams = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
  const out: Record<string, Op> = {};

  const collection: Op = { parameters: [...nsParam, PRETTY] };
  if (has('list')) collection.get = op('list', `list${id}`, gvk, { parameters: LIST_PARAMS, responses: responses(listDef, ['200']) });
  if (has('create')) collection.post = op('post', `create${id}`, gvk, { parameters: writeParams, requestBody: body(def), responses: responses(def, ['200', '201', '202']) });
  if (has('deletecollection')) collection.delete = op('deletecollection', `deletecollection${id}`, gvk, { parameters: [DRY_RUN, ...LIST_PARAMS], requestBody: { content: { '*/*': { schema: ref(DELETE_OPTIONS_DEF) } } }, responses: responses(STATUS_DEF, ['200']) });
  if (collection.get || collection.post || collection.delete) out[`${nsBase}/${r.resource}`] = collection;

  const item: Op = { parameters: [nameParam, ...nsParam, PRETTY] };
  if (has('get')) item.get = op('get', `read${id}`, gvk, { responses: responses(def, ['200']) });
  if (has('update')) item.put = op('put', `replace${id}`, gvk, { parameters: writeParams, requestBody: body(def), responses: responses(def, ['200', '201']) });
  if (has('patch')) item.patch = patchOp(`patch${id}`, gvk, def);
  if (has('delete')) item.delete = op('delete', `delete${id}`, gvk, { parameters: [DRY_RUN, q('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted.'), q('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Foreground', 'Background'.")], requestBody: { content: { '*/*': { schema: ref(DELETE_OPTIONS_DEF) } } }, responses: responses(STATUS_DEF, ['200', '202']) });
  if (item.get || item.put || item.patch || item.delete) out[`${nsBase}/${r.resource}/{name}`] = item;

  if (r.namespaced && has('list')) {
    out[`${base}/${r.resource}`] = { parameters: [PRETTY], get: op('list', `list${id}ForAllNamespaces`, gvk, { parameters: LIST_PARAMS, responses: responses(listDef, ['200']) }) };
  }

  for (const sub of r.subresources) {
    if (sub.name !== 'status' && sub.name !== 'scale') continue;
    const subGvk: GVKRef = { group: sub.group ?? r.group, version: sub.version ?? r.version, kind: sub.kind ?? r.kind };
    const subDef = defOf(subGvk);
    const subId = `${id}${sub.name[0].toUpperCase()}${sub.name.slice(1)}`;
    const p: Op = { parameters: [nameParam, ...nsParam, PRETTY] };
    if (sub.verbs.includes('get')) p.get = op('get', `read${subId}`, subGvk, { responses: responses(subDef, ['200']) });
    if (sub.verbs.includes('update')) p.put = op('put', `replace${subId}`, subGvk, { parameters: writeParams, requestBody: body(subDef), responses: responses(subDef, ['200', '201']) });
    if (sub.verbs.includes('patch')) p.patch = patchOp(`patch${subId}`, subGvk, subDef);
    out[`${nsBase}/${r.resource}/{name}/${sub.name}`] = p;
  }
  return out;
}

/**
 * PATCH: no `application/strategic-merge-patch+json` body type on purpose. Listing it makes kubectl ≥1.29 compute
 * strategic merge patches from these v3 schemas instead of its compiled-in types (reference §4.2).
 */
function patchOp(id: string, gvk: GVKRef, def: string | undefined): Op {
  const patchSchema = { schema: ref(PATCH_DEF) };
  return op('patch', id, gvk, {
    parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
    requestBody: { content: { 'application/apply-patch+yaml': patchSchema, 'application/json-patch+json': patchSchema, 'application/merge-patch+json': patchSchema }, required: true },
    responses: responses(def, ['200', '201']),
  });
}
