import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHostsToml, writeRegistryMirrors } from './registries.js';

test('renderHostsToml points plain-http registries at http://', () => {
  const t = renderHostsToml({ host: '127.0.0.1:5000', plainHttp: true });
  assert.match(t, /^server = "http:\/\/127\.0\.0\.1:5000"$/m);
  assert.match(t, /^\[host\."http:\/\/127\.0\.0\.1:5000"\]$/m);
  assert.match(t, /capabilities = \["pull", "resolve", "push"\]/);
  assert.match(renderHostsToml({ host: 'reg.example', plainHttp: false }), /^server = "https:\/\/reg\.example"$/m);
});

test('writeRegistryMirrors writes <certsDir>/<host>/hosts.toml and rejects bad hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-certsd-test-'));
  try {
    const files = writeRegistryMirrors(dir, [{ host: '127.0.0.1:5000', plainHttp: true }, { host: '[::1]:5001', plainHttp: true }]);
    assert.deepEqual(files, [join(dir, '127.0.0.1:5000', 'hosts.toml'), join(dir, '[::1]:5001', 'hosts.toml')]);
    assert.match(readFileSync(files[0]!, 'utf8'), /server = "http:\/\/127\.0\.0\.1:5000"/);
    assert.throws(() => writeRegistryMirrors(dir, [{ host: '../etc', plainHttp: true }]), /Invalid registry host "\.\.\/etc"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
