// Scrape on demand, remember for a while: each node's summary (or its failure) is kept `ttlMs`, and concurrent
// requests for one node share a single scrape. metrics-server scrapes every 15 s in the background; answering from
// a short cache gives clients the same freshness without a loop that runs when nobody asks.
import type { Clock } from '../../machinery/clock.js';
import type { Summary } from './summary.js';
import type { SummarySource } from './source.js';

export interface Scrape {
  /** undefined when the node could not be scraped (it is then left out, as metrics-server does). */
  summary?: Summary;
  error?: string;
  /** When the scrape finished. */
  atMs: number;
}

export interface SummaryCacheOptions {
  source: SummarySource;
  clock: Clock;
  /** @default 10000 */
  ttlMs?: number;
  /** Called once per failed scrape. */
  onError?: (nodeName: string, error: string) => void;
}

export class SummaryCache {
  private readonly entries = new Map<string, { atMs: number; pending: Promise<Scrape> }>();
  private readonly ttlMs: number;

  constructor(private readonly opts: SummaryCacheOptions) {
    this.ttlMs = opts.ttlMs ?? 10_000;
  }

  /** The node's summary, scraped now unless a scrape started less than ttlMs ago. Never rejects. */
  get(nodeName: string): Promise<Scrape> {
    const now = this.opts.clock.now();
    const hit = this.entries.get(nodeName);
    if (hit && now - hit.atMs < this.ttlMs) return hit.pending;
    const pending = this.opts.source.summary(nodeName).then(
      (summary) => ({ summary, atMs: this.opts.clock.now() }),
      (e: unknown) => {
        const error = e instanceof Error ? e.message : String(e);
        this.opts.onError?.(nodeName, error);
        return { error, atMs: this.opts.clock.now() };
      },
    );
    this.entries.set(nodeName, { atMs: now, pending });
    return pending;
  }

  /** Summaries of several nodes, scraped in parallel; unreachable nodes are absent from the map. */
  async getMany(nodeNames: Iterable<string>): Promise<Map<string, Scrape & { summary: Summary }>> {
    const names = [...new Set(nodeNames)];
    const got = await Promise.all(names.map((n) => this.get(n)));
    const out = new Map<string, Scrape & { summary: Summary }>();
    names.forEach((n, i) => { const s = got[i]!; if (s.summary) out.set(n, s as Scrape & { summary: Summary }); });
    return out;
  }

  /** Drops entries of nodes not in `keep` (call with the current node names to bound memory). */
  retain(keep: Set<string>): void {
    for (const k of this.entries.keys()) if (!keep.has(k)) this.entries.delete(k);
  }
}
