// CriRuntime against an in-process gRPC server serving the same api.proto on a unix socket: error mapping,
// idempotent stop/remove, request encoding, connect retry. (Field numbers against a real runtime are checked by
// client.integration.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { isNotFound, isRuntimeError } from '../runtime/errors.js';
import { connectCri } from './client.js';

type Handler = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

async function serve(handlers: Record<string, Handler>, socket: string, delayMs = 0): Promise<grpc.Server> {
  const def = await protoLoader.load(fileURLToPath(new URL('./api.proto', import.meta.url)),
    { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const v1 = (grpc.loadPackageDefinition(def)['runtime'] as grpc.GrpcObject)['v1'] as grpc.GrpcObject;
  const server = new grpc.Server();
  const rs = (v1['RuntimeService'] as grpc.ServiceClientConstructor).service;
  const is = (v1['ImageService'] as grpc.ServiceClientConstructor).service;
  const pick = (svc: grpc.ServiceDefinition) =>
    Object.fromEntries(Object.keys(svc).filter((k) => handlers[k]).map((k) => [k, handlers[k]!]));
  server.addService(rs, pick(rs));
  server.addService(is, pick(is));
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())));
  return server;
}

const version: Handler = (_call, cb) => cb(null, { version: '0.1.0', runtimeName: 'test', runtimeVersion: '1', runtimeApiVersion: 'v1' });
const notFound = (what: string): Handler => (_call, cb) => cb({ code: grpc.status.NOT_FOUND, details: `${what} not found` });

function tmpSocket(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync('/tmp/skiff-cri-unit-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'cri.sock');
}

test('CriRuntime maps gRPC failures to RuntimeError and treats gone sandboxes and containers as stopped/removed', async (t) => {
  const socket = tmpSocket(t);
  const server = await serve({
    Version: version,
    StopPodSandbox: notFound('sandbox'), RemovePodSandbox: notFound('sandbox'),
    StopContainer: notFound('container'), RemoveContainer: notFound('container'), RemoveImage: notFound('image'),
    ContainerStatus: notFound('container'),
    StartContainer: (_call, cb) => cb({ code: grpc.status.FAILED_PRECONDITION, details: 'container is in CONTAINER_EXITED state' }),
  }, socket);
  t.after(() => server.forceShutdown());
  const rt = await connectCri(socket, { timeoutMs: 2000 });
  t.after(() => rt.close());
  assert.equal((await rt.version()).runtimeName, 'test');
  await rt.stopPodSandbox('x');
  await rt.removePodSandbox('x');
  await rt.stopContainer('x', 10);
  await rt.removeContainer('x');
  await rt.removeImage({ image: 'x' });
  await assert.rejects(rt.containerStatus('x'), (e) => isNotFound(e) && e instanceof Error && e.message === 'CRI ContainerStatus failed: NOT_FOUND: container not found');
  await assert.rejects(rt.startContainer('x'), (e) => isRuntimeError(e, 'FAILED_PRECONDITION') && e.details === 'container is in CONTAINER_EXITED state');
  await assert.rejects(rt.listContainers(), (e) => isRuntimeError(e, 'UNIMPLEMENTED'));
});

test('CriRuntime sends camelCase configs as runtime.v1 fields and decodes answers with defaults', async (t) => {
  const socket = tmpSocket(t);
  let received: any;
  const server = await serve({
    Version: version,
    CreateContainer: (call, cb) => { received = call.request; cb(null, { containerId: 'c1' }); },
    ContainerStatus: (call, cb) => cb(null, { status: { id: call.request.containerId, state: 'CONTAINER_EXITED', exitCode: 137, reason: 'OOMKilled', finishedAt: 1.7e18 } }),
    ExecSync: (_call, cb) => cb(null, { stdout: Buffer.from('out'), exitCode: 2 }),
    ImageStatus: (_call, cb) => cb(null, {}),
  }, socket);
  t.after(() => server.forceShutdown());
  const rt = await connectCri(`unix://${socket}`, { timeoutMs: 2000 });
  t.after(() => rt.close());
  const id = await rt.createContainer('pod1', {
    metadata: { name: 'main', attempt: 2 }, image: { image: 'busybox' }, envs: [{ key: 'A', value: 'b' }],
    linux: { resources: { cpuQuota: 50_000, memoryLimitInBytes: 2 ** 33 }, securityContext: { namespaceOptions: { pid: 'CONTAINER' } } },
  }, { metadata: { name: 'p', uid: 'u', namespace: 'n', attempt: 0 }, linux: { securityContext: { namespaceOptions: { network: 'NODE' } } } });
  assert.equal(id, 'c1');
  assert.equal(received.podSandboxId, 'pod1');
  assert.equal(received.config.metadata.attempt, 2);
  assert.deepEqual(received.config.envs, [{ key: 'A', value: 'b' }]);
  assert.equal(received.config.linux.resources.cpuQuota, 50_000);
  assert.equal(received.config.linux.resources.memoryLimitInBytes, 2 ** 33);
  assert.equal(received.config.linux.securityContext.namespaceOptions.pid, 'CONTAINER');
  assert.equal(received.sandboxConfig.linux.securityContext.namespaceOptions.network, 'NODE');
  const st = (await rt.containerStatus('c9')).status;
  assert.deepEqual([st.id, st.state, st.exitCode, st.reason, st.finishedAt, st.startedAt, st.metadata, st.labels], ['c9', 'CONTAINER_EXITED', 137, 'OOMKilled', 1.7e18, 0, null, {}]);
  const r = await rt.execSync('c9', ['true'], 1);
  assert.deepEqual([r.stdout.toString(), r.stderr.length, r.exitCode], ['out', 0, 2]);
  assert.equal((await rt.imageStatus({ image: 'x' })).image, null);
});

test('CriRuntime call deadlines end a call the runtime does not answer', async (t) => {
  const socket = tmpSocket(t);
  const server = await serve({ Version: version, ListPodSandbox: () => { /* never answers */ } }, socket);
  t.after(() => server.forceShutdown());
  const rt = await connectCri(socket, { timeoutMs: 100 });
  t.after(() => rt.close());
  await assert.rejects(rt.listPodSandbox(), (e) => isRuntimeError(e, 'DEADLINE_EXCEEDED'));
});

test('connectCri waits for a runtime that starts late, and gives up with UNAVAILABLE', async (t) => {
  const socket = tmpSocket(t);
  const late = serve({ Version: version }, socket, 150);
  const rt = await connectCri(socket, { connectTimeoutMs: 5000 });
  const server = await late;
  t.after(() => server.forceShutdown());
  assert.equal((await rt.version()).runtimeApiVersion, 'v1');
  await rt.close();
  await assert.rejects(rt.version(), (e) => isRuntimeError(e, 'UNAVAILABLE') && /closed/.test(e.message));
  await assert.rejects(connectCri(socket + '.absent', { connectTimeoutMs: 200 }),
    (e) => isRuntimeError(e, 'UNAVAILABLE') && /Cannot connect to the container runtime at .*\.absent within 200 ms/.test(e.message));
});
