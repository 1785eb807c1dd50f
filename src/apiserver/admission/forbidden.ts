// admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`, named after the object (or its generateName when
// the name is not generated yet, as in a mutating plugin), never double-wrapping an error that already is a 403.
import type { AdmissionAttributes } from '../handlers/env.js';
import { ApiError, forbidden } from '../../machinery/errors.js';

export function admissionForbidden(a: AdmissionAttributes, why: string | ApiError): ApiError {
  if (why instanceof ApiError && why.code === 403) return why;
  const meta = a.object?.metadata;
  const name = meta?.name || a.name || meta?.generateName || 'Unknown';
  const gr = { group: a.entry.info.group, resource: a.entry.info.resource };
  const qr = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
  return forbidden(`${qr} "${name}" is forbidden: ${typeof why === 'string' ? why : why.message}`, gr, name);
}

/** Only plain create/update writes of the resource itself (no subresource) with a body. */
export function isWriteOf(a: AdmissionAttributes, group: string, resource: string, ops: readonly string[] = ['CREATE']): boolean {
  const i = a.entry.info;
  return i.group === group && i.resource === resource && !a.subresource && !!a.object && ops.includes(a.operation);
}
