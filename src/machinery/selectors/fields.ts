// Field selectors (`?fieldSelector=`, k8s.io/apimachinery/pkg/fields): `k=v`, `k==v`, `k!=v`, comma = AND, with
// `\`, `,` and `=` escaped by a backslash in values. Which field labels a resource supports, and the values an object
// has for them, follow each registry's ToSelectableFields / field label conversion funcs.
import { badRequest } from '../errors.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** AND of requirements; empty matches everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    // Go prints the rune with %v, i.e. its code point.
    else if (c === ',' || c === '=') throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') { terms.push(s.slice(start, i)); start = i + 1; }
  }
  terms.push(s.slice(start));
  return terms;
}

/** Parses `?fieldSelector=`; throws 400 BadRequest with apimachinery's message. */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    requirements.push({ field: m[1]!, operator: m[2] === '!=' ? '!=' : '=', value: unescapeValue(m[3]!) });
  }
  return { requirements };
}

/** Missing fields read as '' (fields.Set.Get). */
export function matchesFields(sel: FieldSelector, fields: Record<string, string>): boolean {
  return sel.requirements.every((r) => {
    const v = fields[r.field] ?? '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}

/** The value a selector requires for `field` with `=`, if any (RequiresExactMatch): lets list narrow by name or node. */
export function requiresExactMatch(sel: FieldSelector, field: string): string | undefined {
  return sel.requirements.find((r) => r.field === field && r.operator === '=')?.value;
}

export function fieldSelectorToString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

const META = ['metadata.name', 'metadata.namespace'];
const EVENT_FIELDS = ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
  'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'];

/**
 * Field labels per `group/resource` for kinds that register a field label conversion func; every other resource
 * supports only metadata.name and metadata.namespace and answers with the scheme's generic message.
 */
export const SUPPORTED_FIELD_LABELS: Record<string, string[]> = {
  '/pods': [...META, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
    'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  '/nodes': [...META, 'spec.unschedulable'],
  '/namespaces': [...META, 'status.phase'],
  '/secrets': [...META, 'type'],
  '/events': [...META, ...EVENT_FIELDS],
  '/replicationcontrollers': [...META, 'status.replicas'],
  'apps/replicasets': [...META, 'status.replicas'],
  'apps/statefulsets': [...META, 'status.successful'],
  'batch/jobs': [...META, 'status.successful'],
  'certificates.k8s.io/certificatesigningrequests': [...META, 'spec.signerName'],
};

/**
 * Throws 400 BadRequest when the selector uses a field the resource cannot select on, with the exact text the
 * real server gives: `field label not supported: x` for kinds with their own field labels, otherwise
 * `"x" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 */
export function checkFieldSelectorSupported(sel: FieldSelector, group: string, resource: string, supported?: string[]): void {
  const own = supported ?? SUPPORTED_FIELD_LABELS[`${group}/${resource}`];
  for (const r of sel.requirements) {
    if (own) {
      if (!own.includes(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    } else if (!META.includes(r.field)) {
      throw badRequest(`"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
  }
}

type Obj = { metadata?: { name?: string; namespace?: string }; [k: string]: unknown };
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The selectable field values of an object (ToSelectableFields), for matchesFields. */
export function selectableFields(group: string, resource: string, obj: Obj): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (obj.metadata?.namespace !== undefined) f['metadata.namespace'] = str(obj.metadata.namespace);
  switch (`${group}/${resource}`) {
    case '/pods': {
      const ips = (get(obj, 'status', 'podIPs') as { ip?: string }[] | undefined) ?? [];
      Object.assign(f, {
        'spec.nodeName': str(get(obj, 'spec', 'nodeName')),
        'spec.restartPolicy': str(get(obj, 'spec', 'restartPolicy')),
        'spec.schedulerName': str(get(obj, 'spec', 'schedulerName')),
        'spec.serviceAccountName': str(get(obj, 'spec', 'serviceAccountName')),
        'spec.hostNetwork': get(obj, 'spec', 'hostNetwork') === true ? 'true' : 'false',
        'status.phase': str(get(obj, 'status', 'phase')),
        'status.podIP': str(ips[0]?.ip ?? get(obj, 'status', 'podIP')),
        'status.nominatedNodeName': str(get(obj, 'status', 'nominatedNodeName')),
      });
      break;
    }
    case '/nodes': f['spec.unschedulable'] = get(obj, 'spec', 'unschedulable') === true ? 'true' : 'false'; break;
    case '/namespaces': f['status.phase'] = str(get(obj, 'status', 'phase')); break;
    case '/secrets': f.type = str(get(obj, 'type')); break;
    case '/replicationcontrollers': case 'apps/replicasets': f['status.replicas'] = str(get(obj, 'status', 'replicas') ?? 0); break;
    case 'batch/jobs': f['status.successful'] = str(get(obj, 'status', 'succeeded') ?? 0); break;
    case 'certificates.k8s.io/certificatesigningrequests': f['spec.signerName'] = str(get(obj, 'spec', 'signerName')); break;
    case '/events': {
      for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) f[`involvedObject.${k}`] = str(get(obj, 'involvedObject', k));
      f.reason = str(get(obj, 'reason'));
      f.reportingComponent = str(get(obj, 'reportingComponent'));
      f.source = str(get(obj, 'source', 'component')) || str(get(obj, 'reportingComponent'));
      f.type = str(get(obj, 'type'));
      break;
    }
  }
  return f;
}
