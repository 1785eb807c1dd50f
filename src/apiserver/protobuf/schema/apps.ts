// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.

export const APPS_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.apps.v1;

message ControllerRevision {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional .k8s.io.apimachinery.pkg.runtime.RawExtension data = 2; optional int64 revision = 3 [(keep) = true];
}
message DaemonSet {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional DaemonSetSpec spec = 2;
  optional DaemonSetStatus status = 3;
}
message DaemonSetCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3; optional string reason = 4;
  optional string message = 5;
}
message DaemonSetSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 1 [(nil) = true];
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 2; optional DaemonSetUpdateStrategy updateStrategy = 3;
  optional int32 minReadySeconds = 4; optional int32 revisionHistoryLimit = 6 [(keep) = true];
}
message DaemonSetStatus {
  optional int32 currentNumberScheduled = 1 [(keep) = true]; optional int32 numberMisscheduled = 2 [(keep) = true];
  optional int32 desiredNumberScheduled = 3 [(keep) = true]; optional int32 numberReady = 4 [(keep) = true];
  optional int64 observedGeneration = 5; optional int32 updatedNumberScheduled = 6;
  optional int32 numberAvailable = 7; optional int32 numberUnavailable = 8;
  optional int32 collisionCount = 9 [(keep) = true]; repeated DaemonSetCondition conditions = 10;
}
message DaemonSetUpdateStrategy { optional string type = 1; optional RollingUpdateDaemonSet rollingUpdate = 2; }
message Deployment {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional DeploymentSpec spec = 2;
  optional DeploymentStatus status = 3;
}
message DeploymentCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastUpdateTime = 6;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 7; optional string reason = 4;
  optional string message = 5;
}
message DeploymentSpec {
  optional int32 replicas = 1 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2 [(nil) = true];
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3; optional DeploymentStrategy strategy = 4;
  optional int32 minReadySeconds = 5; optional int32 revisionHistoryLimit = 6 [(keep) = true];
  optional bool paused = 7; optional int32 progressDeadlineSeconds = 9 [(keep) = true];
}
message DeploymentStatus {
  optional int64 observedGeneration = 1; optional int32 replicas = 2; optional int32 updatedReplicas = 3;
  optional int32 readyReplicas = 7; optional int32 availableReplicas = 4; optional int32 unavailableReplicas = 5;
  optional int32 terminatingReplicas = 9 [(keep) = true]; repeated DeploymentCondition conditions = 6;
  optional int32 collisionCount = 8 [(keep) = true];
}
message DeploymentStrategy { optional string type = 1; optional RollingUpdateDeployment rollingUpdate = 2; }
message ReplicaSet {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional ReplicaSetSpec spec = 2;
  optional ReplicaSetStatus status = 3;
}
message ReplicaSetCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3; optional string reason = 4;
  optional string message = 5;
}
message ReplicaSetSpec {
  optional int32 replicas = 1 [(keep) = true]; optional int32 minReadySeconds = 4;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2 [(nil) = true];
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3;
}
message ReplicaSetStatus {
  optional int32 replicas = 1 [(keep) = true]; optional int32 fullyLabeledReplicas = 2;
  optional int32 readyReplicas = 4; optional int32 availableReplicas = 5;
  optional int32 terminatingReplicas = 7 [(keep) = true]; optional int64 observedGeneration = 3;
  repeated ReplicaSetCondition conditions = 6;
}
message RollingUpdateDaemonSet {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2;
}
message RollingUpdateDeployment {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2;
}
message RollingUpdateStatefulSetStrategy {
  optional int32 partition = 1 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 2;
}
message StatefulSet {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional StatefulSetSpec spec = 2;
  optional StatefulSetStatus status = 3;
}
message StatefulSetCondition {
  optional string type = 1 [(keep) = true]; optional string status = 2 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3; optional string reason = 4;
  optional string message = 5;
}
message StatefulSetOrdinals { optional int32 start = 1 [(keep) = true]; }
message StatefulSetPersistentVolumeClaimRetentionPolicy {
  optional string whenDeleted = 1; optional string whenScaled = 2;
}
message StatefulSetSpec {
  optional int32 replicas = 1 [(keep) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2 [(nil) = true];
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3;
  repeated .k8s.io.api.core.v1.PersistentVolumeClaim volumeClaimTemplates = 4;
  optional string serviceName = 5 [(keep) = true]; optional string podManagementPolicy = 6;
  optional StatefulSetUpdateStrategy updateStrategy = 7; optional int32 revisionHistoryLimit = 8 [(keep) = true];
  optional int32 minReadySeconds = 9;
  optional StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy = 10;
  optional StatefulSetOrdinals ordinals = 11;
}
message StatefulSetStatus {
  optional int64 observedGeneration = 1; optional int32 replicas = 2 [(keep) = true];
  optional int32 readyReplicas = 3; optional int32 currentReplicas = 4; optional int32 updatedReplicas = 5;
  optional string currentRevision = 6; optional string updateRevision = 7;
  optional int32 collisionCount = 9 [(keep) = true]; repeated StatefulSetCondition conditions = 10;
  optional int32 availableReplicas = 11 [(keep) = true];
}
message StatefulSetUpdateStrategy {
  optional string type = 1; optional RollingUpdateStatefulSetStrategy rollingUpdate = 2;
}
`,
];
