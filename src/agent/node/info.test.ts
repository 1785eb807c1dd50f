import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goArch, nodeInfo, prettyName, runtimeVersionString } from './info.js';
import { firstHostIPv4, nodeAddresses } from './addresses.js';
import { nodeImages } from './images.js';

test('nodeInfo reads machine id, boot id, os-release and formats the runtime version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-node-info-'));
  try {
    mkdirSync(join(dir, 'etc'));
    mkdirSync(join(dir, 'proc/sys/kernel/random'), { recursive: true });
    writeFileSync(join(dir, 'etc/machine-id'), 'abc123\n');
    writeFileSync(join(dir, 'etc/os-release'), 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    writeFileSync(join(dir, 'proc/sys/kernel/random/boot_id'), 'b00t\n');
    const info = nodeInfo({ root: dir, procRoot: join(dir, 'proc'), sysRoot: join(dir, 'sys'), runtime: { runtimeName: 'containerd', runtimeVersion: '1.6.20~ds1' }, kernelVersion: '6.1.0', arch: 'x64' });
    assert.deepEqual(info, {
      machineID: 'abc123', systemUUID: '', bootID: 'b00t', kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://1.6.20', kubeletVersion: 'v1.30.0+skiff', kubeProxyVersion: 'v1.30.0+skiff',
      operatingSystem: 'linux', architecture: 'amd64',
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
  assert.equal(runtimeVersionString({ runtimeName: 'containerd', runtimeVersion: 'v1.7.1' }), 'containerd://1.7.1');
  assert.equal(prettyName("PRETTY_NAME='Alpine'\n"), 'Alpine');
  assert.deepEqual([goArch('arm64'), goArch('ia32')], ['arm64', '386']);
});

test('nodeAddresses uses the given node IP or the first non-loopback IPv4, then Hostname', () => {
  const ifs = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '', cidr: null }],
    eth0: [{ address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 }, { address: '10.0.0.5', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: null }],
  } as Parameters<typeof firstHostIPv4>[0];
  assert.deepEqual(nodeAddresses({ hostname: 'h1', interfaces: ifs }), [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'h1' }]);
  assert.deepEqual(nodeAddresses({ hostname: 'h1', nodeIP: '192.0.2.7', externalIP: '203.0.113.1', interfaces: ifs }).map((a) => a.type), ['InternalIP', 'ExternalIP', 'Hostname']);
  assert.equal(firstHostIPv4({ lo: ifs?.lo }), undefined);
});

test('nodeImages lists the largest images first, digests then tags, at most 5 names and 50 images', () => {
  const list = Array.from({ length: 60 }, (_, i) => ({ repoTags: [`img${i}:latest`], repoDigests: [`img${i}@sha256:${i}`], size: i * 10 }));
  list.push({ repoTags: ['a:1', 'a:2', 'a:3', 'a:4'], repoDigests: ['a@sha256:1', 'a@sha256:2'], size: 10_000 }, { repoTags: [], repoDigests: [], size: 99_999 });
  const out = nodeImages(list);
  assert.equal(out.length, 50);
  assert.deepEqual(out[0], { names: ['a@sha256:1', 'a@sha256:2', 'a:1', 'a:2', 'a:3'], sizeBytes: 10_000 });
  assert.deepEqual(out[1], { names: ['img59@sha256:59', 'img59:latest'], sizeBytes: 590 });
  assert.equal(nodeImages(list, 0).length, 0);
});
