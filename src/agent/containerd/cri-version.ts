// One CRI call, `runtime.v1.RuntimeService/Version`, made with raw bytes so this folder needs no proto file: the
// request is empty and the response is four string fields. Used to know that containerd's CRI plugin answers.
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';

export interface CriVersion {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/** Decodes a runtime.v1 VersionResponse (fields 1..4, all strings). */
export function decodeVersionResponse(buf: Buffer): CriVersion {
  const r = protobuf.Reader.create(buf);
  const v: CriVersion = { version: '', runtimeName: '', runtimeVersion: '', runtimeApiVersion: '' };
  const names = ['', 'version', 'runtimeName', 'runtimeVersion', 'runtimeApiVersion'] as const;
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if ((tag & 7) === 2 && field >= 1 && field <= 4) v[names[field] as keyof CriVersion] = r.string();
    else r.skipType(tag & 7);
  }
  return v;
}

/** Calls CRI Version on a unix socket; rejects on any gRPC error or after `timeoutMs`. */
export function criVersion(socket: string, timeoutMs = 2000): Promise<CriVersion> {
  const client = new grpc.Client(`unix://${socket}`, grpc.credentials.createInsecure());
  return new Promise<CriVersion>((resolve, reject) => {
    client.makeUnaryRequest(
      '/runtime.v1.RuntimeService/Version',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      { deadline: Date.now() + timeoutMs },
      (err, res) => {
        if (err || !res) reject(err ?? new Error('Empty CRI Version response'));
        else {
          try { resolve(decodeVersionResponse(res)); } catch (e) { reject(e); }
        }
      },
    );
  }).finally(() => client.close());
}
