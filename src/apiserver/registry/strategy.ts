// The per-kind strategy contract the generic store calls (see strategies/ for the implementations).
import type { KObject } from '../../api/types.js';
import type { FieldError } from '../../machinery/errors.js';

export interface Strategy {
  statusSubresource: boolean;
  tracksGeneration: boolean;
  defaults(obj: KObject): void;
  prepareForCreate?(obj: KObject): void;
  prepareForUpdate?(obj: KObject, old: KObject): void;
  prepareForStatusUpdate?(obj: KObject, old: KObject): void;
  validate(obj: KObject): FieldError[];
  validateUpdate(obj: KObject, old: KObject): FieldError[];
  validateStatusUpdate?(obj: KObject, old: KObject): FieldError[];
  selectableFields(obj: KObject): Record<string, string>;
}
