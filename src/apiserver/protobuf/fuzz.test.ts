// Malformed input must end in a 400 ApiError or a JSON-serialisable object: never another exception, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../machinery/errors.js';
import { decodeK8sProtobuf } from './decode.js';
import { encodeK8sProtobuf } from './testing.js';
import { KUBECTL_133_CAPTURES } from './testdata/kubectl-1.33.js';

/** mulberry32: a small seeded PRNG so every run tries the same cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The captures the exhaustive (per byte) tests walk: one per message family, so the suite stays well under a second each. */
const FUZZED_CAPTURES = /create (deployment|ingress ing2|cronjob|job job2|poddisruptionbudget|clusterrole cr2|service clusterip)|create token|can-i --list|autoscale/;

function samples(): Buffer[] {
  const meta = { name: 'web', namespace: 'default', generateName: '', creationTimestamp: {}, labels: { app: 'web' }, ownerReferences: [{ kind: 'X', name: 'y', uid: 'u', apiVersion: 'v1', controller: true }] };
  const json = (v: unknown): { raw: Buffer } => ({ raw: Buffer.from(JSON.stringify(v)) });
  return [
    ...KUBECTL_133_CAPTURES.filter((c) => FUZZED_CAPTURES.test(c.command)).map((c) => Buffer.from(c.protobufBase64, 'base64')),
    encodeK8sProtobuf('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition', {
      metadata: { name: 'w.example.com' },
      spec: { group: 'example.com', versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: {
        type: 'object', properties: { spec: { type: 'object', default: json({}), properties: { n: { type: 'integer', maximum: 3.5, enum: [json(1)] } },
          additionalProperties: { allows: true, schema: { type: 'string' } }, items: { jSONSchemas: [{ type: 'string' }] }, dependencies: { n: { property: ['m'] } } } },
      } } }] },
    }),
    encodeK8sProtobuf('v1', 'Secret', 'k8s.io.api.core.v1.Secret', { metadata: meta, data: { release: Buffer.alloc(40, 7) }, type: 'helm.sh/release.v1' }),
    encodeK8sProtobuf('v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', { propagationPolicy: 'Background', gracePeriodSeconds: 5 }),
    encodeK8sProtobuf('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: meta,
      spec: {
        replicas: 2, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] },
        template: { metadata: meta, spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: { string: '1' } } }, ports: [{ containerPort: 80 }], livenessProbe: { handler: { httpGet: { port: { type: 1, strVal: 'http' } } } } }] } },
        strategy: { rollingUpdate: { maxSurge: { type: 0, intVal: 1 } } },
      },
    }),
    encodeK8sProtobuf('coordination.k8s.io/v1', 'Lease', 'k8s.io.api.coordination.v1.Lease', { metadata: meta, spec: { renewTime: { seconds: 1700000000, nanos: 1000 }, leaseDurationSeconds: 40 } }),
  ];
}

function check(body: Buffer): 'ok' | 'rejected' {
  try {
    const obj = decodeK8sProtobuf(body);
    JSON.stringify(obj);
    assert.equal(typeof obj.kind, 'string');
    return 'ok';
  } catch (e) {
    if (e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest' && e.message.length > 0) return 'rejected';
    throw new Error(`input ${body.toString('hex')} raised ${String(e)}`);
  }
}

test('decodeK8sProtobuf rejects or decodes every truncation of valid bodies', () => {
  let rejected = 0;
  for (const s of samples()) {
    assert.equal(check(s), 'ok');
    for (let n = 0; n < s.length; n++) if (check(s.subarray(0, n)) === 'rejected') rejected++;
  }
  assert.ok(rejected > 100, `only ${rejected} truncations rejected`);
});

test('decodeK8sProtobuf survives single-bit flips (bits 0, 3, 6, 7) at every byte of valid bodies', () => {
  let cases = 0;
  for (const s of samples()) {
    for (let i = 0; i < s.length; i++) {
      for (const bit of [0, 3, 6, 7]) {
        const b = Buffer.from(s);
        b[i] = b[i]! ^ (1 << bit);
        check(b);
        cases++;
      }
    }
  }
  assert.ok(cases > 3000, `only ${cases} cases`);
});

test('decodeK8sProtobuf survives random bytes and random corruption of valid bodies', () => {
  const rand = rng(42);
  const magic = Buffer.from('k8s\0');
  const bodies = samples();
  for (let i = 0; i < 1500; i++) {
    const len = Math.floor(rand() * 200);
    const junk = Buffer.alloc(len);
    for (let j = 0; j < len; j++) junk[j] = Math.floor(rand() * 256);
    check(i % 2 ? Buffer.concat([magic, junk]) : junk);
    const base = Buffer.from(bodies[i % bodies.length]!);
    const edits = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < edits; k++) base[4 + Math.floor(rand() * (base.length - 4))] = Math.floor(rand() * 256);
    check(base);
  }
});

test('decodeK8sProtobuf rejects lengths beyond the body and varints longer than 10 bytes', () => {
  const magic = Buffer.from('k8s\0');
  const hugeLen = Buffer.concat([magic, Buffer.from([0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]);
  assert.throws(() => decodeK8sProtobuf(hugeLen), /length 18446744073709552000 at byte 5 exceeds the 0 remaining bytes/);
  const overlong = Buffer.concat([magic, Buffer.from([0x12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])]);
  assert.throws(() => decodeK8sProtobuf(overlong), /varint longer than 10 bytes at byte 5/);
});
