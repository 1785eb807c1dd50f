import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderContainerdConfig } from './config.js';

const opts = {
  dataDir: '/var/lib/skiff/agent/containerd',
  stateDir: '/run/skiff/containerd',
  socket: '/run/skiff/containerd/containerd.sock',
  sandboxImage: 'skiff.local/pause:3.9',
  cniBinDir: '/usr/lib/cni',
  cniConfDir: '/var/lib/skiff/agent/cni/net.d',
  certsDir: '/var/lib/skiff/agent/certs.d',
};

/** A tiny reader for the TOML subset we emit: [table] headers and key = value lines. */
function parse(toml: string): Map<string, string> {
  const out = new Map<string, string>();
  let table = '';
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const t = /^\[(.+)\]$/.exec(line);
    if (t) { table = t[1]!; continue; }
    const kv = /^([A-Za-z_]+) = (.+)$/.exec(line);
    assert.ok(kv, `unexpected TOML line: ${line}`);
    const key = table ? `${table}.${kv[1]}` : kv[1]!;
    assert.ok(!out.has(key), `duplicate key ${key}`);
    out.set(key, kv[2]!);
  }
  return out;
}

const CRI = 'plugins."io.containerd.grpc.v1.cri"';

test('renderContainerdConfig writes version 2 with root, state and socket', () => {
  const c = parse(renderContainerdConfig(opts));
  assert.equal(c.get('version'), '2');
  assert.equal(c.get('root'), '"/var/lib/skiff/agent/containerd"');
  assert.equal(c.get('state'), '"/run/skiff/containerd"');
  assert.equal(c.get('grpc.address'), '"/run/skiff/containerd/containerd.sock"');
  assert.equal(c.get('plugins."io.containerd.internal.v1.opt".path'), '"/var/lib/skiff/agent/containerd/opt"');
});

test('renderContainerdConfig sets the CRI settings these machines need', () => {
  const c = parse(renderContainerdConfig(opts));
  assert.equal(c.get(`${CRI}.sandbox_image`), '"skiff.local/pause:3.9"');
  assert.equal(c.get(`${CRI}.restrict_oom_score_adj`), 'true');
  assert.equal(c.get(`${CRI}.stream_server_address`), '"127.0.0.1"');
  assert.equal(c.get(`${CRI}.stream_server_port`), '"0"');
  assert.equal(c.get(`${CRI}.netns_mounts_under_state_dir`), 'true');
  assert.equal(c.get(`${CRI}.containerd.snapshotter`), '"overlayfs"');
  assert.equal(c.get(`${CRI}.containerd.runtimes.runc.runtime_type`), '"io.containerd.runc.v2"');
  assert.equal(c.get(`${CRI}.containerd.runtimes.runc.options.SystemdCgroup`), 'false');
  assert.equal(c.get(`${CRI}.cni.bin_dir`), '"/usr/lib/cni"');
  assert.equal(c.get(`${CRI}.cni.conf_dir`), '"/var/lib/skiff/agent/cni/net.d"');
  assert.equal(c.get(`${CRI}.registry.config_path`), '"/var/lib/skiff/agent/certs.d"');
});

test('renderContainerdConfig honours the native snapshotter and escapes strings', () => {
  const c = parse(renderContainerdConfig({ ...opts, snapshotter: 'native', dataDir: '/tmp/a "b"\\c' }));
  assert.equal(c.get(`${CRI}.containerd.snapshotter`), '"native"');
  assert.equal(c.get('root'), '"/tmp/a \\"b\\"\\\\c"');
});
