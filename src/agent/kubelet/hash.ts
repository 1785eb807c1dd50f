// The spec hash stored on each container at creation, compared on every sync: a changed container definition means
// the container is restarted (the kubelet's containerChanged). FNV-1a 64 over a canonical JSON of the spec.
import type { Container } from 'kubernetes-types/core/v1.js';

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Stable hex hash of a container spec; key order and undefined fields do not matter. */
export function containerHash(container: Container): string {
  const s = canonical(container);
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16);
}
