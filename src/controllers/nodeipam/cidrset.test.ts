import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CidrSet } from './cidrset.js';

test('CidrSet.allocateNext hands out node subnets round-robin and reports exhaustion', () => {
  const s = new CidrSet('10.42.0.0/22', 24);
  assert.equal(s.maxCIDRs, 4);
  assert.deepEqual([s.allocateNext(), s.allocateNext()], ['10.42.0.0/24', '10.42.1.0/24']);
  s.release('10.42.0.0/24');
  assert.equal(s.allocateNext(), '10.42.2.0/24', 'a just-released subnet is not reused first');
  assert.equal(s.allocateNext(), '10.42.3.0/24');
  assert.equal(s.allocateNext(), '10.42.0.0/24', 'wraps around to the released one');
  assert.equal(s.allocateNext(), undefined);
  assert.equal(s.size, 4);
});

test('CidrSet.occupy marks larger, smaller and partly overlapping CIDRs and rejects foreign ones', () => {
  const s = new CidrSet('10.42.0.0/16', 24);
  s.occupy('10.42.4.0/23');
  s.occupy('10.42.9.128/25');
  assert.equal(s.size, 3);
  assert.ok(s.isOccupied('10.42.5.0/24') && s.isOccupied('10.42.9.0/24') && !s.isOccupied('10.42.6.0/24'));
  s.occupy('10.40.0.0/14'); // a service range around the whole cluster CIDR
  assert.equal(s.size, 256);
  assert.throws(() => s.occupy('10.43.0.0/24'), /out of the range of cluster cidr 10.42.0.0\/16/);
  assert.throws(() => new CidrSet('10.42.0.0/16', 8), /invalid node CIDR mask size 8/);
});
