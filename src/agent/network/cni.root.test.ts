// Real CNI: a network namespace of our own, the bridge/host-local/portmap plugins from /usr/lib/cni run by hand,
// the host pings the pod address, DEL removes the iptables rules ipMasq and portmap made. Needs root and the
// Debian containernetworking-plugins; everything created is named skt<4 hex> and removed by that exact name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderCniConfig } from './config.js';
import { cniAdd, cniDel } from './exec.js';
import { deleteBridge, hostLocalReservations } from './cleanup.js';

const run = promisify(execFile);
const skip = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/lib/cni/bridge') ? 'needs containernetworking-plugins' : false;

async function natRules(match: string): Promise<string[]> {
  const { stdout } = await run('iptables', ['-t', 'nat', '-S']);
  return stdout.split('\n').filter((l) => l.includes(match));
}

async function ping(ip: string): Promise<boolean> {
  const [cmd, args] = existsSync('/usr/bin/ping') || existsSync('/bin/ping') ? ['ping', ['-c1', '-W2', ip]] : ['busybox', ['ping', '-c1', '-W2', ip]];
  try { await run(cmd as string, args as string[]); return true; } catch { return false; }
}

test('CNI bridge + host-local + portmap: ADD gives the namespace a pod IP the host reaches, DEL removes rules and reservation', { skip }, async () => {
  const id = randomBytes(2).toString('hex');
  const name = `skt${id}`;
  const containerId = `skiff-test-${id}-${randomBytes(8).toString('hex')}`;
  const third = randomInt(1, 254);
  const podCIDR = `10.244.${third}.0/24`;
  const dataDir = mkdtempSync(join(tmpdir(), `skiff-cni-${name}-`));
  const conf = renderCniConfig({ podCIDR, bridge: name, ipamDataDir: dataDir, networkName: name });
  const hostPort = randomInt(20000, 30000);
  const rt = { containerId, netns: `/var/run/netns/${name}`, ifName: 'eth0', runtimeConfig: { portMappings: [{ hostPort, containerPort: 80, protocol: 'tcp' }] } };
  await run('ip', ['netns', 'add', name]);
  try {
    assert.deepEqual(await natRules(containerId), []);
    const result = await cniAdd(conf, rt) as { ips?: { address: string; gateway?: string }[] };
    const ip = result.ips?.[0]?.address.split('/')[0];
    assert.ok(ip?.startsWith(`10.244.${third}.`), `pod IP from the pod CIDR: ${ip}`);
    assert.equal(result.ips?.[0]?.gateway, `10.244.${third}.1`);
    const { stdout } = await run('ip', ['-n', name, '-4', '-o', 'addr', 'show', 'dev', 'eth0']);
    assert.match(stdout, new RegExp(`inet ${ip!.replace(/\./g, '\\.')}/24`));
    assert.ok(await ping(ip!), 'the host pings the address inside the namespace');
    const rules = await natRules(containerId);
    assert.ok(rules.some((r) => r.includes('-A POSTROUTING')), 'ipMasq chain hooked in POSTROUTING');
    assert.ok((await natRules(`--dport ${hostPort}`)).length > 0, 'portmap DNAT for the host port');
    assert.deepEqual(hostLocalReservations(dataDir, name).map((r) => [r.ip, r.containerId]), [[ip, containerId]]);

    await cniDel(conf, rt);
    assert.deepEqual(await natRules(containerId), [], 'DEL removed the masquerade and hostport rules');
    assert.deepEqual(await natRules(`--dport ${hostPort}`), []);
    assert.deepEqual(hostLocalReservations(dataDir, name), []);
    await cniDel(conf, rt); // DEL is idempotent
  } finally {
    await cniDel(conf, rt).catch(() => undefined);
    await run('ip', ['netns', 'delete', name]).catch(() => undefined);
    await deleteBridge(name).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.equal(await deleteBridge(name), false, 'bridge gone');
  assert.ok(!existsSync(dataDir));
  assert.ok(!readdirSync('/var/run/netns').includes(name));
});
