// The strategy for custom resources: schema defaults, structural-schema validation, metadata validation, and the
// status split when the status subresource is enabled.
import type { KObject } from '../../api/types.js';
import type { FieldError } from '../../machinery/errors.js';
import type { Strategy } from '../registry/strategy.js';
import { validateObjectMeta } from '../registry/strategies/index.js';
import { validateCustomResource, defaultCustomResource } from '../openapi/index.js';

export function customResourceStrategy(opts: { namespaced: boolean; schema?: Record<string, unknown>; hasStatus: boolean }): Strategy {
  const schema = opts.schema;
  return {
    statusSubresource: opts.hasStatus,
    tracksGeneration: true,
    defaults(obj: KObject) { if (schema) defaultCustomResource(schema, obj); },
    prepareForCreate(obj: KObject) { if (opts.hasStatus) delete obj.status; },
    validate(obj: KObject): FieldError[] {
      const errs = validateObjectMeta(obj.metadata ?? {}, { namespaced: opts.namespaced });
      if (schema) errs.push(...validateCustomResource(schema, obj));
      return errs;
    },
    validateUpdate(obj: KObject): FieldError[] {
      const errs = validateObjectMeta(obj.metadata ?? {}, { namespaced: opts.namespaced });
      if (schema) errs.push(...validateCustomResource(schema, obj));
      return errs;
    },
    validateStatusUpdate(obj: KObject): FieldError[] {
      return schema ? validateCustomResource(schema, obj) : [];
    },
    selectableFields(obj: KObject) {
      return { 'metadata.name': obj.metadata?.name ?? '', 'metadata.namespace': obj.metadata?.namespace ?? '' };
    },
  };
}
