// Reading and decoding request bodies: size limit, JSON/YAML/protobuf by Content-Type, precise 4xx errors.
import type { IncomingMessage } from 'node:http';
import { parseDocument } from 'yaml';
import { ApiError, badRequest, tooLarge } from '../../machinery/errors.js';

export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge(`Request entity too large: limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge(`Request entity too large: limit is ${limit}`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Parse JSON text the way apimachinery reports errors: 400 with the decoder's message. */
export function parseJson(body: Buffer | string, what = 'the request body'): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!text.trim()) throw badRequest(`${what} is empty: a JSON object is required`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't decode ${what} as JSON: ${(e as Error).message}`);
  }
}

/** YAML (a superset of JSON), one document. Duplicate keys are errors, as in Kubernetes' strict YAML decoding. */
export function parseYaml(body: Buffer | string, what = 'the request body'): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!text.trim()) throw badRequest(`${what} is empty: a YAML or JSON object is required`);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length) throw badRequest(`error converting YAML to JSON: ${doc.errors[0].message.split('\n')[0]}`);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
}

export function requireObject(v: unknown, what = 'the request body'): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw badRequest(`${what} must be a JSON object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  }
  return v as Record<string, unknown>;
}

export function isApiErrorLike(e: unknown): e is ApiError { return e instanceof ApiError; }
