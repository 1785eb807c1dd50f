// Public surface of the OpenAPI component (see README.md).
export { OpenAPIService, gvPath } from './service.js';
export type { OpenAPIServiceOptions, SchemaLookup } from './service.js';
export { V2_PROTOBUF_CONTENT_TYPE, V2_PROTOBUF_CONTENT_TYPE as OPENAPI_V2_CONTENT_TYPE, encodeV2, decodeV2 } from './v2.js';
export type { Schema, Definitions, GVKRef } from './schema.js';
export { checkObject, strictDecodingMessage, unknownFieldWarning, cannotBeHandledMessage } from './check.js';
export type { CheckOptions, CheckResult } from './check.js';
export { validateCustomResource } from './crd/validate.js';
export { pruneCustomResource } from './crd/prune.js';
export { defaultCustomResource } from './crd/default.js';
export { crdDefinitionName } from './crdschema.js';
