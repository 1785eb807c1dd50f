import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { noopLogger, sinkLogger, type LogEntry } from '../../machinery/log.js';
import {
  desiredRoutes, parseRouteTable, planRouteSync, readRouteState, removeRecordedRoutes, RouteController, ROUTE_PROTO, syncRoutes, writeRouteState,
  type KernelRoute, type PodRoute, type RouteOps,
} from './routes.js';

const P = String(ROUTE_PROTO);

function node(name: string, ip?: string, cidr?: string, extra: Partial<Node['spec']> = {}): Node {
  return {
    metadata: { name },
    spec: { ...(cidr ? { podCIDR: cidr, podCIDRs: [cidr] } : {}), ...extra },
    status: { addresses: [...(ip ? [{ type: 'InternalIP', address: ip }] : []), { type: 'Hostname', address: name }] },
  };
}

/** A routing table in memory that behaves like the kernel's for what RouteOps does. */
class FakeTable implements RouteOps {
  calls: string[] = [];
  failReplace = new Set<string>();
  constructor(public rows: KernelRoute[] = []) {}
  async list() { return this.rows.map((r) => ({ ...r })); }
  async replace(r: PodRoute) {
    this.calls.push(`replace ${r.cidr} via ${r.via}`);
    if (this.failReplace.has(r.cidr)) throw new Error('Error: Nexthop has invalid gateway.');
    this.rows = this.rows.filter((x) => x.dst !== r.cidr);
    this.rows.push({ dst: r.cidr, gateway: r.via, protocol: P });
  }
  async remove(r: PodRoute) {
    this.calls.push(`del ${r.cidr} via ${r.via}`);
    this.rows = this.rows.filter((x) => !(x.dst === r.cidr && x.gateway === r.via && x.protocol === P));
  }
}

test('desiredRoutes routes every other node\'s pod CIDR via its InternalIP, sorted, skipping incomplete nodes', () => {
  const nodes = [
    node('n3', '192.168.1.3', '10.42.2.0/24'),
    node('n1', '192.168.1.1', '10.42.0.0/24'),
    node('n2', '192.168.1.2', '10.42.1.0/24'),
    node('no-cidr', '192.168.1.4'),
    node('no-ip', undefined, '10.42.9.0/24'),
  ];
  assert.deepEqual(desiredRoutes(nodes, 'n1'), [
    { cidr: '10.42.1.0/24', via: '192.168.1.2' },
    { cidr: '10.42.2.0/24', via: '192.168.1.3' },
  ]);
  assert.deepEqual(desiredRoutes(nodes, 'n2').map((r) => r.cidr), ['10.42.0.0/24', '10.42.2.0/24']);
  assert.deepEqual(desiredRoutes([], 'n1'), []);
});

test('desiredRoutes skips our own CIDR and IP, IPv6, invalid CIDRs, and gives a CIDR claimed twice to the first node by name', () => {
  const nodes = [
    node('self', '192.168.1.1', '10.42.0.0/24'),
    node('dup-ip', '192.168.1.1', '10.42.5.0/24'),
    node('dup-cidr', '192.168.1.9', '10.42.0.0/24'),
    node('b', '192.168.1.3', '10.42.3.0/24'),
    node('a', '192.168.1.2', '10.42.3.0/24'),
    node('v6', 'fd00::5', '10.42.6.0/24'),
    node('dual', '192.168.1.7', undefined, { podCIDRs: ['10.42.7.0/24', 'fd00:42::/64'] }),
    node('junk', '192.168.1.8', 'banana'),
    node('unmasked', '192.168.1.10', '10.42.8.9/24'),
  ];
  assert.deepEqual(desiredRoutes(nodes, 'self'), [
    { cidr: '10.42.3.0/24', via: '192.168.1.2' },
    { cidr: '10.42.7.0/24', via: '192.168.1.7' },
    { cidr: '10.42.8.0/24', via: '192.168.1.10' },
  ]);
});

