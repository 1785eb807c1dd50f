// syncRoutes against a real routing table: a network namespace of our own (skr<4 hex>) with a veth link on
// 10.77.<n>.0/24 standing in for the node network, and a route of somebody else's that must survive. Root only;
// the namespace (and with it every route in it) is deleted by its exact name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ipRouteOps, readRouteState, removeRecordedRoutes, ROUTE_PROTO, syncRoutes, writeRouteState } from './routes.js';

const run = promisify(execFile);
const skip = process.getuid?.() !== 0 ? 'needs root' : false;

test('syncRoutes adds, moves and deletes host-gw routes in a real table and leaves other routes alone', { skip }, async () => {
  const ns = `skr${randomBytes(2).toString('hex')}`;
  const n = randomInt(1, 254);
  const gw = (h: number) => `10.77.${n}.${h}`;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-routes-root-'));
  const ops = ipRouteOps({ netns: ns });
  const table = async () => (await run('ip', ['-n', ns, '-4', 'route', 'show', 'table', 'main'])).stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  await run('ip', ['netns', 'add', ns]);
  try {
    await run('ip', ['-n', ns, 'link', 'add', 'node0', 'type', 'veth', 'peer', 'name', 'peer0']); // no dummy module here
    await run('ip', ['-n', ns, 'link', 'set', 'peer0', 'up']);
    await run('ip', ['-n', ns, 'addr', 'add', `${gw(1)}/24`, 'dev', 'node0']);
    await run('ip', ['-n', ns, 'link', 'set', 'node0', 'up']);
    await run('ip', ['-n', ns, 'route', 'add', '10.88.3.0/24', 'via', gw(9), 'proto', 'static']);

    const first = await syncRoutes([{ cidr: '10.88.1.0/24', via: gw(2) }, { cidr: '10.88.2.0/24', via: gw(3) }, { cidr: '10.88.3.0/24', via: gw(4) }], [], ops);
    assert.deepEqual(first.owned, [{ cidr: '10.88.1.0/24', via: gw(2) }, { cidr: '10.88.2.0/24', via: gw(3) }]);
    assert.deepEqual(first.errors, []);
    assert.equal(first.conflicts.length, 1, 'the static route for 10.88.3.0/24 is not ours');
    assert.deepEqual(await table(), [
      `10.77.${n}.0/24 dev node0 proto kernel scope link src ${gw(1)} `,
      `10.88.1.0/24 via ${gw(2)} dev node0 proto ${ROUTE_PROTO} `,
      `10.88.2.0/24 via ${gw(3)} dev node0 proto ${ROUTE_PROTO} `,
      `10.88.3.0/24 via ${gw(9)} dev node0 proto static `,
    ].map((l) => l.trim()).sort());

    // node 2 moves to another address, node 1 is gone, a gateway that is not on-link fails alone
    const second = await syncRoutes([{ cidr: '10.88.2.0/24', via: gw(5) }, { cidr: '10.88.4.0/24', via: '10.99.99.1' }], first.owned, ops);
    assert.deepEqual(second.owned, [{ cidr: '10.88.2.0/24', via: gw(5) }]);
    assert.equal(second.errors.length, 1);
    assert.equal(second.errors[0]!.route.cidr, '10.88.4.0/24');
    assert.match(second.errors[0]!.error, /gateway|unreachable|Network/i);
    const after = await table();
    assert.ok(after.includes(`10.88.2.0/24 via ${gw(5)} dev node0 proto ${ROUTE_PROTO}`), after.join('\n'));
    assert.ok(!after.some((l) => l.startsWith('10.88.1.0/24')));
    assert.ok(after.includes(`10.88.3.0/24 via ${gw(9)} dev node0 proto static`));

    // a restarted agent (or killall) removes what the state file recorded, and only that
    const file = join(dir, 'pod-routes.json');
    writeRouteState(file, second.owned);
    assert.deepEqual(readRouteState(file), second.owned);
    await removeRecordedRoutes(file, ops);
    const last = await table();
    assert.ok(!last.some((l) => l.includes(`proto ${ROUTE_PROTO}`)), last.join('\n'));
    assert.ok(last.includes(`10.88.3.0/24 via ${gw(9)} dev node0 proto static`));
  } finally {
    await run('ip', ['netns', 'delete', ns]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
