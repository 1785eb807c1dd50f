// Loads the hand-written proto2 sources into one protobufjs Root at module load (no .proto assets to copy).
import protobuf from 'protobufjs';
import { APIEXTENSIONS_PROTO } from './apiextensions.js';
import { APPS_PROTO } from './apps.js';
import { AUTH_PROTO } from './auth.js';
import { AUTOSCALING_PROTO } from './autoscaling.js';
import { BATCH_PROTO } from './batch.js';
import { CORE_CLUSTER_PROTO } from './core-cluster.js';
import { CORE_OBJECT_PROTO } from './core-object.js';
import { CORE_POD_PROTO } from './core-pod.js';
import { CORE_PV_PROTO } from './core-pv.js';
import { CORE_VOLUME_PROTO } from './core-volume.js';
import { META_PROTO } from './meta.js';
import { MISC_PROTO } from './misc.js';
import { NETWORKING_PROTO } from './networking.js';
import { STORAGE_PROTO } from './storage.js';

export const ALL_PROTO_SOURCES: readonly string[] = [
  ...META_PROTO, ...CORE_OBJECT_PROTO, ...CORE_POD_PROTO, ...CORE_VOLUME_PROTO, ...CORE_PV_PROTO, ...CORE_CLUSTER_PROTO,
  ...APPS_PROTO, ...BATCH_PROTO, ...AUTH_PROTO, ...AUTOSCALING_PROTO, ...NETWORKING_PROTO, ...STORAGE_PROTO,
  ...APIEXTENSIONS_PROTO, ...MISC_PROTO,
];

/** Builds a fresh Root from the sources; throws if a type reference does not resolve. */
export function loadSchema(sources: readonly string[] = ALL_PROTO_SOURCES): protobuf.Root {
  const root = new protobuf.Root();
  for (const src of sources) protobuf.parse(src, root, { keepCase: true });
  root.resolveAll();
  return root;
}

let loaded: protobuf.Root | undefined;
/** The schema, parsed on first use (parsing every .proto source costs ~100 ms of start-up otherwise). */
export function schemaRoot(): protobuf.Root {
  return (loaded ??= loadSchema());
}

export const META_PKG = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** The message type with this full name (no leading dot), or undefined. */
export function messageType(fullName: string): protobuf.Type | undefined {
  try {
    const t = schemaRoot().lookup(fullName);
    return t instanceof protobuf.Type ? t : undefined;
  } catch {
    return undefined;
  }
}

/** True when a proto package of this full name has been loaded. */
export function hasPackage(fullName: string): boolean {
  try {
    const ns = schemaRoot().lookup(fullName);
    return ns instanceof protobuf.Namespace && !(ns instanceof protobuf.Type);
  } catch {
    return false;
  }
}
