// ObjectMeta validation (apimachinery `api/validation/objectmeta.go`), create and update.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { arr, goStringSlice, isObj, str, type Obj } from '../util.js';
import { immutable, nonNegative, validateLabels } from './common.js';
import type { ObjectMeta } from '../../../../api/types.js';
import { isDNS1123Label, isQualifiedName, nameIsDNSSubdomain, type NameValidator } from './names.js';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export interface ObjectMetaRules {
  namespaced: boolean;
  /** @default nameIsDNSSubdomain */
  nameValidator?: NameValidator;
}

type MetaLike = Obj | ObjectMeta | undefined;

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  if (!isObj(annotations)) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldErr.invalid(path, k, m));
    total += Buffer.byteLength(k) + Buffer.byteLength(str(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldErr.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of arr(refs)) {
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(fieldErr.invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(fieldErr.invalid(`${path}.kind`, str(ref.kind), 'kind must not be empty'));
    if (!ref.name) errs.push(fieldErr.invalid(`${path}.name`, str(ref.name), 'name must not be empty'));
    if (!ref.uid) errs.push(fieldErr.invalid(`${path}.uid`, str(ref.uid), 'uid must not be empty'));
    if (version === 'v1' && !apiVersion.includes('/') && ref.kind === 'Event') {
      errs.push(fieldErr.invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const cur = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController) {
        errs.push(fieldErr.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else firstController = cur;
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const list = arr(finalizers) as unknown as string[];
  const errs: FieldError[] = [];
  for (const f of list) for (const m of isQualifiedName(str(f))) errs.push(fieldErr.invalid(path, f, m));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(fieldErr.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** ObjectMeta on create: name/generateName format, namespace by scope, labels, annotations, owners, finalizers. */
export function validateObjectMeta(meta: MetaLike, rules: ObjectMetaRules, path = 'metadata'): FieldError[] {
  const m = (meta ?? {}) as Obj;
  const nameValidator = rules.nameValidator ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName) for (const msg of nameValidator(generateName, true)) errs.push(fieldErr.invalid(`${path}.generateName`, generateName, msg));
  const name = str(m.name);
  if (!name) errs.push(fieldErr.required(`${path}.name`, 'name or generateName is required'));
  else for (const msg of nameValidator(name, false)) errs.push(fieldErr.invalid(`${path}.name`, name, msg));
  const ns = str(m.namespace);
  if (rules.namespaced) {
    if (!ns) errs.push(fieldErr.required(`${path}.namespace`, ''));
    else for (const msg of isDNS1123Label(ns)) errs.push(fieldErr.invalid(`${path}.namespace`, ns, msg));
  } else if (ns) {
    errs.push(fieldErr.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...nonNegative(m.generation, `${path}.generation`));
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  return errs;
}

/**
 * ObjectMeta on update: identity fields immutable, generation not decremented, no new finalizers while deleting,
 * plus the syntax checks. deletionTimestamp/resourceVersion are the storage layer's business and not checked here.
 */
export function validateObjectMetaUpdate(meta: MetaLike, old: MetaLike, path = 'metadata'): FieldError[] {
  const m = (meta ?? {}) as Obj; const o = (old ?? {}) as Obj;
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const before = new Set(arr(o.finalizers) as unknown as string[]);
    const extra = [...new Set(arr(m.finalizers) as unknown as string[])].filter((f) => !before.has(f)).sort();
    if (extra.length) errs.push(fieldErr.forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${String(goStringSlice(extra))}`));
  }
  if (typeof m.generation === 'number' && typeof o.generation === 'number' && m.generation < o.generation) {
    errs.push(fieldErr.invalid(`${path}.generation`, m.generation, 'must not be decremented'));
  }
  errs.push(...immutable(str(m.name), str(o.name), `${path}.name`));
  errs.push(...immutable(str(m.namespace), str(o.namespace), `${path}.namespace`));
  errs.push(...immutable(str(m.uid), str(o.uid), `${path}.uid`));
  if (m.creationTimestamp !== undefined || o.creationTimestamp !== undefined) {
    errs.push(...immutable(m.creationTimestamp ?? null, o.creationTimestamp ?? null, `${path}.creationTimestamp`));
  }
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  return errs;
}
