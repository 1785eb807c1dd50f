// Test helpers for admission plugins: a real ApiServer on the memory backend, attributes for a write, and a 403 check.
import assert from 'node:assert/strict';
import { ApiServer } from '../server.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { KObject } from '../../api/types.js';
import type { UserInfo } from '../auth/user.js';

export async function testServer(): Promise<ApiServer> {
  const s = new ApiServer({ backend: createMemoryBackend(), clock: new FakeClock(0), tls: { key: '', cert: '', ca: '' }, authenticate: () => undefined, serviceCIDR: '10.43.0.0/16' });
  await s.init();
  return s;
}

/** Lets the watch hubs feed the server's caches. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

export const ADMIN: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

export function attrs(s: ApiServer, gvr: [string, string, string], object: KObject | undefined, over: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return {
    operation: 'CREATE', entry: s.entry(...gvr), namespace: object?.metadata?.namespace ?? '', name: object?.metadata?.name ?? '',
    subresource: '', object, user: ADMIN, dryRun: false, ...over,
  };
}

/** Creates objects straight in the store (no admission) and waits for the caches. */
export async function seed(s: ApiServer, gvr: [string, string, string], ...objs: KObject[]): Promise<void> {
  for (const o of objs) await s.entry(...gvr).store!.create(o.metadata?.namespace ?? '', structuredClone(o));
  await settle();
}

export async function rejects(run: () => unknown, code: number, message: string | RegExp): Promise<ApiError> {
  let err: unknown;
  try { await run(); } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected an ApiError ${code}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  return err;
}
