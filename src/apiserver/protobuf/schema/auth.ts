// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.

export const AUTH_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.authorization.v1;

message ExtraValue { repeated string items = 1; }
message FieldSelectorAttributes {
  optional string rawSelector = 1;
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement requirements = 2;
}
message LabelSelectorAttributes {
  optional string rawSelector = 1;
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement requirements = 2;
}
message LocalSubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SubjectAccessReviewSpec spec = 2;
  optional SubjectAccessReviewStatus status = 3;
}
message NonResourceAttributes { optional string path = 1; optional string verb = 2; }
message NonResourceRule { repeated string verbs = 1 [(nil) = true]; repeated string nonResourceURLs = 2; }
message ResourceAttributes {
  optional string namespace = 1; optional string verb = 2; optional string group = 3; optional string version = 4;
  optional string resource = 5; optional string subresource = 6; optional string name = 7;
  optional FieldSelectorAttributes fieldSelector = 8; optional LabelSelectorAttributes labelSelector = 9;
}
message ResourceRule {
  repeated string verbs = 1 [(nil) = true]; repeated string apiGroups = 2; repeated string resources = 3;
  repeated string resourceNames = 4;
}
message SelfSubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional SelfSubjectAccessReviewSpec spec = 2; optional SubjectAccessReviewStatus status = 3;
}
message SelfSubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2;
}
message SelfSubjectRulesReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional SelfSubjectRulesReviewSpec spec = 2; optional SubjectRulesReviewStatus status = 3;
}
message SelfSubjectRulesReviewSpec { optional string namespace = 1; }
message SubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SubjectAccessReviewSpec spec = 2;
  optional SubjectAccessReviewStatus status = 3;
}
message SubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2;
  optional string user = 3; repeated string groups = 4; map<string, ExtraValue> extra = 5; optional string uid = 6;
}
message SubjectAccessReviewStatus {
  optional bool allowed = 1 [(keep) = true]; optional bool denied = 4; optional string reason = 2;
  optional string evaluationError = 3;
}
message SubjectRulesReviewStatus {
  repeated ResourceRule resourceRules = 1 [(nil) = true];
  repeated NonResourceRule nonResourceRules = 2 [(nil) = true]; optional bool incomplete = 3 [(keep) = true];
  optional string evaluationError = 4;
}
`,
`syntax = "proto2";
package k8s.io.api.authentication.v1;

message BoundObjectReference {
  optional string kind = 1; optional string apiVersion = 2; optional string name = 3;
  optional string uID = 4 [(json) = "uid"];
}
message ExtraValue { repeated string items = 1; }
message SelfSubjectReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SelfSubjectReviewStatus status = 2;
}
message SelfSubjectReviewStatus { optional UserInfo userInfo = 1; }
message TokenRequest {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional TokenRequestSpec spec = 2;
  optional TokenRequestStatus status = 3;
}
message TokenRequestSpec {
  repeated string audiences = 1 [(nil) = true]; optional int64 expirationSeconds = 4 [(keep) = true];
  optional BoundObjectReference boundObjectRef = 3 [(nil) = true];
}
message TokenRequestStatus {
  optional string token = 1 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time expirationTimestamp = 2;
}
message TokenReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional TokenReviewSpec spec = 2;
  optional TokenReviewStatus status = 3;
}
message TokenReviewSpec { optional string token = 1; repeated string audiences = 2; }
message TokenReviewStatus {
  optional bool authenticated = 1; optional UserInfo user = 2; repeated string audiences = 4;
  optional string error = 3;
}
message UserInfo {
  optional string username = 1; optional string uid = 2; repeated string groups = 3;
  map<string, ExtraValue> extra = 4;
}
`,
`syntax = "proto2";
package k8s.io.api.authentication.v1beta1;

message ExtraValue { repeated string items = 1; }
message SelfSubjectReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional SelfSubjectReviewStatus status = 2;
}
message SelfSubjectReviewStatus { optional .k8s.io.api.authentication.v1.UserInfo userInfo = 1; }
message TokenReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional TokenReviewSpec spec = 2;
  optional TokenReviewStatus status = 3;
}
message TokenReviewSpec { optional string token = 1; repeated string audiences = 2; }
message TokenReviewStatus {
  optional bool authenticated = 1; optional UserInfo user = 2; repeated string audiences = 4;
  optional string error = 3;
}
message UserInfo {
  optional string username = 1; optional string uid = 2; repeated string groups = 3;
  map<string, ExtraValue> extra = 4;
}
`,
];
