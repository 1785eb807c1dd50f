// ServiceIPs admission: ClusterIP and NodePort allocation, with a real ApiServer over the memory backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceIPs } from './service-ips.js';
import { ApiServer } from '../server.js';
import { createMemoryBackend } from '../../store/memory/memory.js';
import { FakeClock } from '../../machinery/clock.js';
import { ApiError } from '../../machinery/errors.js';
import { ipToInt, parseCIDR } from '../../machinery/cidr.js';
import type { AdmissionAttributes } from '../handlers/env.js';
import type { KObject } from '../../api/types.js';

interface Spec { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: { name?: string; port: number; nodePort?: number; protocol?: string }[]; externalName?: string }

async function newServer(serviceCIDR: string): Promise<ApiServer> {
  const s = new ApiServer({ backend: createMemoryBackend(), clock: new FakeClock(0), tls: { key: '', cert: '', ca: '' }, authenticate: () => undefined, serviceCIDR });
  await s.init();
  return s;
}

let n = 0;
function svc(spec: Spec, name = `s${++n}`): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80, protocol: 'TCP' }], ...spec } };
}
function attrs(s: ApiServer, object: KObject, old?: KObject, dryRun = false): AdmissionAttributes {
  return { operation: old ? 'UPDATE' : 'CREATE', entry: s.entry('', 'v1', 'services'), namespace: 'default', name: object.metadata!.name!, subresource: '', object, old, user: { username: 'u', groups: [] }, dryRun };
}
const spec = (o: KObject) => o.spec as Spec;

/** Admit and store, as the create handler does. */
async function create(s: ApiServer, p: ServiceIPs, o: KObject): Promise<KObject> {
  await p.admit(attrs(s, o));
  return s.entry('', 'v1', 'services').store!.create('default', o);
}

async function invalid(p: Promise<unknown>, message: string | RegExp): Promise<void> {
  let err: unknown;
  try { await p; } catch (e) { err = e; }
  assert.ok(err instanceof ApiError, `expected 422, got ${String(err)}`);
  assert.equal(err.code, 422);
  assert.equal(err.reason, 'Invalid');
  if (typeof message === 'string') assert.equal(err.message, message); else assert.match(err.message, message);
}

let server: ApiServer;
let plugin: ServiceIPs;
before(async () => { server = await newServer('10.43.0.0/16'); plugin = new ServiceIPs(server); });
after(() => server.close());

test('firstIP is the .1 of the range (the kubernetes Service)', () => {
  assert.equal(plugin.firstIP(), '10.43.0.1');
});

test('a new ClusterIP Service gets a free address from the range, never the network, .1 or broadcast', async () => {
  const s = await newServer('10.9.0.0/28');
  const p = new ServiceIPs(s);
  const seen = new Set<string>();
  try {
    for (let i = 0; i < 13; i++) {
      const o = await create(s, p, svc({}));
      const ip = spec(o).clusterIP!;
      assert.deepEqual(spec(o).clusterIPs, [ip]);
      assert.ok(!['10.9.0.0', '10.9.0.1', '10.9.0.15'].includes(ip), ip);
      seen.add(ip);
    }
    assert.equal(seen.size, 13, 'every usable address handed out once');
    await assert.rejects(p.admit(attrs(s, svc({}, 'full'))), (e: unknown) => e instanceof ApiError && e.message.includes('range is full'));
  } finally { await s.close(); }
});

test('a full range is reported as kube-apiserver does', async () => {
  const s = await newServer('10.9.0.0/30');
  const p = new ServiceIPs(s);
  try {
    await create(s, p, svc({}));
    let err: unknown;
    try { await p.admit(attrs(s, svc({}, 'full'))); } catch (e) { err = e; }
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 500);
    assert.equal(err.message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
  } finally { await s.close(); }
});

test('ipFamilies and ipFamilyPolicy default to single-stack IPv4', async () => {
  const o = svc({});
  await plugin.admit(attrs(server, o));
  assert.deepEqual({ f: (o.spec as Record<string, unknown>).ipFamilies, p: (o.spec as Record<string, unknown>).ipFamilyPolicy }, { f: ['IPv4'], p: 'SingleStack' });
});

test('an explicit free ClusterIP is kept; one already in use is 422', async () => {
  const o = await create(server, plugin, svc({ clusterIP: '10.43.100.7' }));
  assert.deepEqual(spec(o).clusterIPs, ['10.43.100.7']);
  await invalid(plugin.admit(attrs(server, svc({ clusterIP: '10.43.100.7' }, 'dup'))), /failed to allocate IP 10\.43\.100\.7: provided IP is already allocated$/);
});

