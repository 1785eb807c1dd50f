// The kubelet's paths this endpoint serves, parsed into a route.
export type Route =
  | { kind: 'exec' | 'attach'; namespace: string; pod: string; container: string }
  | { kind: 'portForward'; namespace: string; pod: string }
  | { kind: 'containerLogs'; namespace: string; pod: string; container: string }
  | { kind: 'statsSummary' }
  | { kind: 'healthz' };

/** Matches `pathname` (already without the query); undefined for anything else. The UID path variants are accepted and the UID ignored. */
export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(safeDecode);
  if (parts.some((p) => p === undefined)) return undefined;
  const [head, ...rest] = parts as string[];
  switch (head) {
    case 'exec':
    case 'attach':
    case 'containerLogs':
      // /exec/{ns}/{pod}/{container} or /exec/{ns}/{pod}/{uid}/{container}
      if (rest.length === 3) return { kind: head, namespace: rest[0]!, pod: rest[1]!, container: rest[2]! };
      if (rest.length === 4 && head !== 'containerLogs') return { kind: head, namespace: rest[0]!, pod: rest[1]!, container: rest[3]! };
      return undefined;
    case 'portForward':
      if (rest.length === 2 || rest.length === 3) return { kind: 'portForward', namespace: rest[0]!, pod: rest[1]! };
      return undefined;
    case 'stats':
      return rest.length === 1 && rest[0] === 'summary' ? { kind: 'statsSummary' } : undefined;
    case 'healthz':
      return rest.length === 0 ? { kind: 'healthz' } : undefined;
    default:
      return undefined;
  }
}

function safeDecode(s: string): string | undefined {
  try { return decodeURIComponent(s); } catch { return undefined; }
}
