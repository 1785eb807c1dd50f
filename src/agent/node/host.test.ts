import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocatable, bytesQuantity, hostCapacity } from './capacity.js';
import { hostStats, parseMeminfo } from './host.js';

function fakeHost() {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-node-host-'));
  const proc = join(dir, 'proc'), sys = join(dir, 'sys');
  mkdirSync(join(proc, 'sys/kernel'), { recursive: true });
  writeFileSync(join(proc, 'cpuinfo'), 'processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n\nprocessor\t: 2\n\nprocessor\t: 3\n');
  writeFileSync(join(proc, 'meminfo'), 'MemTotal:        8137344 kB\nMemFree:          100000 kB\nMemAvailable:    4000000 kB\nHugePages_Total:       2\nHugepagesize:       2048 kB\n');
  writeFileSync(join(proc, 'sys/kernel/pid_max'), '4194304\n');
  writeFileSync(join(proc, 'loadavg'), '0.10 0.20 0.30 2/169 1729\n');
  for (const [d, nr] of [['hugepages-2048kB', '2'], ['hugepages-1048576kB', '0']] as const) {
    mkdirSync(join(sys, 'kernel/mm/hugepages', d), { recursive: true });
    writeFileSync(join(sys, 'kernel/mm/hugepages', d, 'nr_hugepages'), `${nr}\n`);
  }
  return { dir, proc, sys, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('hostCapacity reads CPUs, MemTotal, hugepage pools and the data dir filesystem', () => {
  const h = fakeHost();
  try {
    const cap = hostCapacity({ procRoot: h.proc, sysRoot: h.sys, rootDir: h.dir });
    assert.equal(cap.cpu, '4');
    assert.equal(cap.memory, '8137344Ki');
    assert.equal(cap.pods, '110');
    assert.equal(cap['hugepages-2Mi'], '4Mi');
    assert.equal(cap['hugepages-1Gi'], '0');
    const stats = hostStats({ procRoot: h.proc, rootDir: h.dir });
    assert.equal(cap['ephemeral-storage'], bytesQuantity(stats.fs.capacityBytes));
    assert.ok(stats.fs.capacityBytes > 0 && stats.fs.availableBytes <= stats.fs.capacityBytes);
    assert.deepEqual([stats.memoryAvailableBytes, stats.pidsAvailable], [4000000 * 1024, 4194304 - 169]);
  } finally { h.done(); }
});

test('allocatable subtracts reserved, the 100Mi memory and 10% nodefs eviction thresholds, and hugepages', () => {
  const cap = { cpu: '4', memory: '8137344Ki', 'ephemeral-storage': '1000000Ki', pods: '110', 'hugepages-2Mi': '4Mi' };
  assert.deepEqual(allocatable(cap), { cpu: '4', memory: `${8137344 - 102400 - 4096}Ki`, 'ephemeral-storage': '900000Ki', pods: '110', 'hugepages-2Mi': '4Mi' });
  const r = allocatable(cap, { reserved: { cpu: '250m', memory: '1Gi', pods: '10' }, evictionMemoryAvailable: '0', evictionNodefsAvailableFraction: 0 });
  assert.deepEqual([r.cpu, r.memory, r['ephemeral-storage'], r.pods], ['3750m', `${8137344 - 1048576 - 4096}Ki`, '1000000Ki', '100']);
  assert.equal(allocatable({ memory: '50Mi' }).memory, '0', 'never negative');
});

test('parseMeminfo scales kB values and keeps counts', () => {
  const m = parseMeminfo('MemTotal: 10 kB\nHugePages_Total: 3\n');
  assert.deepEqual([m.get('MemTotal'), m.get('HugePages_Total')], [10240, 3]);
});
