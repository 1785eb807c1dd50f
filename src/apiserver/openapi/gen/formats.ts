// Numeric and byte formats the TypeScript declarations cannot express: kubernetes-types writes every Go integer
// and float as `number`, and []byte as `string`. The Go types are int32 unless listed here. Keyed by
// `<TypeName>.<jsonField>` (type names are unique enough across the served groups). A test cross-checks this
// table against the formats @kubernetes/client-node (dev dependency) carries.

const INT64 = new Set([
  'CSIDriverSpec.nodeAllocatableUpdatePeriodSeconds', 'ContainerImage.sizeBytes', 'ControllerRevision.revision',
  'CronJobSpec.startingDeadlineSeconds', 'DeleteOptions.gracePeriodSeconds', 'DeviceAttribute.int',
  'DeviceRequest.count', 'DeviceSubRequest.count', 'DeviceToleration.tolerationSeconds', 'ExactDeviceRequest.count',
  'JSONSchemaProps.maxItems', 'JSONSchemaProps.maxLength', 'JSONSchemaProps.maxProperties', 'JSONSchemaProps.minItems',
  'JSONSchemaProps.minLength', 'JSONSchemaProps.minProperties', 'JobSpec.activeDeadlineSeconds',
  'LinuxContainerUser.gid', 'LinuxContainerUser.supplementalGroups', 'LinuxContainerUser.uid',
  'ListMeta.remainingItemCount', 'NamedResourcesAttribute.int', 'NamedResourcesIntSlice.ints', 'NodeSwapStatus.capacity',
  'ObjectMeta.deletionGracePeriodSeconds', 'ObjectMeta.generation', 'PodSecurityContext.fsGroup',
  'PodSecurityContext.runAsGroup', 'PodSecurityContext.runAsUser', 'PodSecurityContext.supplementalGroups',
  'PodSpec.activeDeadlineSeconds', 'PodSpec.terminationGracePeriodSeconds', 'Probe.terminationGracePeriodSeconds',
  'ResourcePool.generation', 'ResourcePool.resourceSliceCount', 'SecurityContext.runAsGroup', 'SecurityContext.runAsUser',
  'ServiceAccountTokenProjection.expirationSeconds', 'SleepAction.seconds', 'TokenRequest.expirationSeconds',
  'TokenRequestSpec.expirationSeconds', 'Toleration.tolerationSeconds',
]);

/** Fields named like this are int64 in every Go struct that has them. */
const INT64_FIELDS = new Set(['observedGeneration']);

const DOUBLE = new Set(['JSONSchemaProps.maximum', 'JSONSchemaProps.minimum', 'JSONSchemaProps.multipleOf']);

/** []byte fields (base64 strings on the wire); for maps, the values are bytes. */
const BYTES = new Set([
  'APIServiceSpec.caBundle', 'CertificateSigningRequestSpec.request', 'CertificateSigningRequestStatus.certificate',
  'ConfigMap.binaryData', 'Secret.data', 'WebhookClientConfig.caBundle',
]);

/** `{type, format}` for a `number` field of Go struct `typeName`. */
export function numberFormat(typeName: string, field: string): { type: 'integer' | 'number'; format: 'int32' | 'int64' | 'double' } {
  const key = `${typeName}.${field}`;
  if (DOUBLE.has(key)) return { type: 'number', format: 'double' };
  if (INT64.has(key) || INT64_FIELDS.has(field)) return { type: 'integer', format: 'int64' };
  return { type: 'integer', format: 'int32' };
}

export function isByteField(typeName: string, field: string): boolean {
  return BYTES.has(`${typeName}.${field}`);
}