test('an explicit ClusterIP outside the range, or not an IP, is 422', async () => {
  await invalid(plugin.admit(attrs(server, svc({ clusterIP: '10.44.0.5' }, 'out'))), /failed to allocate IP 10\.44\.0\.5: the provided IP \(10\.44\.0\.5\) is not in the valid range\. The range of valid IPs is 10\.43\.0\.0\/16$/);
  await invalid(plugin.admit(attrs(server, svc({ clusterIP: '10.43.255.255' }, 'bcast'))), /is not in the valid range/);
  await invalid(plugin.admit(attrs(server, svc({ clusterIP: 'ten.0.0.1' }, 'bad'))), 'Service "bad" is invalid: spec.clusterIPs[0]: Invalid value: "ten.0.0.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
});

test('allocation errors use kube-apiserver\'s exact wording (field spec.clusterIPs, Go-printed []string value)', async () => {
  await create(server, plugin, svc({ clusterIP: '10.43.100.9' }));
  await invalid(plugin.admit(attrs(server, svc({ clusterIP: '10.43.100.9' }, 'dup2'))),
    'Service "dup2" is invalid: spec.clusterIPs: Invalid value: []string{"10.43.100.9"}: failed to allocate IP 10.43.100.9: provided IP is already allocated');
  await invalid(plugin.admit(attrs(server, svc({ clusterIP: '10.44.0.5' }, 'out2'))),
    'Service "out2" is invalid: spec.clusterIPs: Invalid value: []string{"10.44.0.5"}: failed to allocate IP 10.44.0.5: the provided IP (10.44.0.5) is not in the valid range. The range of valid IPs is 10.43.0.0/16');
});

test('concurrent admissions never hand out the same address', async (t) => {
  const s = await newServer('10.9.0.0/24');
  const p = new ServiceIPs(s);
  try {
    t.mock.method(Math, 'random', () => 0);
    const dynamic = Array.from({ length: 4 }, () => svc({}));
    await Promise.all(dynamic.map((o) => p.admit(attrs(s, o))));
    assert.equal(new Set(dynamic.map((o) => spec(o).clusterIP)).size, 4, `got ${dynamic.map((o) => spec(o).clusterIP).join(', ')}`);
    const explicit = await Promise.allSettled([p.admit(attrs(s, svc({ clusterIP: '10.9.0.77' }))), p.admit(attrs(s, svc({ clusterIP: '10.9.0.77' })))]);
    assert.deepEqual(explicit.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  } finally { await s.close(); }
});

test('dynamic allocation prefers the upper band, leaving the low addresses for static IPs such as cluster DNS (.10)', async () => {
  const s = await newServer('10.9.0.0/24');
  const p = new ServiceIPs(s);
  try {
    const base = parseCIDR('10.9.0.0/24').base;
    for (let i = 0; i < 200; i++) {
      const o = await create(s, p, svc({}));
      assert.ok(ipToInt(spec(o).clusterIP!) - base >= 16, `${spec(o).clusterIP} is in the static band`);
    }
  } finally { await s.close(); }
});

test('dry-run admission does not reserve the address', async () => {
  await plugin.admit(attrs(server, svc({ clusterIP: '10.43.200.1' }, 'dry'), undefined, true));
  const real = svc({ clusterIP: '10.43.200.1' }, 'real');
  await plugin.admit(attrs(server, real));
  assert.equal(spec(real).clusterIP, '10.43.200.1');
});

test('headless Services get clusterIPs [None]; ExternalName Services get no cluster IP at all', async () => {
  const headless = svc({ clusterIP: 'None' });
  await plugin.admit(attrs(server, headless));
  assert.deepEqual(spec(headless).clusterIPs, ['None']);
  const ext = svc({ type: 'ExternalName', externalName: 'example.com', clusterIP: '10.43.1.1', clusterIPs: ['10.43.1.1'] });
  await plugin.admit(attrs(server, ext));
  assert.equal(spec(ext).clusterIP, undefined);
  assert.equal(spec(ext).clusterIPs, undefined);
});

test('an update that leaves clusterIP out keeps the allocated one; changing it is 422', async () => {
  const old = await create(server, plugin, svc({}));
  const ip = spec(old).clusterIP!;
  const replaced = svc({ ports: [{ port: 8080 }] }, old.metadata!.name);
  await plugin.admit(attrs(server, replaced, old));
  assert.equal(spec(replaced).clusterIP, ip);
  assert.deepEqual(spec(replaced).clusterIPs, [ip]);
  const moved = svc({ clusterIP: '10.43.250.250' }, old.metadata!.name);
  await invalid(plugin.admit(attrs(server, moved, old)), `Service "${old.metadata!.name}" is invalid: spec.clusterIPs[0]: Invalid value: "10.43.250.250": may not change once set`);
});

test('NodePort Services get a port in 30000-32767 per port, kept across updates', async () => {
  const o = await create(server, plugin, svc({ type: 'NodePort', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] }));
  const ports = spec(o).ports!.map((p) => p.nodePort!);
  for (const np of ports) assert.ok(np >= 30000 && np <= 32767, String(np));
  assert.notEqual(ports[0], ports[1]);
  const upd = svc({ type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'http', port: 80, protocol: 'TCP' }] }, o.metadata!.name);
  await plugin.admit(attrs(server, upd, o));
  assert.deepEqual(spec(upd).ports!.map((p) => p.nodePort), [ports[1], ports[0]], 'matched by port/protocol');
});

test('an explicit NodePort outside the range or already in use is 422 with the allocator\'s message', async () => {
  await invalid(plugin.admit(attrs(server, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }, 'np1'))),
    'Service "np1" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  await create(server, plugin, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] }));
  await invalid(plugin.admit(attrs(server, svc({ type: 'NodePort', ports: [{ port: 81, nodePort: 31000 }] }, 'np2'))),
    'Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated');
});

test('switching a NodePort Service to ClusterIP drops its node ports', async () => {
  const o = await create(server, plugin, svc({ type: 'NodePort' }));
  const upd = svc({ type: 'ClusterIP', ports: [{ port: 80, nodePort: spec(o).ports![0]!.nodePort }] }, o.metadata!.name);
  await plugin.admit(attrs(server, upd, o));
  assert.equal(spec(upd).ports![0]!.nodePort, undefined);
});

test('other resources, subresources and deletes pass untouched', async () => {
  const cm: KObject = { metadata: { name: 'c' }, data: {} };
  await plugin.admit({ ...attrs(server, cm), entry: server.entry('', 'v1', 'configmaps') });
  assert.deepEqual(cm, { metadata: { name: 'c' }, data: {} });
  const st = svc({});
  await plugin.admit({ ...attrs(server, st), subresource: 'status' });
  assert.equal(spec(st).clusterIP, undefined);
});
