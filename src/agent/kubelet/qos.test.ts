import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container } from 'kubernetes-types/core/v1.js';
import { podQOSClass } from './qos.js';

const pod = (containers: Partial<Container>[], initContainers: Partial<Container>[] = []) => ({
  spec: { containers: containers.map((c, i) => ({ name: `c${i}`, ...c })), initContainers: initContainers.map((c, i) => ({ name: `i${i}`, ...c })) },
});

test('podQOSClass (table)', () => {
  const full = { limits: { cpu: '500m', memory: '128Mi' } };
  const cases: [string, ReturnType<typeof pod>, string][] = [
    ['no resources', pod([{}]), 'BestEffort'],
    ['zero requests only', pod([{ resources: { requests: { cpu: '0' } } }]), 'BestEffort'],
    ['only non-qos resources', pod([{ resources: { limits: { 'nvidia.com/gpu': '1' } } }]), 'BestEffort'],
    ['limits only (requests default to limits)', pod([{ resources: full }]), 'Guaranteed'],
    ['requests equal limits', pod([{ resources: { requests: { cpu: '0.5', memory: '134217728' }, ...full } }]), 'Guaranteed'],
    ['requests below limits', pod([{ resources: { requests: { cpu: '100m', memory: '128Mi' }, ...full } }]), 'Burstable'],
    ['cpu limit only', pod([{ resources: { limits: { cpu: '1' } } }]), 'Burstable'],
    ['request only', pod([{ resources: { requests: { memory: '1Gi' } } }]), 'Burstable'],
    ['one container best effort, one guaranteed', pod([{ resources: full }, {}]), 'Burstable'],
    ['init container counts', pod([{ resources: full }], [{}]), 'Burstable'],
    ['all guaranteed incl. init', pod([{ resources: full }], [{ resources: full }]), 'Guaranteed'],
  ];
  for (const [name, p, want] of cases) assert.equal(podQOSClass(p), want, name);
});
