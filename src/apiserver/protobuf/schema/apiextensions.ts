// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.
// JSON, JSONSchemaPropsOrArray, JSONSchemaPropsOrBool and JSONSchemaPropsOrStringArray have custom JSON forms (plan.ts
// SPECIAL); JSONSchemaProps is recursive, so decoding depth is bounded by MAX_DEPTH in to-json.ts.

export const APIEXTENSIONS_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1;

message CustomResourceColumnDefinition {
  optional string name = 1 [(keep) = true]; optional string type = 2 [(keep) = true]; optional string format = 3;
  optional string description = 4; optional int32 priority = 5; optional string jsonPath = 6 [(keep) = true];
}
message CustomResourceConversion {
  optional string strategy = 1 [(keep) = true]; optional WebhookConversion webhook = 2;
}
message CustomResourceDefinition {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional CustomResourceDefinitionSpec spec = 2; optional CustomResourceDefinitionStatus status = 3;
}
message CustomResourceDefinitionCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3; optional string reason = 4;
  optional string message = 5;
}
message CustomResourceDefinitionNames {
  optional string plural = 1 [(keep) = true]; optional string singular = 2; repeated string shortNames = 3;
  optional string kind = 4 [(keep) = true]; optional string listKind = 5; repeated string categories = 6;
}
message CustomResourceDefinitionSpec {
  optional string group = 1 [(keep) = true]; optional CustomResourceDefinitionNames names = 3;
  optional string scope = 4 [(keep) = true]; repeated CustomResourceDefinitionVersion versions = 7 [(nil) = true];
  optional CustomResourceConversion conversion = 9; optional bool preserveUnknownFields = 10;
}
message CustomResourceDefinitionStatus {
  repeated CustomResourceDefinitionCondition conditions = 1 [(nil) = true];
  optional CustomResourceDefinitionNames acceptedNames = 2; repeated string storedVersions = 3 [(nil) = true];
}
message CustomResourceDefinitionVersion {
  optional string name = 1 [(keep) = true]; optional bool served = 2 [(keep) = true];
  optional bool storage = 3 [(keep) = true]; optional bool deprecated = 7;
  optional string deprecationWarning = 8 [(keep) = true]; optional CustomResourceValidation schema = 4;
  optional CustomResourceSubresources subresources = 5;
  repeated CustomResourceColumnDefinition additionalPrinterColumns = 6; repeated SelectableField selectableFields = 9;
}
message CustomResourceSubresourceScale {
  optional string specReplicasPath = 1 [(keep) = true]; optional string statusReplicasPath = 2 [(keep) = true];
  optional string labelSelectorPath = 3 [(keep) = true];
}
message CustomResourceSubresourceStatus {  }
message CustomResourceSubresources {
  optional CustomResourceSubresourceStatus status = 1; optional CustomResourceSubresourceScale scale = 2;
}
message CustomResourceValidation { optional JSONSchemaProps openAPIV3Schema = 1; }
message ExternalDocumentation { optional string description = 1; optional string url = 2; }
message JSON { optional bytes raw = 1; }
message JSONSchemaProps {
  optional string id = 1; optional string schema = 2 [(json) = "$schema"];
  optional string ref = 3 [(json) = "$ref", (keep) = true]; optional string description = 4; optional string type = 5;
  optional string format = 6; optional string title = 7; optional JSON default = 8;
  optional double maximum = 9 [(keep) = true]; optional bool exclusiveMaximum = 10;
  optional double minimum = 11 [(keep) = true]; optional bool exclusiveMinimum = 12;
  optional int64 maxLength = 13 [(keep) = true]; optional int64 minLength = 14 [(keep) = true];
  optional string pattern = 15; optional int64 maxItems = 16 [(keep) = true];
  optional int64 minItems = 17 [(keep) = true]; optional bool uniqueItems = 18;
  optional double multipleOf = 19 [(keep) = true]; repeated JSON enum = 20;
  optional int64 maxProperties = 21 [(keep) = true]; optional int64 minProperties = 22 [(keep) = true];
  repeated string required = 23; optional JSONSchemaPropsOrArray items = 24; repeated JSONSchemaProps allOf = 25;
  repeated JSONSchemaProps oneOf = 26; repeated JSONSchemaProps anyOf = 27; optional JSONSchemaProps not = 28;
  map<string, JSONSchemaProps> properties = 29; optional JSONSchemaPropsOrBool additionalProperties = 30;
  map<string, JSONSchemaProps> patternProperties = 31; map<string, JSONSchemaPropsOrStringArray> dependencies = 32;
  optional JSONSchemaPropsOrBool additionalItems = 33; map<string, JSONSchemaProps> definitions = 34;
  optional ExternalDocumentation externalDocs = 35; optional JSON example = 36; optional bool nullable = 37;
  optional bool xKubernetesPreserveUnknownFields = 38 [(json) = "x-kubernetes-preserve-unknown-fields", (keep) = true];
  optional bool xKubernetesEmbeddedResource = 39 [(json) = "x-kubernetes-embedded-resource"];
  optional bool xKubernetesIntOrString = 40 [(json) = "x-kubernetes-int-or-string"];
  repeated string xKubernetesListMapKeys = 41 [(json) = "x-kubernetes-list-map-keys"];
  optional string xKubernetesListType = 42 [(json) = "x-kubernetes-list-type", (keep) = true];
  optional string xKubernetesMapType = 43 [(json) = "x-kubernetes-map-type", (keep) = true];
  repeated ValidationRule xKubernetesValidations = 44 [(json) = "x-kubernetes-validations"];
}
message JSONSchemaPropsOrArray {
  optional JSONSchemaProps schema = 1 [(nil) = true]; repeated JSONSchemaProps jSONSchemas = 2 [(nil) = true];
}
message JSONSchemaPropsOrBool {
  optional bool allows = 1 [(keep) = true]; optional JSONSchemaProps schema = 2 [(nil) = true];
}
message JSONSchemaPropsOrStringArray {
  optional JSONSchemaProps schema = 1 [(nil) = true]; repeated string property = 2 [(nil) = true];
}
message SelectableField { optional string jsonPath = 1 [(keep) = true]; }
message ServiceReference {
  optional string namespace = 1 [(keep) = true]; optional string name = 2 [(keep) = true];
  optional string path = 3 [(keep) = true]; optional int32 port = 4 [(keep) = true];
}
message ValidationRule {
  optional string rule = 1 [(keep) = true]; optional string message = 2; optional string messageExpression = 3;
  optional string reason = 4 [(keep) = true]; optional string fieldPath = 5;
  optional bool optionalOldSelf = 6 [(keep) = true];
}
message WebhookClientConfig {
  optional string url = 3 [(keep) = true]; optional ServiceReference service = 1; optional bytes caBundle = 2;
}
message WebhookConversion {
  optional WebhookClientConfig clientConfig = 2; repeated string conversionReviewVersions = 3 [(nil) = true];
}
`,
];
