// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.

export const STORAGE_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.storage.v1;

message CSIDriver {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional CSIDriverSpec spec = 2;
}
message CSIDriverSpec {
  optional bool attachRequired = 1 [(keep) = true]; optional bool podInfoOnMount = 2 [(keep) = true];
  repeated string volumeLifecycleModes = 3; optional bool storageCapacity = 4 [(keep) = true];
  optional string fsGroupPolicy = 5 [(keep) = true]; repeated TokenRequest tokenRequests = 6;
  optional bool requiresRepublish = 7 [(keep) = true]; optional bool seLinuxMount = 8 [(keep) = true];
  optional int64 nodeAllocatableUpdatePeriodSeconds = 9 [(keep) = true];
}
message CSINode {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional CSINodeSpec spec = 2;
}
message CSINodeDriver {
  optional string name = 1 [(keep) = true]; optional string nodeID = 2 [(keep) = true];
  repeated string topologyKeys = 3 [(nil) = true]; optional VolumeNodeResources allocatable = 4;
}
message CSINodeSpec { repeated CSINodeDriver drivers = 1 [(nil) = true]; }
message StorageClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional string provisioner = 2 [(keep) = true]; map<string, string> parameters = 3;
  optional string reclaimPolicy = 4 [(keep) = true]; repeated string mountOptions = 5;
  optional bool allowVolumeExpansion = 6 [(keep) = true]; optional string volumeBindingMode = 7 [(keep) = true];
  repeated .k8s.io.api.core.v1.TopologySelectorTerm allowedTopologies = 8;
}
message TokenRequest {
  optional string audience = 1 [(keep) = true]; optional int64 expirationSeconds = 2 [(keep) = true];
}
message VolumeAttachment {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional VolumeAttachmentSpec spec = 2;
  optional VolumeAttachmentStatus status = 3;
}
message VolumeAttachmentSource {
  optional string persistentVolumeName = 1 [(keep) = true];
  optional .k8s.io.api.core.v1.PersistentVolumeSpec inlineVolumeSpec = 2;
}
message VolumeAttachmentSpec {
  optional string attacher = 1 [(keep) = true]; optional VolumeAttachmentSource source = 2;
  optional string nodeName = 3 [(keep) = true];
}
message VolumeAttachmentStatus {
  optional bool attached = 1 [(keep) = true]; map<string, string> attachmentMetadata = 2;
  optional VolumeError attachError = 3; optional VolumeError detachError = 4;
}
message VolumeError {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time time = 1; optional string message = 2;
  optional int32 errorCode = 3 [(keep) = true];
}
message VolumeNodeResources { optional int32 count = 1 [(keep) = true]; }
`,
];
