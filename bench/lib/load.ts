// Closed-loop load: N workers each issue one operation, wait for it, issue the next — until a count or a time
// limit is reached (both always bounded). Latency is measured per operation on the monotonic clock.
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './stats.js';

export interface ClosedLoopOptions {
  concurrency: number;
  /** Stop issuing after this long. */
  durationMs: number;
  /** Stop issuing after this many operations. */
  maxOps: number;
  /** One operation; `i` is its sequence number. Throw (or reject) to count an error. */
  op(i: number): Promise<void>;
}

export interface ClosedLoopResult {
  concurrency: number;
  ops: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

export async function closedLoop(o: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + o.durationMs;
  const worker = async () => {
    while (next < o.maxOps && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await o.op(i);
        lat.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { concurrency: o.concurrency, ops: lat.length, errors, firstError, seconds, perSecond: lat.length / seconds, latencyMs: summarize(lat) };
}
