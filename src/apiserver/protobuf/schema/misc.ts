// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.

export const MISC_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.policy.v1;

message Eviction {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions deleteOptions = 2;
}
message PodDisruptionBudget {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional PodDisruptionBudgetSpec spec = 2;
  optional PodDisruptionBudgetStatus status = 3;
}
message PodDisruptionBudgetSpec {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString minAvailable = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 3;
  optional string unhealthyPodEvictionPolicy = 4 [(keep) = true];
}
message PodDisruptionBudgetStatus {
  optional int64 observedGeneration = 1; map<string, .k8s.io.apimachinery.pkg.apis.meta.v1.Time> disruptedPods = 2;
  optional int32 disruptionsAllowed = 3 [(keep) = true]; optional int32 currentHealthy = 4 [(keep) = true];
  optional int32 desiredHealthy = 5 [(keep) = true]; optional int32 expectedPods = 6 [(keep) = true];
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.Condition conditions = 7;
}
`,
`syntax = "proto2";
package k8s.io.api.coordination.v1;

message Lease { optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional LeaseSpec spec = 2; }
message LeaseSpec {
  optional string holderIdentity = 1 [(keep) = true]; optional int32 leaseDurationSeconds = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime acquireTime = 3;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime renewTime = 4;
  optional int32 leaseTransitions = 5 [(keep) = true]; optional string strategy = 6 [(keep) = true];
  optional string preferredHolder = 7 [(keep) = true];
}
`,
`syntax = "proto2";
package k8s.io.api.rbac.v1;

message AggregationRule { repeated .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector clusterRoleSelectors = 1; }
message ClusterRole {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated PolicyRule rules = 2 [(nil) = true]; optional AggregationRule aggregationRule = 3;
}
message ClusterRoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated Subject subjects = 2;
  optional RoleRef roleRef = 3;
}
message PolicyRule {
  repeated string verbs = 1 [(nil) = true]; repeated string apiGroups = 2; repeated string resources = 3;
  repeated string resourceNames = 4; repeated string nonResourceURLs = 5;
}
message Role {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated PolicyRule rules = 2 [(nil) = true];
}
message RoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated Subject subjects = 2;
  optional RoleRef roleRef = 3;
}
message RoleRef {
  optional string apiGroup = 1 [(keep) = true]; optional string kind = 2 [(keep) = true];
  optional string name = 3 [(keep) = true];
}
message Subject {
  optional string kind = 1 [(keep) = true]; optional string apiGroup = 2; optional string name = 3 [(keep) = true];
  optional string namespace = 4;
}
`,
`syntax = "proto2";
package k8s.io.api.scheduling.v1;

message PriorityClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional int32 value = 2 [(keep) = true];
  optional bool globalDefault = 3; optional string description = 4;
  optional string preemptionPolicy = 5 [(keep) = true];
}
`,
`syntax = "proto2";
package k8s.io.api.discovery.v1;

message Endpoint {
  repeated string addresses = 1 [(nil) = true]; optional EndpointConditions conditions = 2;
  optional string hostname = 3 [(keep) = true]; optional .k8s.io.api.core.v1.ObjectReference targetRef = 4;
  map<string, string> deprecatedTopology = 5; optional string nodeName = 6 [(keep) = true];
  optional string zone = 7 [(keep) = true]; optional EndpointHints hints = 8;
}
message EndpointConditions {
  optional bool ready = 1 [(keep) = true]; optional bool serving = 2 [(keep) = true];
  optional bool terminating = 3 [(keep) = true];
}
message EndpointHints { repeated ForZone forZones = 1; repeated ForNode forNodes = 2; }
message EndpointPort {
  optional string name = 1 [(keep) = true]; optional string protocol = 2 [(keep) = true];
  optional int32 port = 3 [(keep) = true]; optional string appProtocol = 4 [(keep) = true];
}
message EndpointSlice {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional string addressType = 4 [(keep) = true]; repeated Endpoint endpoints = 2 [(nil) = true];
  repeated EndpointPort ports = 3 [(nil) = true];
}
message ForNode { optional string name = 1 [(keep) = true]; }
message ForZone { optional string name = 1 [(keep) = true]; }
`,
`syntax = "proto2";
package k8s.io.api.events.v1;

message Event {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime eventTime = 2; optional EventSeries series = 3;
  optional string reportingController = 4; optional string reportingInstance = 5; optional string action = 6;
  optional string reason = 7; optional .k8s.io.api.core.v1.ObjectReference regarding = 8;
  optional .k8s.io.api.core.v1.ObjectReference related = 9; optional string note = 10; optional string type = 11;
  optional .k8s.io.api.core.v1.EventSource deprecatedSource = 12;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time deprecatedFirstTimestamp = 13;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time deprecatedLastTimestamp = 14;
  optional int32 deprecatedCount = 15;
}
message EventSeries {
  optional int32 count = 1 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime lastObservedTime = 2;
}
`,
];
