// Small statistics helpers: nearest-rank percentiles, medians across runs, rounding for tables.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  const v = Float64Array.from(values.filter((x) => Number.isFinite(x))).sort();
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export interface LatencySummary { count: number; p50: number; p99: number; max: number; mean: number }

export function summarize(samples: readonly number[]): LatencySummary {
  let sum = 0;
  let max = -Infinity;
  for (const s of samples) { sum += s; if (s > max) max = s; }
  return { count: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples.length ? max : NaN, mean: samples.length ? sum / samples.length : NaN };
}

/** Rounds for display: 3 significant digits below 100, integers above. */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 100) return String(Math.round(x));
  return String(Number(x.toPrecision(3)));
}

/**
 * Median, field by field, of several runs of the same shape (numbers only; other fields from the first run).
 * Arrays of objects are matched by index.
 */
export function medianOfRuns<T>(runs: readonly T[]): T {
  const first = runs[0] as unknown;
  if (typeof first === 'number') return median(runs as unknown as number[]) as unknown as T;
  if (Array.isArray(first)) return first.map((_, i) => medianOfRuns(runs.map((r) => (r as unknown as unknown[])[i]))) as unknown as T;
  if (first && typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(first)) out[k] = medianOfRuns(runs.map((r) => (r as Record<string, unknown>)[k]));
    return out as T;
  }
  return first as T;
}
