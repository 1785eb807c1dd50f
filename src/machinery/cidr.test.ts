import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, intToIp, ipToInt, parseCIDR } from './cidr.js';

test('ipToInt and intToIp round-trip the whole address space edges', () => {
  for (const ip of ['0.0.0.0', '10.43.0.1', '192.168.255.254', '255.255.255.255']) assert.equal(intToIp(ipToInt(ip)), ip);
  assert.equal(ipToInt('10.43.0.1'), 10 * 2 ** 24 + 43 * 2 ** 16 + 1);
  // above 2^31: no sign trouble from bit operators
  assert.equal(ipToInt('255.255.255.255'), 2 ** 32 - 1);
});

test('ipToInt rejects malformed addresses with the address in the message', () => {
  for (const bad of ['10.43.0', '10.43.0.256', '10.43.0.1.5', 'a.b.c.d', '10.43.0.-1', '', '1e1.0.0.1']) {
    assert.throws(() => ipToInt(bad), { message: `invalid IPv4 address "${bad}"` }, bad);
  }
});

test('parseCIDR masks the base address to the prefix and computes the size', () => {
  assert.deepEqual(parseCIDR('10.43.0.0/16'), { base: ipToInt('10.43.0.0'), prefix: 16, size: 65536 });
  assert.deepEqual(parseCIDR('10.43.7.9/24'), { base: ipToInt('10.43.7.0'), prefix: 24, size: 256 });
  assert.deepEqual(parseCIDR(' 192.168.1.77/30 '), { base: ipToInt('192.168.1.76'), prefix: 30, size: 4 });
});

test('parseCIDR refuses missing prefixes and prefix lengths outside 8..30', () => {
  assert.throws(() => parseCIDR('10.43.0.0'), /invalid CIDR "10.43.0.0": expected a.b.c.d\/n/);
  assert.throws(() => parseCIDR('10.0.0.0/7'), /the prefix length must be between 8 and 30/);
  assert.throws(() => parseCIDR('10.0.0.0/31'), /the prefix length must be between 8 and 30/);
  assert.throws(() => parseCIDR('10.0.0.300/16'), /invalid IPv4 address "10.0.0.300"/);
});

test('cidrContains includes the network and broadcast addresses and nothing outside', () => {
  const c = parseCIDR('10.43.0.0/16');
  assert.equal(cidrContains(c, '10.43.0.0'), true);
  assert.equal(cidrContains(c, '10.43.255.255'), true);
  assert.equal(cidrContains(c, '10.44.0.0'), false);
  assert.equal(cidrContains(c, '10.42.255.255'), false);
});
