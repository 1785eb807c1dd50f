// Pod template hashing and semantic template equality (controller.ComputeHash, deploymentutil.EqualIgnoreHash).
//
// Kubernetes hashes a go-spew deep print of the Go struct with FNV-32a. We hash a canonical JSON print instead:
// the template is normalized (null, undefined, "", {} and [] removed recursively, pod-template-hash label dropped),
// printed with object keys sorted, and fed to FNV-32a as UTF-8; a collisionCount, when set, is appended as 4
// little-endian bytes, as Kubernetes does. The 32-bit sum is printed in decimal and each digit mapped through
// rand.SafeEncodeString's alphabet, so names look like Kubernetes' (`web-6d4cf56db6`) but are not the same strings.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { jsonClone } from '../../machinery/jsonclone.js';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** rand.SafeEncodeString's alphabet: no vowels, no confusable characters. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Normalize a JSON value the way Go's semantic equality sees it: unset, null, empty string, empty object and empty
 * array are all "absent". Booleans and numbers are kept (false/0 can differ from unset for pointer fields).
 */
export function normalizeJson(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined;
  if (Array.isArray(v)) {
    const arr = v.map((x) => normalizeJson(x) ?? {});
    return arr.length === 0 ? undefined : arr;
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const n = normalizeJson((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** The template without the pod-template-hash label, normalized (keys sorted). */
export function normalizeTemplate(t: PodTemplateSpec | undefined): unknown {
  const copy = jsonClone(t ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return normalizeJson(copy) ?? {};
}

/** EqualIgnoreHash: the two templates are semantically equal, ignoring the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return JSON.stringify(normalizeTemplate(a)) === JSON.stringify(normalizeTemplate(b));
}

function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** controller.ComputeHash: a stable, deterministic name suffix for a pod template (see the file comment). */
export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(JSON.stringify(normalizeTemplate(template))));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return [...String(h)].map((c) => SAFE_ALPHANUMS[c.charCodeAt(0) % SAFE_ALPHANUMS.length]).join('');
}
