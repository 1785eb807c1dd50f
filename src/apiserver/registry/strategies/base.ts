// Builds a Strategy from the few things that differ per kind; the shared parts (ObjectMeta validation, status
// split, selectable metadata fields) live here once.
import type { KObject } from '../../../api/types.js';
import type { FieldError } from '../../../machinery/errors.js';
import type { Strategy } from './types.js';
import { clone, deepEqual, isObj, str, type Obj } from './util.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './validation/meta.js';
import { nameIsDNSSubdomain, type NameValidator } from './validation/names.js';

export interface KindSpec {
  namespaced: boolean;
  /** @default nameIsDNSSubdomain */
  nameValidator?: NameValidator;
  /** @default false */
  statusSubresource?: boolean;
  /** @default false */
  tracksGeneration?: boolean;
  /** What a fresh object's status is on create, when statusSubresource (default: removed). */
  initialStatus?: (obj: Obj) => Obj | undefined;
  defaults?: (obj: Obj) => void;
  prepareForCreate?: (obj: Obj) => void;
  prepareForUpdate?: (obj: Obj, old: Obj) => void;
  /** Kind-specific checks on create and update (metadata is already covered). */
  validate?: (obj: Obj) => FieldError[];
  /** Extra checks on update only (immutability). */
  validateUpdate?: (obj: Obj, old: Obj) => FieldError[];
  validateStatus?: (obj: Obj, old: Obj) => FieldError[];
  fields?: (obj: Obj) => Record<string, string>;
}

/** True when anything other than metadata and status differs: the rule for bumping metadata.generation. */
export function specChanged(obj: KObject, old: KObject): boolean {
  const skip = new Set(['metadata', 'status', 'apiVersion', 'kind']);
  const keys = new Set([...Object.keys(obj), ...Object.keys(old)].filter((k) => !skip.has(k)));
  for (const k of keys) if (!deepEqual(obj[k], old[k])) return true;
  return false;
}

/** metadata.name (+ metadata.namespace for namespaced kinds), as ObjectMetaFieldsSet does. */
export function metaFields(obj: KObject, namespaced: boolean): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (namespaced) f['metadata.namespace'] = str(obj.metadata?.namespace);
  return f;
}

export function defineStrategy(k: KindSpec): Strategy {
  const nameValidator = k.nameValidator ?? nameIsDNSSubdomain;
  const statusSubresource = k.statusSubresource ?? false;
  const validateKind = (o: Obj): FieldError[] => k.validate?.(o) ?? [];
  const s: Strategy = {
    statusSubresource,
    tracksGeneration: k.tracksGeneration ?? false,
    defaults: (obj) => k.defaults?.(obj as Obj),
    prepareForCreate: (obj) => {
      if (statusSubresource) {
        const st = k.initialStatus?.(obj as Obj);
        if (st) obj.status = st; else delete obj.status;
      }
      k.prepareForCreate?.(obj as Obj);
    },
    prepareForUpdate: (obj, old) => {
      if (statusSubresource) {
        if (old.status === undefined) delete obj.status; else obj.status = clone(old.status);
      }
      k.prepareForUpdate?.(obj as Obj, old as Obj);
    },
    validate: (obj) => [
      ...validateObjectMeta(obj.metadata as Obj | undefined, { namespaced: k.namespaced, nameValidator }),
      ...validateKind(obj as Obj),
    ],
    validateUpdate: (obj, old) => [
      ...validateObjectMetaUpdate(obj.metadata as Obj | undefined, old.metadata as Obj | undefined),
      ...validateKind(obj as Obj),
      ...(k.validateUpdate?.(obj as Obj, old as Obj) ?? []),
    ],
    selectableFields: (obj) => ({ ...metaFields(obj, k.namespaced), ...(k.fields?.(obj as Obj) ?? {}) }),
  };
  if (statusSubresource) {
    s.prepareForStatusUpdate = (obj, old) => {
      const status = obj.status;
      const rv = obj.metadata?.resourceVersion; const mf = obj.metadata?.managedFields;
      for (const key of Object.keys(obj)) delete obj[key];
      Object.assign(obj, clone(old));
      if (status === undefined) delete obj.status; else obj.status = status;
      if (isObj(obj.metadata)) {
        if (rv !== undefined) obj.metadata.resourceVersion = rv;
        if (mf !== undefined) obj.metadata.managedFields = mf;
      }
    };
    s.validateStatusUpdate = (obj, old) => [
      ...validateObjectMetaUpdate(obj.metadata as Obj | undefined, old.metadata as Obj | undefined),
      ...(k.validateStatus?.(obj as Obj, old as Obj) ?? []),
    ];
  }
  return s;
}
