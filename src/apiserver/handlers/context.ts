// What every resource handler receives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestInfo } from '../http/requestinfo.js';
import type { ResourceEntry } from '../registry/registry.js';
import type { UserInfo } from '../auth/authn.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: RequestInfo;
  user: UserInfo;
  entry: ResourceEntry;
  /** Response warnings (`Warning: 299 - "..."` headers). */
  warnings: string[];
}

export function warningHeaders(ctx: RequestContext): Record<string, string> | undefined {
  if (!ctx.warnings.length) return undefined;
  return { Warning: ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** The default field manager: the User-Agent's program name (`kubectl` from `kubectl/v1.33.1 (...)`). */
export function defaultFieldManager(req: IncomingMessage): string {
  const ua = req.headers['user-agent'] ?? '';
  const name = ua.split('/')[0].trim();
  return name.slice(0, 128) || 'unknown';
}
