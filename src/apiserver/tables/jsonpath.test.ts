import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileJSONPath } from './jsonpath.js';

const obj = {
  metadata: { name: 'db', annotations: { 'example.com/owner': 'team-a' } },
  spec: { replicas: 3, ports: [{ port: 80 }, { port: 443 }] },
  status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True', reason: 'Up' }] },
};

test('compileJSONPath evaluates the printer-column subset', () => {
  const cases: [string, unknown[]][] = [
    ['.spec.replicas', [3]],
    ['{.spec.replicas}', [3]],
    ['.spec.ports[1].port', [443]],
    ['.spec.ports[*].port', [80, 443]],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type=='Synced')].status", ['False']],
    ['.status.conditions[?(@.type!="Ready")].type', ['Synced']],
    ['.status.conditions[?(@.reason)].type', ['Ready']],
    [".metadata.annotations['example.com/owner']", ['team-a']],
    ['.metadata.annotations.example\\.com/owner', ['team-a']],
    ['.spec.missing', []],
    ['.status.conditions[5]', []],
  ];
  for (const [path, want] of cases) assert.deepEqual(compileJSONPath(path)(obj), want, path);
});

test('compileJSONPath rejects unsupported syntax', () => {
  assert.throws(() => compileJSONPath('.a[1:2]'));
  assert.throws(() => compileJSONPath('.a[0'));
});
