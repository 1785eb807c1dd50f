// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.
// core/v1 Node, Endpoints, LimitRange, ReplicationController, PodTemplate.

export const CORE_CLUSTER_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.core.v1;

message AttachedVolume { optional string name = 1 [(keep) = true]; optional string devicePath = 2 [(keep) = true]; }
message ConfigMapNodeConfigSource {
  optional string namespace = 1 [(keep) = true]; optional string name = 2 [(keep) = true]; optional string uid = 3;
  optional string resourceVersion = 4; optional string kubeletConfigKey = 5 [(keep) = true];
}
message ContainerImage { repeated string names = 1 [(nil) = true]; optional int64 sizeBytes = 2; }
message DaemonEndpoint { optional int32 Port = 1 [(keep) = true]; }
message EndpointAddress {
  optional string ip = 1 [(keep) = true]; optional string hostname = 3; optional string nodeName = 4 [(keep) = true];
  optional ObjectReference targetRef = 2;
}
message EndpointPort {
  optional string name = 1; optional int32 port = 2 [(keep) = true]; optional string protocol = 3;
  optional string appProtocol = 4 [(keep) = true];
}
message EndpointSubset {
  repeated EndpointAddress addresses = 1; repeated EndpointAddress notReadyAddresses = 2;
  repeated EndpointPort ports = 3;
}
message Endpoints {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; repeated EndpointSubset subsets = 2;
}
message LimitRange {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional LimitRangeSpec spec = 2;
}
message LimitRangeItem {
  optional string type = 1 [(keep) = true]; map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> max = 2;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> min = 3;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> default = 4;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> defaultRequest = 5;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> maxLimitRequestRatio = 6;
}
message LimitRangeSpec { repeated LimitRangeItem limits = 1 [(nil) = true]; }
message Node {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional NodeSpec spec = 2;
  optional NodeStatus status = 3;
}
message NodeAddress { optional string type = 1 [(keep) = true]; optional string address = 2 [(keep) = true]; }
message NodeCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastHeartbeatTime = 3;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4; optional string reason = 5;
  optional string message = 6;
}
message NodeConfigSource { optional ConfigMapNodeConfigSource configMap = 2; }
message NodeConfigStatus {
  optional NodeConfigSource assigned = 1; optional NodeConfigSource active = 2;
  optional NodeConfigSource lastKnownGood = 3; optional string error = 4;
}
message NodeDaemonEndpoints { optional DaemonEndpoint kubeletEndpoint = 1; }
message NodeFeatures { optional bool supplementalGroupsPolicy = 1 [(keep) = true]; }
message NodeRuntimeHandler {
  optional string name = 1 [(keep) = true]; optional NodeRuntimeHandlerFeatures features = 2;
}
message NodeRuntimeHandlerFeatures {
  optional bool recursiveReadOnlyMounts = 1 [(keep) = true]; optional bool userNamespaces = 2 [(keep) = true];
}
message NodeSpec {
  optional string podCIDR = 1; repeated string podCIDRs = 7; optional string providerID = 3;
  optional bool unschedulable = 4; repeated Taint taints = 5; optional NodeConfigSource configSource = 6;
  optional string externalID = 2;
}
message NodeStatus {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> capacity = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> allocatable = 2; optional string phase = 3;
  repeated NodeCondition conditions = 4; repeated NodeAddress addresses = 5;
  optional NodeDaemonEndpoints daemonEndpoints = 6; optional NodeSystemInfo nodeInfo = 7;
  repeated ContainerImage images = 8; repeated string volumesInUse = 9; repeated AttachedVolume volumesAttached = 10;
  optional NodeConfigStatus config = 11; repeated NodeRuntimeHandler runtimeHandlers = 12;
  optional NodeFeatures features = 13;
}
message NodeSwapStatus { optional int64 capacity = 1 [(keep) = true]; }
message NodeSystemInfo {
  optional string machineID = 1 [(keep) = true]; optional string systemUUID = 2 [(keep) = true];
  optional string bootID = 3 [(keep) = true]; optional string kernelVersion = 4 [(keep) = true];
  optional string osImage = 5 [(keep) = true]; optional string containerRuntimeVersion = 6 [(keep) = true];
  optional string kubeletVersion = 7 [(keep) = true]; optional string kubeProxyVersion = 8 [(keep) = true];
  optional string operatingSystem = 9 [(keep) = true]; optional string architecture = 10 [(keep) = true];
  optional NodeSwapStatus swap = 11;
}
message PodTemplate {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional PodTemplateSpec template = 2;
}
message ReplicationController {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional ReplicationControllerSpec spec = 2;
  optional ReplicationControllerStatus status = 3;
}
message ReplicationControllerCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3; optional string reason = 4;
  optional string message = 5;
}
message ReplicationControllerSpec {
  optional int32 replicas = 1 [(keep) = true]; optional int32 minReadySeconds = 4; map<string, string> selector = 2;
  optional PodTemplateSpec template = 3;
}
message ReplicationControllerStatus {
  optional int32 replicas = 1 [(keep) = true]; optional int32 fullyLabeledReplicas = 2;
  optional int32 readyReplicas = 4; optional int32 availableReplicas = 5; optional int64 observedGeneration = 3;
  repeated ReplicationControllerCondition conditions = 6;
}
message Taint {
  optional string key = 1 [(keep) = true]; optional string value = 2; optional string effect = 3 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time timeAdded = 4;
}
message TopologySelectorLabelRequirement {
  optional string key = 1 [(keep) = true]; repeated string values = 2 [(nil) = true];
}
message TopologySelectorTerm { repeated TopologySelectorLabelRequirement matchLabelExpressions = 1; }
`,
];
