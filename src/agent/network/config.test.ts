import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CNI_CONF_FILE, renderCniConfig, writeCniConfig, removeCniConfig } from './config.js';
import { hostLocalReservations, isValidLinkName, releaseStaleReservations, deleteBridge } from './cleanup.js';

test('renderCniConfig: bridge with gateway, masquerade and hairpin, host-local over the pod CIDR, portmap', () => {
  const conf = JSON.parse(renderCniConfig({ podCIDR: '10.42.3.0/24', ipamDataDir: '/d/cni/networks', mtu: 1400 }));
  assert.deepEqual(conf, {
    cniVersion: '1.0.0', name: 'skiff',
    plugins: [
      {
        type: 'bridge', bridge: 'skiff0', isGateway: true, ipMasq: true, hairpinMode: true, mtu: 1400,
        ipam: { type: 'host-local', ranges: [[{ subnet: '10.42.3.0/24', gateway: '10.42.3.1' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/d/cni/networks' },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  });
  const other = JSON.parse(renderCniConfig({ podCIDR: '10.244.7.9/24', bridge: 'cni0', gateway: '10.244.7.254' }));
  assert.deepEqual([other.plugins[0].bridge, other.plugins[0].ipam.ranges[0][0], 'dataDir' in other.plugins[0].ipam],
    ['cni0', { subnet: '10.244.7.0/24', gateway: '10.244.7.254' }, false]);
  assert.throws(() => renderCniConfig({ podCIDR: 'nope' }), /invalid CIDR/);
});

test('writeCniConfig replaces the conflist atomically and removeCniConfig deletes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-cni-conf-'));
  try {
    const p = writeCniConfig(join(dir, 'net.d'), { podCIDR: '10.42.0.0/24' });
    writeCniConfig(join(dir, 'net.d'), { podCIDR: '10.42.1.0/24' });
    assert.equal(p, join(dir, 'net.d', CNI_CONF_FILE));
    assert.deepEqual(readdirSync(join(dir, 'net.d')), [CNI_CONF_FILE], 'no temp file left');
    assert.match(readFileSync(p, 'utf8'), /10\.42\.1\.0\/24/);
    removeCniConfig(join(dir, 'net.d'));
    assert.deepEqual(readdirSync(join(dir, 'net.d')), []);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('releaseStaleReservations removes host-local IP files of sandboxes that are gone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-cni-ipam-'));
  try {
    mkdirSync(join(dir, 'skiff'));
    writeFileSync(join(dir, 'skiff', '10.42.0.2'), 'aaa\r\neth0');
    writeFileSync(join(dir, 'skiff', '10.42.0.3'), 'bbb'); // pre-1.0 host-local wrote only the id
    writeFileSync(join(dir, 'skiff', 'last_reserved_ip.0'), '10.42.0.3');
    writeFileSync(join(dir, 'skiff', 'lock'), '');
    assert.deepEqual(hostLocalReservations(dir, 'skiff'), [{ ip: '10.42.0.2', containerId: 'aaa', ifName: 'eth0' }, { ip: '10.42.0.3', containerId: 'bbb' }]);
    const released = releaseStaleReservations({ dataDir: dir, network: 'skiff', isLive: (id) => id === 'aaa' });
    assert.deepEqual(released.map((r) => r.ip), ['10.42.0.3']);
    assert.deepEqual(readdirSync(join(dir, 'skiff')).sort(), ['10.42.0.2', 'last_reserved_ip.0', 'lock']);
    assert.deepEqual(hostLocalReservations(dir, 'missing'), []);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('deleteBridge refuses names that are not one exact interface name', async () => {
  assert.equal(isValidLinkName('skiff0'), true);
  for (const bad of ['', 'a b', 'x/y', 'sixteen-chars-xx']) assert.equal(isValidLinkName(bad), false);
  await assert.rejects(deleteBridge('a b'), /not a valid interface name/);
});
