// Hand-maintained proto2 schema (field numbers from kubernetes/api and apimachinery release-1.33 generated.proto).
// Options: (keep) = emit zero values (Go pointer or no omitempty); (inline) = merge into parent JSON; (json) = JSON name.
// See ../README.md for how to add a message.
// core/v1 PersistentVolume and its persistent volume sources (the pod volume sources are in core-volume.ts).

export const CORE_PV_PROTO: readonly string[] = [
`syntax = "proto2";
package k8s.io.api.core.v1;

message AzureFilePersistentVolumeSource {
  optional string secretName = 1 [(keep) = true]; optional string shareName = 2 [(keep) = true];
  optional bool readOnly = 3; optional string secretNamespace = 4 [(keep) = true];
}
message CSIPersistentVolumeSource {
  optional string driver = 1 [(keep) = true]; optional string volumeHandle = 2 [(keep) = true];
  optional bool readOnly = 3; optional string fsType = 4; map<string, string> volumeAttributes = 5;
  optional SecretReference controllerPublishSecretRef = 6; optional SecretReference nodeStageSecretRef = 7;
  optional SecretReference nodePublishSecretRef = 8; optional SecretReference controllerExpandSecretRef = 9;
  optional SecretReference nodeExpandSecretRef = 10;
}
message CephFSPersistentVolumeSource {
  repeated string monitors = 1 [(nil) = true]; optional string path = 2; optional string user = 3;
  optional string secretFile = 4; optional SecretReference secretRef = 5; optional bool readOnly = 6;
}
message CinderPersistentVolumeSource {
  optional string volumeID = 1 [(keep) = true]; optional string fsType = 2; optional bool readOnly = 3;
  optional SecretReference secretRef = 4;
}
message FlexPersistentVolumeSource {
  optional string driver = 1 [(keep) = true]; optional string fsType = 2; optional SecretReference secretRef = 3;
  optional bool readOnly = 4; map<string, string> options = 5;
}
message GlusterfsPersistentVolumeSource {
  optional string endpoints = 1 [(keep) = true]; optional string path = 2 [(keep) = true]; optional bool readOnly = 3;
  optional string endpointsNamespace = 4 [(keep) = true];
}
message ISCSIPersistentVolumeSource {
  optional string targetPortal = 1 [(keep) = true]; optional string iqn = 2 [(keep) = true];
  optional int32 lun = 3 [(keep) = true]; optional string iscsiInterface = 4; optional string fsType = 5;
  optional bool readOnly = 6; repeated string portals = 7; optional bool chapAuthDiscovery = 8;
  optional bool chapAuthSession = 11; optional SecretReference secretRef = 10;
  optional string initiatorName = 12 [(keep) = true];
}
message LocalVolumeSource { optional string path = 1 [(keep) = true]; optional string fsType = 2 [(keep) = true]; }
message PersistentVolume {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional PersistentVolumeSpec spec = 2;
  optional PersistentVolumeStatus status = 3;
}
message PersistentVolumeSource {
  optional GCEPersistentDiskVolumeSource gcePersistentDisk = 1;
  optional AWSElasticBlockStoreVolumeSource awsElasticBlockStore = 2; optional HostPathVolumeSource hostPath = 3;
  optional GlusterfsPersistentVolumeSource glusterfs = 4; optional NFSVolumeSource nfs = 5;
  optional RBDPersistentVolumeSource rbd = 6; optional ISCSIPersistentVolumeSource iscsi = 7;
  optional CinderPersistentVolumeSource cinder = 8; optional CephFSPersistentVolumeSource cephfs = 9;
  optional FCVolumeSource fc = 10; optional FlockerVolumeSource flocker = 11;
  optional FlexPersistentVolumeSource flexVolume = 12; optional AzureFilePersistentVolumeSource azureFile = 13;
  optional VsphereVirtualDiskVolumeSource vsphereVolume = 14; optional QuobyteVolumeSource quobyte = 15;
  optional AzureDiskVolumeSource azureDisk = 16; optional PhotonPersistentDiskVolumeSource photonPersistentDisk = 17;
  optional PortworxVolumeSource portworxVolume = 18; optional ScaleIOPersistentVolumeSource scaleIO = 19;
  optional LocalVolumeSource local = 20; optional StorageOSPersistentVolumeSource storageos = 21;
  optional CSIPersistentVolumeSource csi = 22;
}
message PersistentVolumeSpec {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> capacity = 1;
  optional PersistentVolumeSource persistentVolumeSource = 2 [(inline) = true]; repeated string accessModes = 3;
  optional ObjectReference claimRef = 4; optional string persistentVolumeReclaimPolicy = 5;
  optional string storageClassName = 6; repeated string mountOptions = 7;
  optional string volumeMode = 8 [(keep) = true]; optional VolumeNodeAffinity nodeAffinity = 9;
  optional string volumeAttributesClassName = 10 [(keep) = true];
}
message PersistentVolumeStatus {
  optional string phase = 1; optional string message = 2; optional string reason = 3;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastPhaseTransitionTime = 4;
}
message RBDPersistentVolumeSource {
  repeated string monitors = 1 [(nil) = true]; optional string image = 2 [(keep) = true]; optional string fsType = 3;
  optional string pool = 4; optional string user = 5; optional string keyring = 6;
  optional SecretReference secretRef = 7; optional bool readOnly = 8;
}
message ScaleIOPersistentVolumeSource {
  optional string gateway = 1 [(keep) = true]; optional string system = 2 [(keep) = true];
  optional SecretReference secretRef = 3 [(nil) = true]; optional bool sslEnabled = 4;
  optional string protectionDomain = 5; optional string storagePool = 6; optional string storageMode = 7;
  optional string volumeName = 8; optional string fsType = 9; optional bool readOnly = 10;
}
message SecretReference { optional string name = 1; optional string namespace = 2; }
message StorageOSPersistentVolumeSource {
  optional string volumeName = 1; optional string volumeNamespace = 2; optional string fsType = 3;
  optional bool readOnly = 4; optional ObjectReference secretRef = 5;
}
message VolumeNodeAffinity { optional NodeSelector required = 1; }
`,
];
