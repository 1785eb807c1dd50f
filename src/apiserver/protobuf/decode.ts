// decodeK8sProtobuf: the body of a request sent as `application/vnd.kubernetes.protobuf`, as the JSON object the rest
// of the server works with. Layout (apimachinery runtime/serializer/protobuf):
//   "k8s\0" | runtime.Unknown { typeMeta=1 { apiVersion=1, kind=2 }, raw=2 (the object's message), contentEncoding=3, contentType=4 }
import type { KObject } from '../../api/types.js';
import { badRequest } from '../../machinery/errors.js';
import { messageForKind } from './kinds.js';
import { decodeRaw } from './to-json.js';
import { WireError, WireReader, WT_LEN } from './wire.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Group/version/kind to assume when the envelope leaves them empty (the request path's), as the real server does. */
export interface ProtobufDefaults { apiVersion?: string; kind?: string }

interface Envelope { apiVersion: string; kind: string; raw: Uint8Array; contentEncoding: string }

function readTypeMeta(r: WireReader, end: number, env: Envelope): void {
  while (r.pos < end) {
    const { field, wireType } = r.tag(end);
    if ((field === 1 || field === 2) && wireType === WT_LEN) {
      const s = r.string(end);
      if (field === 1) env.apiVersion = s; else env.kind = s;
    } else if (field === 1 || field === 2) {
      throw new WireError(`wrong wire type ${wireType} for typeMeta.${field === 1 ? 'apiVersion' : 'kind'} at byte ${r.pos}`);
    } else {
      r.skip(wireType, end);
    }
  }
}

function readEnvelope(body: Uint8Array): Envelope {
  const r = new WireReader(body, PROTOBUF_MAGIC.length);
  const end = body.length;
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '' };
  while (r.pos < end) {
    const { field, wireType } = r.tag(end);
    if (field >= 1 && field <= 4 && wireType !== WT_LEN) {
      throw new WireError(`wrong wire type ${wireType} for runtime.Unknown field ${field} at byte ${r.pos}`);
    }
    switch (field) {
      case 1: { const stop = r.lengthEnd(end); readTypeMeta(r, stop, env); break; }
      case 2: env.raw = r.bytes(end); break;
      case 3: env.contentEncoding = r.string(end); break;
      case 4: r.string(end); break;
      default: r.skip(wireType, end);
    }
  }
  return env;
}

function wireMessage(e: WireError): string {
  return e.path.length ? `${e.path.join('.').replace(/\.\[/g, '[')}: ${e.message}` : e.message;
}

/** Decodes a Kubernetes protobuf request body; every malformed input throws a 400 BadRequest ApiError. */
export function decodeK8sProtobuf(body: Buffer | Uint8Array, defaults: ProtobufDefaults = {}): KObject {
  if (body.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.equals(body.subarray(0, PROTOBUF_MAGIC.length))) {
    throw badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  let env: Envelope;
  try {
    env = readEnvelope(body);
  } catch (e) {
    if (e instanceof WireError) throw badRequest(`unable to decode protobuf envelope (runtime.Unknown): ${wireMessage(e)}`);
    throw e;
  }
  const apiVersion = env.apiVersion || defaults.apiVersion || '';
  const kind = env.kind || defaults.kind || '';
  if (!kind) throw badRequest(`Object 'Kind' is missing in protobuf envelope (apiVersion ${JSON.stringify(apiVersion)})`);
  if (!apiVersion) throw badRequest(`Object 'apiVersion' is missing in protobuf envelope (kind ${JSON.stringify(kind)})`);
  if (env.contentEncoding) throw badRequest(`unsupported protobuf contentEncoding ${JSON.stringify(env.contentEncoding)}`);
  const type = messageForKind(apiVersion, kind);
  if (!type) throw badRequest(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in protobuf`);
  let obj: Record<string, unknown>;
  try {
    // Read the object in place so that error offsets count from the start of the request body.
    const start = env.raw.byteOffset - body.byteOffset;
    obj = decodeRaw(new WireReader(body, start), start + env.raw.length, type, 0) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof WireError) throw badRequest(`unable to decode protobuf ${kind} (${apiVersion}): ${wireMessage(e)}`);
    if (e instanceof RangeError) throw badRequest(`unable to decode protobuf ${kind} (${apiVersion}): ${e.message}`);
    throw e;
  }
  return { apiVersion, kind, ...obj };
}
