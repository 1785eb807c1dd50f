// Reads the server's own request counters (/metrics, apiserver_request_total) so a benchmark can say which requests
// the server handled during a phase — its own clients' too (scheduler, controllers, simulator), which the benchmark
// client cannot see.
import type { BenchClient } from './client.js';

/** "VERB resource[/subresource]" → requests (all response codes). */
export type RequestCounts = Record<string, number>;

export async function requestCounts(client: BenchClient): Promise<RequestCounts> {
  const r = await client.request('GET', '/metrics');
  if (r.status !== 200) throw new Error(`GET /metrics: ${r.status}`);
  const out: RequestCounts = {};
  for (const line of r.body.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const k = `${labels.verb} ${labels.resource || '(non-resource)'}${labels.subresource ? `/${labels.subresource}` : ''}`;
    out[k] = (out[k] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return out;
}

/** after − before, largest first, dropping zeros. */
export function countsDelta(before: RequestCounts, after: RequestCounts): RequestCounts {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]));
}
