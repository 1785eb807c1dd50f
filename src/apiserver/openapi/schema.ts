// The JSON-schema subset Skiff's OpenAPI documents and validators use. One shape serves the generated built-in
// definitions (stored in OpenAPI v2 style: `$ref: '#/definitions/<name>'`), the v3 documents and CRD schemas.

export interface GVKRef { group: string; version: string; kind: string }

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  'x-kubernetes-group-version-kind'?: GVKRef[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  [ext: `x-${string}`]: unknown;
}

/** Definition name → schema, refs written as `#/definitions/<name>` (the OpenAPI v2 spelling). */
export type Definitions = Record<string, Schema>;

/** The file the build writes: `dist/src/apiserver/openapi/generated/definitions.json`. */
export interface GeneratedDefinitions {
  /** Which kubernetes-types version the definitions were generated from. */
  source: string;
  definitions: Definitions;
}

export const V2_REF_PREFIX = '#/definitions/';
export const V3_REF_PREFIX = '#/components/schemas/';

/** The definition name a `$ref` points at, in either spelling. */
export function refName(ref: string): string {
  const i = ref.lastIndexOf('/');
  return i < 0 ? ref : ref.slice(i + 1);
}
