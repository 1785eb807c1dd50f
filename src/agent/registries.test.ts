import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegistries } from './registries.js';

test('registries.yaml: http:// mirror endpoints make a registry plain-HTTP', () => {
  const d = mkdtempSync(join(tmpdir(), 'skiff-reg-'));
  try {
    const f = join(d, 'registries.yaml');
    writeFileSync(f, 'mirrors:\n  "127.0.0.1:5000":\n    endpoint: ["http://127.0.0.1:5000"]\n  registry.example:\n    endpoint: ["https://mirror.example"]\n');
    assert.deepEqual(readRegistries(f), [{ host: '127.0.0.1:5000', plainHttp: true }, { host: 'registry.example', plainHttp: false }]);
    writeFileSync(f, 'mirrors: [');
    assert.throws(() => readRegistries(f), /--private-registry .*registries\.yaml/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
