import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criTarget } from './endpoint.js';

test('criTarget accepts unix URLs and absolute paths', () => {
  assert.equal(criTarget('unix:///run/skiff/containerd/containerd.sock'), 'unix:///run/skiff/containerd/containerd.sock');
  assert.equal(criTarget('/run/containerd/containerd.sock'), 'unix:///run/containerd/containerd.sock');
  assert.equal(criTarget('unix:/run/x.sock'), 'unix:///run/x.sock');
});

test('criTarget rejects relative paths and other schemes', () => {
  assert.throws(() => criTarget('containerd.sock'), /Invalid container runtime endpoint "containerd.sock"/);
  assert.throws(() => criTarget('tcp://127.0.0.1:1234'), /Invalid container runtime endpoint/);
  assert.throws(() => criTarget('unix://'), /Invalid container runtime endpoint/);
});
