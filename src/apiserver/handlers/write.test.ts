// parseDeleteOptions (query and body forms, validation wording) and the write handlers' Kubernetes messages,
// driven through a real ApiServer over the memory backend with fake requests (no socket).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDeleteOptions } from './write.js';
import type { RequestContext } from './context.js';
import { ApiError } from '../../machinery/errors.js';
import { ApiServer } from '../server.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';

function dctx(query = '', contentType = 'application/json'): RequestContext {
  return { query: new URLSearchParams(query), req: { headers: { 'content-type': contentType } } } as unknown as RequestContext;
}
const body = (o: unknown) => Buffer.from(JSON.stringify(o));
function apiErr(code: number, reason: string, message: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.reason, reason);
    if (typeof message === 'string') assert.equal(e.message, message); else assert.match(e.message, message);
    return true;
  };
}

describe('parseDeleteOptions', () => {
  test('an empty request means defaults', () => {
    assert.deepEqual(parseDeleteOptions(dctx(), Buffer.alloc(0)), { dryRun: false });
  });

  test('reads the query parameters kubectl sends', () => {
    assert.deepEqual(parseDeleteOptions(dctx('gracePeriodSeconds=0&propagationPolicy=Foreground&dryRun=All'), Buffer.alloc(0)),
      { gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: true });
    assert.deepEqual(parseDeleteOptions(dctx('orphanDependents=true'), Buffer.alloc(0)), { orphanDependents: true, dryRun: false });
  });

  test('reads a DeleteOptions body with preconditions', () => {
    const o = parseDeleteOptions(dctx(), body({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 10, propagationPolicy: 'Background', preconditions: { uid: 'u1', resourceVersion: '7' }, dryRun: ['All'] }));
    assert.deepEqual(o, { gracePeriodSeconds: 10, propagationPolicy: 'Background', preconditions: { uid: 'u1', resourceVersion: '7' }, dryRun: true });
  });

  test('a negative grace period means 1 second, as in rest.BeforeDelete', () => {
    assert.equal(parseDeleteOptions(dctx('gracePeriodSeconds=-5'), Buffer.alloc(0)).gracePeriodSeconds, 1);
    assert.equal(parseDeleteOptions(dctx(), body({ gracePeriodSeconds: -1 })).gracePeriodSeconds, 1);
  });

  test('refuses a non-integer grace period', () => {
    assert.throws(() => parseDeleteOptions(dctx('gracePeriodSeconds=soon'), Buffer.alloc(0)), apiErr(400, 'BadRequest', 'gracePeriodSeconds must be an integer, got "soon"'));
  });

  test('refuses an unknown propagationPolicy with the DeleteOptions validation message', () => {
    assert.throws(() => parseDeleteOptions(dctx('propagationPolicy=Later'), Buffer.alloc(0)),
      apiErr(422, 'Invalid', 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Later": supported values: "Foreground", "Background", "Orphan", "nil"'));
  });

  test('refuses orphanDependents together with propagationPolicy', () => {
    assert.throws(() => parseDeleteOptions(dctx(), body({ propagationPolicy: 'Orphan', orphanDependents: true })),
      apiErr(422, 'Invalid', 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set'));
  });

  test('refuses a body of another kind, broken JSON and bad dryRun values', () => {
    assert.throws(() => parseDeleteOptions(dctx(), body({ kind: 'Pod' })), apiErr(400, 'BadRequest', 'the kind in the data (Pod) does not match the expected kind (DeleteOptions)'));
    assert.throws(() => parseDeleteOptions(dctx(), Buffer.from('{')), apiErr(400, 'BadRequest', /^couldn't decode the DeleteOptions body as JSON/));
    assert.throws(() => parseDeleteOptions(dctx(), body([])), apiErr(400, 'BadRequest', 'the DeleteOptions body must be a JSON object, got an array'));
    assert.throws(() => parseDeleteOptions(dctx(), body({ dryRun: ['Yes'] })), apiErr(400, 'BadRequest', 'dryRun: Unsupported value: "Yes": supported values: "All"'));
  });
});

// ---- through the server

interface Reply { status: number; headers: Record<string, unknown>; body: Record<string, unknown> }

async function call(server: ApiServer, method: string, url: string, payload?: unknown): Promise<Reply> {
  const data = payload === undefined ? [] : [Buffer.from(JSON.stringify(payload))];
  const req = Object.assign(Readable.from(data), {
    method, url, headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'kubectl/v1.33.1 (linux/amd64)' }, socket: {},
  }) as unknown as IncomingMessage;
  return new Promise<Reply>((resolve) => {
    let status = 0; let headers: Record<string, unknown> = {};
    const res: Record<string, unknown> = { headersSent: false, writableEnded: false, statusCode: 200 };
    Object.assign(res, {
      writeHead(code: number, h: Record<string, unknown>) { status = code; headers = h; res.headersSent = true; res.statusCode = code; return res; },
      end(text?: string) { res.writableEnded = true; resolve({ status, headers, body: text ? JSON.parse(text) : {} }); },
      on() { return res; }, setHeader() {}, write() { return true; }, flushHeaders() {},
    });
    void server.handle(req, res as unknown as ServerResponse);
  });
}

describe('write handlers through ApiServer.handle', () => {
  let server: ApiServer;
  before(async () => {
    server = new ApiServer({
      backend: createMemoryBackend(), clock: new FakeClock(Date.parse('2024-05-01T10:00:00Z')), tls: { key: '', cert: '', ca: '' },
      authenticate: () => ({ username: 'admin', groups: ['system:masters'] }), serviceCIDR: '10.43.0.0/16',
    });
    await server.init();
    await server.entry('', 'v1', 'namespaces').store!.create('', { metadata: { name: 'default' } });
  });
  after(() => server.close());

  const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data: { k: 'v' } });

  test('POST creates (201) and a second POST is 409 AlreadyExists', async () => {
    const r = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', cm('a'));
    assert.equal(r.status, 201);
    const again = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', cm('a'));
    assert.equal(again.status, 409);
    assert.deepEqual({ reason: again.body.reason, message: again.body.message }, { reason: 'AlreadyExists', message: 'configmaps "a" already exists' });
  });

  test('POST into a missing namespace is 404 namespaces "x" not found', async () => {
    const r = await call(server, 'POST', '/api/v1/namespaces/nowhere/configmaps', cm('a'));
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'namespaces "nowhere" not found');
  });

  test('POST with a body namespace that differs from the path is 400', async () => {
    const r = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', cm('b', { namespace: 'other' }));
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'the namespace of the provided object does not match the namespace sent on the request');
  });

  test('PUT with a stale resourceVersion is 409 with the exact Conflict message', async () => {
    const created = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', cm('c'));
    const rv = (created.body.metadata as { resourceVersion: string }).resourceVersion;
    const ok = await call(server, 'PUT', '/api/v1/namespaces/default/configmaps/c', { ...cm('c', { resourceVersion: rv }), data: { k: 'v2' } });
    assert.equal(ok.status, 200);
    const stale = await call(server, 'PUT', '/api/v1/namespaces/default/configmaps/c', { ...cm('c', { resourceVersion: rv }), data: { k: 'v3' } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal(stale.body.message, 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
  });

  test('PUT with a name that differs from the URL is 400', async () => {
    const r = await call(server, 'PUT', '/api/v1/namespaces/default/configmaps/c', cm('d'));
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'the name of the object (d) does not match the name on the URL (c)');
  });

  test('DELETE with a stale uid precondition is 409 and keeps the object; Foreground answers 202', async () => {
    await call(server, 'POST', '/api/v1/namespaces/default/configmaps', cm('e'));
    const pre = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/e', { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'nope' } });
    assert.equal(pre.status, 409);
    assert.equal(pre.body.reason, 'Conflict');
    const fg = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/e?propagationPolicy=Foreground');
    assert.equal(fg.status, 202);
    assert.deepEqual((fg.body.metadata as { finalizers: string[] }).finalizers, ['foregroundDeletion']);
  });
});
