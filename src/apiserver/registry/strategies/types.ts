// The per-resource strategy contract (Kubernetes' rest.RESTCreateStrategy/RESTUpdateStrategy, as pure functions).
import type { KObject } from '../../../api/types.js';
import type { FieldError } from '../../../machinery/errors.js';

export interface Strategy {
  /** Main-resource writes ignore .status (prepareForUpdate copies it from old; prepareForCreate resets it). */
  statusSubresource: boolean;
  /** Bump metadata.generation when anything but metadata/status changes (see specChanged()). */
  tracksGeneration: boolean;
  /** Apply Kubernetes defaults in place (SetDefaults_* of the object's version). Run on every decoded write body. */
  defaults(obj: KObject): void;
  /** After defaults, before validate, on create: status reset, system labels, generated selectors. */
  prepareForCreate?(obj: KObject): void;
  /** After defaults, before validateUpdate, on a main-resource update: keep status and system fields from old. */
  prepareForUpdate?(obj: KObject, old: KObject): void;
  /** On a /status write: make everything but .status equal old (metadata too, except resourceVersion/managedFields). */
  prepareForStatusUpdate?(obj: KObject, old: KObject): void;
  /** Full validation on create (metadata + spec). */
  validate(obj: KObject): FieldError[];
  /** Validation on update: metadata update rules, the object itself, and immutability rules. */
  validateUpdate(obj: KObject, old: KObject): FieldError[];
  /** Validation on /status writes. */
  validateStatusUpdate?(obj: KObject, old: KObject): FieldError[];
  /** Field-selector values: metadata.name, metadata.namespace (namespaced kinds) plus the kind's own fields. */
  selectableFields(obj: KObject): Record<string, string>;
}
