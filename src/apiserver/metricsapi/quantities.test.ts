import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuQuantity, memoryQuantity } from './quantities.js';

test('cpuQuantity renders nano-cores as a canonical DecimalSI quantity', () => {
  assert.equal(cpuQuantity(156133), '156133n');
  assert.equal(cpuQuantity(156133000), '156133u');
  assert.equal(cpuQuantity(3_000_000), '3m');
  assert.equal(cpuQuantity(2_500_000_000), '2500m');
  assert.equal(cpuQuantity(1_000_000_000), '1');
  assert.equal(cpuQuantity(12_000_000_000), '12');
  assert.equal(cpuQuantity(0), '0');
  assert.equal(cpuQuantity(-5), '0');
  assert.equal(cpuQuantity(1234.6), '1235n');
});

test('memoryQuantity renders bytes as a canonical BinarySI quantity', () => {
  assert.equal(memoryQuantity(12 * 1024 * 1024), '12Mi');
  assert.equal(memoryQuantity(1661472768), '1622532Ki');
  assert.equal(memoryQuantity(2 * 1024 ** 3), '2Gi');
  assert.equal(memoryQuantity(1500), '1500');
  // below 1024 Go falls back to DecimalSI
  assert.equal(memoryQuantity(1000), '1k');
  assert.equal(memoryQuantity(0), '0');
});
