// Maps an envelope's apiVersion/kind to the protobuf message that encodes it.
import type protobuf from 'protobufjs';
import { APIEXTENSIONS_PKG } from './plan.js';
import { hasPackage, META_PKG, messageType } from './schema/index.js';

/** Kinds from meta.k8s.io/v1 that every group version also accepts, as in apimachinery's AddToGroupVersion. */
const META_KINDS = new Set(['DeleteOptions', 'Status']);

/**
 * `v1` → core; `apps/v1` → apps; `rbac.authorization.k8s.io/v1` → rbac (the proto package uses the first label);
 * `apiextensions.k8s.io/v1` → the apiextensions-apiserver package.
 */
export function protoPackage(apiVersion: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version)) return undefined;
  if (group === '') return `k8s.io.api.core.${version}`;
  if (group === 'meta.k8s.io') return version === 'v1' ? META_PKG : undefined;
  if (group === 'apiextensions.k8s.io') return `${APIEXTENSIONS_PKG}.${version}`;
  const first = group.split('.')[0]!;
  if (!/^[a-z0-9]+$/.test(first)) return undefined;
  return `k8s.io.api.${first}.${version}`;
}

/** A top-level kind: its message carries `metadata` (ObjectMeta) as field 1. */
function isTopLevel(t: protobuf.Type): boolean {
  const f = t.fieldsById[1];
  return f !== undefined && f.name === 'metadata' && f.resolvedType !== null && f.resolvedType.name === 'ObjectMeta';
}

/** The message for apiVersion/kind, or undefined when this server cannot decode that kind from protobuf. */
export function messageForKind(apiVersion: string, kind: string): protobuf.Type | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const pkg = protoPackage(apiVersion);
  if (!pkg) return undefined;
  if (META_KINDS.has(kind)) {
    if (pkg !== META_PKG && !hasPackage(pkg)) return undefined;
    return messageType(`${META_PKG}.${kind}`);
  }
  const t = messageType(`${pkg}.${kind}`);
  return t && isTopLevel(t) ? t : undefined;
}
