// Test helper: builds a Kubernetes protobuf request body from a plain object shaped like the proto message
// (proto field names; bytes as Buffer or base64; Time as {seconds,nanos}; IntOrString as {type,intVal,strVal}).
// Zero-valued fields are written only when present in `message`, so tests can mimic Go's "write every non-pointer field".
import { schemaRoot } from './schema/index.js';
import { PROTOBUF_MAGIC } from './decode.js';

export function encodeObject(messageName: string, message: Record<string, unknown>): Uint8Array {
  const t = schemaRoot().lookupType(messageName);
  return t.encode(t.fromObject(message)).finish();
}

export function encodeK8sProtobuf(apiVersion: string, kind: string, messageName: string, message: Record<string, unknown>): Buffer {
  const raw = encodeObject(messageName, message);
  const unknown = encodeObject('k8s.io.apimachinery.pkg.runtime.Unknown', { typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' });
  return Buffer.concat([PROTOBUF_MAGIC, unknown]);
}
