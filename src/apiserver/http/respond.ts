// Writing responses: JSON objects, Status errors, plain text.
import type { ServerResponse } from 'node:http';
import { ApiError, internalError } from '../../machinery/errors.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) { res.end(); return; }
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Already-serialized JSON. */
export function sendRaw(res: ServerResponse, code: number, json: string): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : internalError(err);
}

export function sendError(res: ServerResponse, err: unknown, extraHeaders: Record<string, string> = {}): void {
  const e = toApiError(err);
  sendJson(res, e.code, e.toStatus(), { ...(e.headers ?? {}), ...extraHeaders });
}
