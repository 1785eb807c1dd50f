// Priority admission: priorityClassName → spec.priority and preemptionPolicy, with a real ApiServer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { podPriority } from './priority.js';
import { ApiServer } from '../server.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { KObject } from '../../api/types.js';

interface PodSpec { priorityClassName?: string; priority?: number; preemptionPolicy?: string }
const settle = () => new Promise<void>((r) => setImmediate(r));

let server: ApiServer;
before(async () => {
  server = new ApiServer({ backend: createMemoryBackend(), clock: new FakeClock(0), tls: { key: '', cert: '', ca: '' }, authenticate: () => undefined, serviceCIDR: '10.43.0.0/16' });
  await server.init();
});
after(() => server.close());

const pod = (name: string, spec: PodSpec = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } });
const attrs = (object: KObject, over: Partial<AdmissionAttributes> = {}): AdmissionAttributes =>
  ({ operation: 'CREATE', entry: server.entry('', 'v1', 'pods'), namespace: 'default', name: object.metadata!.name!, subresource: '', object, user: { username: 'u', groups: [] }, dryRun: false, ...over });
const spec = (o: KObject) => o.spec as PodSpec;

async function priorityClass(name: string, value: number, extra: Record<string, unknown> = {}): Promise<void> {
  await server.entry('scheduling.k8s.io', 'v1', 'priorityclasses').store!.create('', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
  await settle(); // the plugin reads the server's PriorityClass cache, fed by the watch hub
}
async function forbidden(run: () => unknown, message: string): Promise<void> {
  let err: unknown;
  try { await run(); } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected 403, got ${String(err)}`);
  assert.equal(err.code, 403);
  assert.equal(err.reason, 'Forbidden');
  assert.equal(err.message, message);
}

const plugin = () => podPriority(server);

test('a pod without a class (and no global default) gets priority 0 and PreemptLowerPriority', async () => {
  const p = pod('a');
  await plugin().admit(attrs(p));
  assert.deepEqual({ pr: spec(p).priority, pp: spec(p).preemptionPolicy, n: spec(p).priorityClassName }, { pr: 0, pp: 'PreemptLowerPriority', n: undefined });
});

test('the built-in system classes resolve without PriorityClass objects', async () => {
  const node = pod('n', { priorityClassName: 'system-node-critical' });
  const cluster = pod('c', { priorityClassName: 'system-cluster-critical' });
  await plugin().admit(attrs(node));
  await plugin().admit(attrs(cluster));
  assert.equal(spec(node).priority, 2000001000);
  assert.equal(spec(cluster).priority, 2000000000);
});

test('an unknown class is 403 with the admission plugin\'s message', async () => {
  await forbidden(() => plugin().admit(attrs(pod('x', { priorityClassName: 'gold' }))), 'pods "x" is forbidden: no PriorityClass with name gold was found');
});

test('a named class sets the priority and its preemptionPolicy', async () => {
  await priorityClass('batch-low', 100, { preemptionPolicy: 'Never' });
  const p = pod('b', { priorityClassName: 'batch-low' });
  await plugin().admit(attrs(p));
  assert.deepEqual({ pr: spec(p).priority, pp: spec(p).preemptionPolicy }, { pr: 100, pp: 'Never' });
});

test('a pod that states a priority different from its class is 403; the same value is accepted', async () => {
  await forbidden(() => plugin().admit(attrs(pod('y', { priorityClassName: 'batch-low', priority: 5 }))),
    'pods "y" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 100 from the given PriorityClass name');
  const ok = pod('z', { priorityClassName: 'batch-low', priority: 100 });
  await plugin().admit(attrs(ok));
  assert.equal(spec(ok).priority, 100);
});

test('a global default class applies to pods without a class and names itself on the pod', async () => {
  await priorityClass('default-prio', 1000, { globalDefault: true });
  const p = pod('d');
  await plugin().admit(attrs(p));
  assert.deepEqual({ pr: spec(p).priority, n: spec(p).priorityClassName }, { pr: 1000, n: 'default-prio' });
});

test('with two global defaults the lowest value wins, as in Kubernetes', async () => {
  await priorityClass('default-lower', 10, { globalDefault: true });
  try {
    const p = pod('e');
    await plugin().admit(attrs(p));
    assert.equal(spec(p).priority, 10);
  } finally {
    await server.entry('scheduling.k8s.io', 'v1', 'priorityclasses').store!.delete('', 'default-lower');
    await settle();
  }
});

test('only pod creates are touched: updates, subresources and other kinds pass as they are', async () => {
  for (const over of [{ operation: 'UPDATE' as const }, { subresource: 'status' }, { entry: server.entry('', 'v1', 'configmaps') }]) {
    const p = pod('u', { priorityClassName: 'nope' });
    await plugin().admit(attrs(p, over));
    assert.equal(spec(p).priority, undefined, JSON.stringify(Object.keys(over)));
  }
});