test('parseRouteTable normalizes host routes and masks, drops default, keeps protocol and type', () => {
  const json = JSON.stringify([
    { dst: 'default', gateway: '192.0.2.1', dev: 'eth0', flags: [] },
    { dst: '192.0.2.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '192.0.2.2', flags: [] },
    { dst: '10.42.1.0/24', gateway: '192.0.2.7', dev: 'eth0', protocol: '83', flags: [] },
    { dst: '10.9.9.9', gateway: '192.0.2.7', dev: 'eth0', flags: [] },
    { type: 'blackhole', dst: '10.42.0.0/16', flags: [] },
  ]);
  assert.deepEqual(parseRouteTable(json), [
    { dst: '192.0.2.0/24', protocol: 'kernel' },
    { dst: '10.42.1.0/24', gateway: '192.0.2.7', protocol: '83' },
    { dst: '10.9.9.9/32', gateway: '192.0.2.7' },
    { dst: '10.42.0.0/16', type: 'blackhole' },
  ]);
  assert.deepEqual(parseRouteTable(''), []);
});

test('planRouteSync: adds missing, keeps present, replaces a changed gateway, removes stale, never touches others\' routes', () => {
  const desired = [
    { cidr: '10.42.1.0/24', via: '192.0.2.11' }, // present, ours
    { cidr: '10.42.2.0/24', via: '192.0.2.12' }, // missing
    { cidr: '10.42.3.0/24', via: '192.0.2.13' }, // ours with the old gateway
    { cidr: '10.42.4.0/24', via: '192.0.2.14' }, // somebody else's route
  ];
  const owned = [
    { cidr: '10.42.1.0/24', via: '192.0.2.11' },
    { cidr: '10.42.3.0/24', via: '192.0.2.99' },
    { cidr: '10.42.5.0/24', via: '192.0.2.15' }, // node gone
    { cidr: '10.42.6.0/24', via: '192.0.2.16' }, // we added it, someone replaced it since
    { cidr: '10.42.7.0/24', via: '192.0.2.17' }, // already gone from the table
  ];
  const table: KernelRoute[] = [
    { dst: '10.42.1.0/24', gateway: '192.0.2.11', protocol: P },
    { dst: '10.42.3.0/24', gateway: '192.0.2.99', protocol: P },
    { dst: '10.42.4.0/24', gateway: '192.0.2.1', protocol: 'static' },
    { dst: '10.42.5.0/24', gateway: '192.0.2.15', protocol: P },
    { dst: '10.42.6.0/24', gateway: '192.0.2.1', protocol: 'boot' },
    { dst: '10.42.8.0/24', gateway: '192.0.2.18', protocol: P }, // ours, state file lost
    { dst: '10.42.0.0/16', type: 'blackhole' },
  ];
  const plan = planRouteSync(desired, owned, table);
  assert.deepEqual(plan.keep, [{ cidr: '10.42.1.0/24', via: '192.0.2.11' }]);
  assert.deepEqual(plan.replace, [{ cidr: '10.42.2.0/24', via: '192.0.2.12' }, { cidr: '10.42.3.0/24', via: '192.0.2.13' }]);
  assert.deepEqual(plan.remove, [{ cidr: '10.42.5.0/24', via: '192.0.2.15' }, { cidr: '10.42.8.0/24', via: '192.0.2.18' }]);
  assert.deepEqual(plan.conflicts, [{ route: { cidr: '10.42.4.0/24', via: '192.0.2.14' }, existing: { dst: '10.42.4.0/24', gateway: '192.0.2.1', protocol: 'static' } }]);
});

test('planRouteSync replaces our route of another type and prefers our row when a CIDR has several', () => {
  const d = [{ cidr: '10.42.1.0/24', via: '192.0.2.11' }];
  assert.deepEqual(planRouteSync(d, [], [{ dst: '10.42.1.0/24', gateway: '192.0.2.11', protocol: P, type: 'unreachable' }]).replace, d);
  const both = [{ dst: '10.42.1.0/24', gateway: '192.0.2.1', protocol: 'static' }, { dst: '10.42.1.0/24', gateway: '192.0.2.11', protocol: P }];
  assert.deepEqual(planRouteSync(d, [], both).keep, d);
});

test('syncRoutes applies the plan, reports failures per route and returns what it owns', async () => {
  const t = new FakeTable([{ dst: '10.42.5.0/24', gateway: '192.0.2.15', protocol: P }, { dst: '10.42.4.0/24', gateway: '192.0.2.1', protocol: 'static' }]);
  t.failReplace.add('10.42.3.0/24');
  const desired = [{ cidr: '10.42.2.0/24', via: '192.0.2.12' }, { cidr: '10.42.3.0/24', via: '10.99.0.1' }, { cidr: '10.42.4.0/24', via: '192.0.2.14' }];
  const r = await syncRoutes(desired, [{ cidr: '10.42.5.0/24', via: '192.0.2.15' }], t);
  assert.deepEqual(t.calls, ['del 10.42.5.0/24 via 192.0.2.15', 'replace 10.42.2.0/24 via 192.0.2.12', 'replace 10.42.3.0/24 via 10.99.0.1']);
  assert.deepEqual(r.owned, [{ cidr: '10.42.2.0/24', via: '192.0.2.12' }]);
  assert.deepEqual(r.errors, [{ route: { cidr: '10.42.3.0/24', via: '10.99.0.1' }, action: 'replace', error: 'Error: Nexthop has invalid gateway.' }]);
  assert.equal(r.conflicts.length, 1);
  assert.deepEqual(t.rows.map((x) => x.dst).sort(), ['10.42.2.0/24', '10.42.4.0/24']);
  // a second sync changes nothing
  t.calls = [];
  t.failReplace.clear();
  const again = await syncRoutes([desired[0]!], r.owned, t);
  assert.deepEqual(t.calls, []);
  assert.deepEqual(again.owned, r.owned);
});

test('route state file round-trips, ignores junk, and removeRecordedRoutes deletes only recorded routes still ours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-routes-'));
  try {
    const file = join(dir, 'agent', 'pod-routes.json');
    assert.deepEqual(readRouteState(file), []);
    writeRouteState(file, [{ cidr: '10.42.1.0/24', via: '192.0.2.11' }, { cidr: '10.42.2.0/24', via: '192.0.2.12' }]);
    assert.deepEqual(readRouteState(file).map((r) => r.cidr), ['10.42.1.0/24', '10.42.2.0/24']);
    const t = new FakeTable([
      { dst: '10.42.1.0/24', gateway: '192.0.2.11', protocol: P },
      { dst: '10.42.2.0/24', gateway: '192.0.2.1', protocol: 'static' }, // replaced by someone: not ours any more
    ]);
    await removeRecordedRoutes(file, t);
    assert.deepEqual(t.calls, ['del 10.42.1.0/24 via 192.0.2.11']);
    assert.deepEqual(t.rows, [{ dst: '10.42.2.0/24', gateway: '192.0.2.1', protocol: 'static' }]);
    assert.ok(!existsSync(file));
    writeRouteState(file, [{ cidr: 'x', via: 'y' } as PodRoute]);
    assert.deepEqual(readRouteState(file), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A node source like Informer<Node>: a list, a synced flag, handlers. */
class FakeNodes {
  nodes: Node[] = [];
  synced = false;
  handlers: { onAdd?(n: Node): void; onUpdate?(o: Node, n: Node): void; onDelete?(n: Node): void }[] = [];
  list() { return this.nodes; }
  hasSynced() { return this.synced; }
  addEventHandler(h: FakeNodes['handlers'][number]) { this.handlers.push(h); return { remove: () => { this.handlers = this.handlers.filter((x) => x !== h); } }; }
  set(n: Node) {
    const old = this.nodes.find((x) => x.metadata?.name === n.metadata?.name);
    this.nodes = [...this.nodes.filter((x) => x !== old), n];
    for (const h of this.handlers) old ? h.onUpdate?.(old, n) : h.onAdd?.(n);
  }
  del(name: string) {
    const old = this.nodes.find((x) => x.metadata?.name === name)!;
    this.nodes = this.nodes.filter((x) => x !== old);
    for (const h of this.handlers) h.onDelete?.(old);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

test('RouteController waits for the node source, follows node changes, records its routes and resyncs on the clock', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-routes-'));
  try {
    const stateFile = join(dir, 'pod-routes.json');
    // an earlier run added a route for a node that has since gone
    writeRouteState(stateFile, [{ cidr: '10.42.9.0/24', via: '192.0.2.19' }]);
    const t = new FakeTable([{ dst: '10.42.9.0/24', gateway: '192.0.2.19', protocol: P }]);
    const src = new FakeNodes();
    const clock = new FakeClock(0);
    const logs: LogEntry[] = [];
    const c = new RouteController({ nodeName: 'n1', nodes: src, stateFile, ops: t, clock, logger: sinkLogger((e) => logs.push(e)), resyncMs: 1000 });
    assert.deepEqual(c.routes(), [{ cidr: '10.42.9.0/24', via: '192.0.2.19' }], 'recorded routes loaded');
    c.start();
    await tick();
    assert.deepEqual(t.calls, [], 'nothing happens before the source has synced');

    src.nodes = [node('n1', '192.0.2.1', '10.42.0.0/24'), node('n2', '192.0.2.2', '10.42.1.0/24')];
    src.synced = true;
    await c.trigger();
    assert.deepEqual(t.calls, ['del 10.42.9.0/24 via 192.0.2.19', 'replace 10.42.1.0/24 via 192.0.2.2']);
    assert.deepEqual(readRouteState(stateFile), [{ cidr: '10.42.1.0/24', via: '192.0.2.2' }]);

    // a heartbeat (status change that is not an address) does not sync
    t.calls = [];
    const hb = node('n2', '192.0.2.2', '10.42.1.0/24');
    hb.status!.conditions = [{ type: 'Ready', status: 'True' }];
    src.set(hb);
    await tick();
    assert.deepEqual(t.calls, []);

    src.set(node('n3', '192.0.2.3', '10.42.2.0/24'));
    await tick(); await tick();
    assert.deepEqual(t.calls, ['replace 10.42.2.0/24 via 192.0.2.3']);
    src.del('n2');
    await tick(); await tick();
    assert.deepEqual(t.calls.slice(1), ['del 10.42.1.0/24 via 192.0.2.2']);
    assert.deepEqual(readRouteState(stateFile), [{ cidr: '10.42.2.0/24', via: '192.0.2.3' }]);

    // someone deletes our route behind our back: the periodic resync puts it back
    t.rows = t.rows.filter((r) => r.dst !== '10.42.2.0/24');
    t.calls = [];
    clock.advance(1000);
    await tick(); await tick();
    assert.deepEqual(t.calls, ['replace 10.42.2.0/24 via 192.0.2.3']);

    // a failing route is logged once, not on every resync
    t.failReplace.add('10.42.4.0/24');
    src.set(node('n4', '10.99.0.4', '10.42.4.0/24'));
    await tick(); await tick();
    clock.advance(1000);
    await tick(); await tick();
    assert.equal(logs.filter((l) => l.msg === 'Cannot route some pod CIDRs').length, 1);
    assert.match(String(logs.find((l) => l.msg === 'Cannot route some pod CIDRs')?.fields.problems), /10\.42\.4\.0\/24 via 10\.99\.0\.4: Error: Nexthop has invalid gateway/);

    c.stop();
    assert.equal(src.handlers.length, 0);
    t.calls = [];
    clock.advance(5000);
    await tick();
    assert.deepEqual(t.calls, [], 'no resync after stop');
    assert.ok(readFileSync(stateFile, 'utf8').includes('10.42.2.0/24'), 'routes stay recorded after stop');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('RouteController takes a plain list function', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-routes-'));
  try {
    const t = new FakeTable();
    const c = new RouteController({ nodeName: 'a', nodes: () => [node('a', '192.0.2.1', '10.42.0.0/24'), node('b', '192.0.2.2', '10.42.1.0/24')], stateFile: join(dir, 's.json'), ops: t, clock: new FakeClock(0), logger: noopLogger });
    await c.trigger();
    assert.deepEqual(c.routes(), [{ cidr: '10.42.1.0/24', via: '192.0.2.2' }]);
    c.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
