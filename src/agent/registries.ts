// k3s' registries.yaml, the part Skiff honours: `mirrors.<host>.endpoint` entries with an http:// URL make that
// registry plain-HTTP (e.g. a local registry on 127.0.0.1:5000); `configs.<host>.tls.insecure_skip_verify` is
// accepted but not needed for http.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RegistryHost } from './containerd/index.js';

export function readRegistries(file: string): RegistryHost[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--private-registry ${file}: ${(e as Error).message}`);
  }
  const mirrors = (doc as { mirrors?: Record<string, { endpoint?: unknown }> } | null)?.mirrors ?? {};
  const out: RegistryHost[] = [];
  for (const [host, m] of Object.entries(mirrors)) {
    const eps = Array.isArray(m?.endpoint) ? m.endpoint.filter((e): e is string => typeof e === 'string') : [];
    const plain = eps.some((e) => e.startsWith('http://'));
    out.push({ host, plainHttp: plain });
  }
  return out;
}
